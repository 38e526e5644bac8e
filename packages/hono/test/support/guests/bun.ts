import { createApp, settingsFrom } from './app.js';

declare const Bun: {
  serve(options: {
    hostname: string;
    port: number;
    idleTimeout: number;
    fetch: (request: Request) => Response | Promise<Response>;
  }): { port: number };
};

const { app } = createApp(settingsFrom((name) => process.env[name]));
// Bun closes a connection idle for 10 s; a request of a loaded herd may wait longer (255 s is Bun's most).
const server = Bun.serve({ hostname: '127.0.0.1', port: 0, idleTimeout: 255, fetch: app.fetch });
console.log(`LISTENING ${server.port}`);
