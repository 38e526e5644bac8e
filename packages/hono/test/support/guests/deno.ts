// Runs on Deno: `deno run --allow-net=127.0.0.1 --allow-env deno.mjs` (this file, bundled with the app).
import { conformanceApp } from '../conformance-app.js';
import { settingsFrom } from './settings.js';

declare const Deno: {
  env: { get(name: string): string | undefined };
  serve(
    options: { hostname: string; port: number; onListen(address: { port: number }): void },
    handler: (request: Request) => Response | Promise<Response>,
  ): unknown;
};

const { app } = conformanceApp(settingsFrom((name) => Deno.env.get(name)));
Deno.serve(
  { hostname: '127.0.0.1', port: 0, onListen: ({ port }) => console.log(`LISTENING ${port}`) },
  app.fetch,
);
