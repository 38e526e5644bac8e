import { defineProject } from 'vitest/config';
import { sharedTestOptions, workspaceAliases, workspaceSetupFiles } from '../../vitest.shared.js';

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: {
    ...sharedTestOptions,
    // Every fault through every path, one after another: a minute on a loaded two-core machine.
    testTimeout: 300_000,
    name: 'fault-answers',
    include: ['test/**/*.test.ts'],
    setupFiles: workspaceSetupFiles,
  },
});
