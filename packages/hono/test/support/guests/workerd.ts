// Runs on Cloudflare's workerd: the Worker module (this file, bundled with the app).
// Workers forbid timers and randomness at module scope: the app is made by the first request.
import type { ExecutionContext, Hono } from 'hono';
import type { CloudTokenEnv } from '../../../src/index.js';
import { conformanceApp } from '../conformance-app.js';
import { settingsFrom } from './settings.js';

let app: Hono<CloudTokenEnv> | undefined;

export default {
  fetch(request: Request, env: Record<string, string>, ctx: ExecutionContext) {
    const served = app ?? conformanceApp(settingsFrom((name) => env[name])).app;
    app = served;
    return served.fetch(request, env, ctx);
  },
};
