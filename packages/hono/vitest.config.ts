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
    name: 'hono',
    include: ['test/**/*.test.ts'],
    // Hono on Bun, Deno and workerd, no Node: once per CI run (see vitest.shared.ts).
    // Hono on Node runs on every Node (cloud-token.conformance.test.ts).
    exclude: excludeWhenNodeDependentOnly([
      'test/runtimes.conformance.test.ts',
      'test/workerd.test.ts',
    ]),
    setupFiles: workspaceSetupFiles,
  },
});
