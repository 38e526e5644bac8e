import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'es2022',
  // Runs wherever Hono does: Node, Bun, Deno, Cloudflare Workers.
  platform: 'neutral',
});
