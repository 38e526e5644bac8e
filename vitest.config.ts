import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'packages/*',
      // @cloud-token/nestjs runs as one project per NestJS major.
      '!packages/nestjs',
      'packages/nestjs/vitest.nest11.config.ts',
      'packages/nestjs/vitest.nest12.config.ts',
      'apps/*',
    ],
  },
});
