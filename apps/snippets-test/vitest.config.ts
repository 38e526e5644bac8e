import { defineProject } from 'vitest/config';
import { excludeWhenNodeDependentOnly, sharedTestOptions } from '../../vitest.shared.js';

export default defineProject({
  test: {
    ...sharedTestOptions,
    name: 'snippets-test',
    include: ['test/**/*.test.ts'],
    // tsc on the docs' snippets: once per CI run (see vitest.shared.ts). The testing recipe,
    // which runs, runs on every Node.
    exclude: excludeWhenNodeDependentOnly(['test/readme-snippets.test.ts']),
    // One tsc run over every snippet: a cold tsc takes seconds, more on a loaded machine.
    testTimeout: 180_000,
  },
});
