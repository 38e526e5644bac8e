import { defineConfig } from 'tsup';

export default defineConfig({
  // `env` only declares the opt-in global typing of `req.cloudToken`; it is its own entry so
  // that `@cloud-token/express/env` resolves in ESM and CJS alike.
  entry: { index: 'src/index.ts', env: 'src/env.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node20',
  platform: 'node',
});
