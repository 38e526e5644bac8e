import { defineProject } from 'vitest/config';
import {
  excludeWhenNodeDependentOnly,
  sharedTestOptions,
  workspaceAliases,
} from '../../vitest.shared.js';

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: {
    ...sharedTestOptions,
    name: 'emulator',
    include: ['test/**/*.test.ts'],
    // The console page's script in Chromium: once per CI run (see vitest.shared.ts). The page's
    // serving and the control plane its buttons call run on every Node (control-plane.test.ts).
    exclude: excludeWhenNodeDependentOnly(['test/console-page.test.ts']),
  },
});
