import { defineProject } from 'vitest/config';
import { workspaceAliases, workspaceSetupFiles } from '../../vitest.shared.js';

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: {
    name: 'core',
    include: ['test/**/*.test.ts'],
    setupFiles: workspaceSetupFiles,
  },
});
