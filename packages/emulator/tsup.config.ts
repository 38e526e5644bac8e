import { defineConfig } from 'tsup';

export default defineConfig({
  // The CLI is the package's `bin`: bundled from the same sources, shebang kept.
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts', cli: 'src/cli.ts' },
  format: ['esm', 'cjs'],
  // One copy of the emulator shared by every entry, in CJS too (esbuild splits only ESM by
  // default), so `InvalidOptionsError` from `./testing` is the one `.` exports.
  splitting: true,
  dts: { entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' } },
  clean: true,
  target: 'node20',
  platform: 'node',
});
