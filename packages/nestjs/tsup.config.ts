import { defineConfig } from 'tsup';

export default defineConfig({
  // `http` needs the optional peer @nestjs/axios; its own entry keeps it out of the main one.
  entry: { index: 'src/index.ts', http: 'src/http/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node20',
  platform: 'node',
});
