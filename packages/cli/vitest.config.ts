import { defineProject } from 'vitest/config';
import { sharedTestOptions, workspaceAliases, workspaceSetupFiles } from '../../vitest.shared.js';

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: {
    ...sharedTestOptions,
    name: 'cli',
    include: ['test/**/*.test.ts'],
    setupFiles: workspaceSetupFiles,
    // The tests run the built bin as a user runs it: build it (and what it imports) when stale.
    globalSetup: ['test/support/build-bin.ts'],
  },
});
