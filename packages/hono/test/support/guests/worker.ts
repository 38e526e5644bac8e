import type { CloudTokenEnv } from '@cloud-token/hono';
import type { ExecutionContext, Hono } from 'hono';
import { createApp, settingsFrom } from './app.js';

// Workers forbid timers and randomness at module scope: the first request makes the app.
let app: Hono<CloudTokenEnv> | undefined;

export default {
  fetch(request: Request, env: Record<string, string>, ctx: ExecutionContext) {
    const served = app ?? createApp(settingsFrom((name) => env[name])).app;
    app = served;
    return served.fetch(request, env, ctx);
  },
};
