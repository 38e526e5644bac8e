import { listenOnLoopback } from '@cloud-token/demo-kit';
import {
  cloudToken,
  cloudTokenErrorHandler,
  cloudTokenProxy,
  getCloudToken,
  sendCloudAnswer,
} from '@cloud-token/koa';
import Koa from 'koa';
import { type AnswerPath, cloudPath } from './answer-path.js';

/** A Koa app that reports nothing on stderr: the table is about what the client gets. */
function quietKoa(): Koa {
  const app = new Koa();
  app.silent = true;
  return app;
}

/** A Koa handler that passes the cloud's answer on (`sendCloudAnswer`), below `cloudTokenErrorHandler()`. */
export const koaRoute: AnswerPath = {
  name: 'Koa route',
  async start({ apiUrl, ...credentials }) {
    const tokens = cloudToken({ ...credentials, baseUrl: apiUrl });
    const app = quietKoa()
      .use(cloudTokenErrorHandler())
      .use(tokens)
      .use(async (ctx) => {
        await sendCloudAnswer(ctx, await getCloudToken(ctx).fetch(cloudPath));
      });
    const server = await listenOnLoopback(app.callback(), () => tokens.close());
    return { url: `${server.url}/statistics`, close: () => server.close() };
  },
};

/** `cloudTokenProxy({ prefix: '/cloud' })`, below `cloudTokenErrorHandler()`. */
export const koaProxy: AnswerPath = {
  name: 'Koa proxy',
  async start({ apiUrl, ...credentials }) {
    const proxy = cloudTokenProxy({ ...credentials, target: apiUrl, prefix: '/cloud' });
    const app = quietKoa().use(cloudTokenErrorHandler()).use(proxy);
    const server = await listenOnLoopback(app.callback(), () => proxy.close());
    return { url: `${server.url}/cloud/${cloudPath}`, close: () => server.close() };
  },
};
