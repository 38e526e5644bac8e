import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'axios',
    include: ['test/**/*.test.ts'],
  },
});
