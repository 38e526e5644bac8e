import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.js';

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: {
    name: 'redis',
    include: ['test/**/*.test.ts'],
    // A rejection nobody handles fails the run, whichever process it happens in.
    execArgv: ['--unhandled-rejections=strict'],
    // Each file starts its own redis-server; the fleet tests start Node processes.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
