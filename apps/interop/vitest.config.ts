import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.js';

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: {
    name: 'interop',
    include: ['test/**/*.test.ts'],
    // Real servers, real clocks: the renewal test waits for short-lived tokens to age.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
