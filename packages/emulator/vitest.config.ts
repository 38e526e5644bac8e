import { defineProject } from 'vitest/config';
import { sharedTestOptions, workspaceAliases } from '../../vitest.shared.js';

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: {
    ...sharedTestOptions,
    name: 'emulator',
    include: ['test/**/*.test.ts'],
  },
});
