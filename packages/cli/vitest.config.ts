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
    name: 'cli',
    include: ['test/**/*.test.ts'],
    // A hundred processes sharing one token through Redis or a sidecar: once per CI run (see
    // vitest.shared.ts). `token` on Redis (guard-command), on a sidecar (serve-command) and the
    // fleet's lock (@cloud-token/redis's fleet tests) run on every Node.
    exclude: excludeWhenNodeDependentOnly(['test/token-command.fleet.test.ts']),
    setupFiles: workspaceSetupFiles,
    // The tests run the built bin as a user runs it: build it (and what it imports) when stale.
    globalSetup: ['test/support/build-bin.ts'],
  },
});
