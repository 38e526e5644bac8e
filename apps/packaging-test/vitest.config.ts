import { defineProject } from 'vitest/config';
import { sharedTestOptions } from '../../vitest.shared.js';

// No workspace aliases here: these tests load the packed tarballs, never the sources.
export default defineProject({
  test: {
    ...sharedTestOptions,
    name: 'packaging-test',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // A test here runs node or tsc as a child process; a cold tsc takes seconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
