import { defineProject } from 'vitest/config';
import { sharedTestOptions, workspaceAliases, workspaceSetupFiles } from '../../vitest.shared.js';

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: {
    ...sharedTestOptions,
    name: 'sdk',
    include: ['test/**/*.test.ts'],
    setupFiles: workspaceSetupFiles,
  },
});
