import { defineProject } from 'vitest/config';
import { excludeWhenNodeDependentOnly, sharedTestOptions } from '../../vitest.shared.js';

// No workspace aliases here: these tests load the packed tarballs, never the sources.
export default defineProject({
  test: {
    ...sharedTestOptions,
    name: 'packaging-test',
    include: ['test/**/*.test.ts'],
    // What TypeScript 5.9 and 7 read of the packed types (the workspace's @types/node, not the
    // running Node's): once per CI run (see vitest.shared.ts). Loading the tarballs runs on every Node.
    exclude: excludeWhenNodeDependentOnly(['test/typescript-consumers.test.ts']),
    globalSetup: ['test/global-setup.ts'],
    // A test here runs node or tsc as a child process; a cold tsc takes seconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
