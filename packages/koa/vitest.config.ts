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
    name: 'koa',
    include: ['test/**/*.test.ts'],
    // tsc on test-d/: once per CI run (see vitest.shared.ts).
    exclude: excludeWhenNodeDependentOnly(['test/types.test.ts']),
    setupFiles: workspaceSetupFiles,
  },
});
