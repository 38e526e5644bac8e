import { defineProject } from 'vitest/config';
import { sharedTestOptions, workspaceAliases, workspaceSetupFiles } from '../../vitest.shared.js';

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: {
    ...sharedTestOptions,
    name: 'redis',
    include: ['test/**/*.test.ts'],
    setupFiles: workspaceSetupFiles,
    // A rejection nobody handles fails the run, in the test workers as in the fleet's processes.
    execArgv: ['--unhandled-rejections=strict'],
  },
});
