import { defineProject } from 'vitest/config';
import {
  excludeWhenNodeDependentOnly,
  sharedTestOptions,
  workspaceAliases,
  workspaceSetupFiles,
} from '../../vitest.shared.js';

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: {
    ...sharedTestOptions,
    name: 'redis',
    include: ['test/**/*.test.ts'],
    // What Redis Cluster and Sentinel do with the store's keys and scripts: once per CI run
    // (see vitest.shared.ts). The store and the fleet on one Redis run on every Node.
    exclude: excludeWhenNodeDependentOnly(['test/cluster.test.ts', 'test/fleet.engines.test.ts']),
    setupFiles: workspaceSetupFiles,
    // A rejection nobody handles fails the run, in the test workers as in the fleet's processes.
    execArgv: ['--unhandled-rejections=strict'],
  },
});
