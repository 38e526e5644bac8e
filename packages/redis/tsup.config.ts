import { defineConfig } from 'tsup';

export default defineConfig({
  // `./testing` starts real Redis servers for tests (this package's and its users').
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node20',
  platform: 'node',
});
