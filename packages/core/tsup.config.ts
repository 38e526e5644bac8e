import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    adapter: 'src/adapter.ts',
    'node/index': 'src/node/index.ts',
    store: 'src/store.ts',
    'testing/index': 'src/testing/index.ts',
  },
  format: ['esm', 'cjs'],
  // One copy of the core shared by every entry, in CJS too (esbuild splits only ESM by default),
  // so `@cloud-token/core/node` and `@cloud-token/core` never hold two token sources' worth of classes.
  splitting: true,
  dts: true,
  clean: true,
  target: 'node20',
  platform: 'node',
});
