import { defineProject } from 'vitest/config';
import { sharedTestOptions, workspaceAliases, workspaceSetupFiles } from '../../vitest.shared.js';

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: {
    ...sharedTestOptions,
    // A tour runs every step against the emulator: a minute on a loaded two-core machine.
    testTimeout: 180_000,
    name: 'sdk-demo',
    include: ['test/**/*.test.ts'],
    setupFiles: workspaceSetupFiles,
  },
});
