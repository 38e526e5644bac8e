import { randomUUID } from 'node:crypto';
import { cloudToken, getCloudToken } from '@cloud-token/express';
import express, { type ErrorRequestHandler } from 'express';
import { describeAdapterInterop } from './support/describe-adapter-interop.js';
import { listenOnLoopback } from './support/listen-on-loopback.js';

describeAdapterInterop('@cloud-token/express', async ({ credentials, apiUrl }) => {
  // What the application's error handler received, by the id it answered with.
  const errors = new Map<string, unknown>();
  const middleware = cloudToken({ ...credentials, baseUrl: apiUrl });
  const app = express();
  app.use(express.text({ type: '*/*' }), middleware);
  app.use(async (req, res) => {
    const upstream = await getCloudToken(req).fetch(req.url.slice(1), {
      method: req.method,
      ...(typeof req.body === 'string' && req.body !== '' ? { body: req.body } : {}),
    });
    res
      .status(upstream.status)
      .type('json')
      .send(await upstream.text());
  });
  const handleError: ErrorRequestHandler = (error, _req, res, _next) => {
    const id = randomUUID();
    errors.set(id, error);
    res.status(500).set('x-error-id', id).end();
  };
  app.use(handleError);
  const server = await listenOnLoopback(app);
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
