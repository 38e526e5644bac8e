import { defineConfig } from 'tsup';

export default defineConfig({
  // The CLI is the package's `bin`: bundled from the same sources, shebang kept.
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  clean: true,
  target: 'node20',
  platform: 'node',
});
