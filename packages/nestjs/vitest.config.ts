import { defineConfig } from 'vitest/config';

// One project per NestJS major (see vitest.nest-project.ts); the root config lists the same two.
export default defineConfig({
  test: { projects: ['./vitest.nest11.config.ts', './vitest.nest12.config.ts'] },
});
