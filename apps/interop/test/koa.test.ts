import { randomUUID } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { cloudToken, getCloudToken } from '@cloud-token/koa';
import Koa from 'koa';
import { describeAdapterInterop } from './support/describe-adapter-interop.js';
import { listenOnLoopback } from './support/listen-on-loopback.js';

describeAdapterInterop('@cloud-token/koa', async ({ credentials, apiUrl }) => {
  // What the application's error middleware caught, by the id it answered with.
  const errors = new Map<string, unknown>();
  const middleware = cloudToken({ ...credentials, baseUrl: apiUrl });
  const app = new Koa();
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const id = randomUUID();
      errors.set(id, error);
      ctx.status = 500;
      ctx.set('x-error-id', id);
    }
  });
  app.use(middleware);
  app.use(async (ctx) => {
    const body = await text(ctx.req);
    const upstream = await getCloudToken(ctx).fetch(ctx.url.slice(1), {
      method: ctx.method,
      ...(body === '' ? {} : { body }),
    });
    ctx.status = upstream.status;
    ctx.type = 'json';
    ctx.body = await upstream.text();
  });
  const server = await listenOnLoopback(app.callback());
  return {
    async call(path, { method = 'GET', body } = {}) {
      const response = await fetch(`${server.origin}/${path}`, {
        method,
        ...(body === undefined ? {} : { body, headers: { 'content-type': 'text/plain' } }),
      });
      const id = response.headers.get('x-error-id');
      if (id !== null) return { error: errors.get(id) };
      return { status: response.status, answer: response.ok ? await response.json() : undefined };
    },
    async close() {
      await server.close();
      middleware.close();
    },
  };
});
