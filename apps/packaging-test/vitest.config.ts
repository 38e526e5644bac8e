import { defineProject } from 'vitest/config';

// No workspace aliases here: these tests load the packed tarballs, never the sources.
export default defineProject({
  test: {
    name: 'packaging-test',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // A test here runs node or tsc as a child process; a cold tsc takes seconds.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
