import { defineProject } from 'vitest/config';
import { sharedTestOptions } from '../../vitest.shared.js';

export default defineProject({
  test: {
    ...sharedTestOptions,
    name: 'snippets-test',
    include: ['test/**/*.test.ts'],
    // One tsc run over every snippet: a cold tsc takes seconds, more on a loaded machine.
    testTimeout: 180_000,
  },
});
