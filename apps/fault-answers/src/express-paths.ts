import { listenOnLoopback } from '@cloud-token/demo-kit';
import {
  cloudToken,
  cloudTokenErrorHandler,
  cloudTokenProxy,
  getCloudToken,
  sendCloudAnswer,
} from '@cloud-token/express';
import express from 'express';
import { type AnswerPath, cloudPath } from './answer-path.js';

/** An Express route that passes the cloud's answer on (`sendCloudAnswer`), behind `cloudTokenErrorHandler()`. */
export const expressRoute: AnswerPath = {
  name: 'Express route',
  async start({ apiUrl, ...credentials }) {
    const tokens = cloudToken({ ...credentials, baseUrl: apiUrl });
    const app = express();
    app.use(tokens);
    app.get('/statistics', async (req, res, next) => {
      try {
        await sendCloudAnswer(res, await getCloudToken(req).fetch(cloudPath));
      } catch (error) {
        next(error);
      }
    });
    app.use(cloudTokenErrorHandler());
    const server = await listenOnLoopback(app, () => tokens.close());
    return { url: `${server.url}/statistics`, close: () => server.close() };
  },
};

/** `cloudTokenProxy()` under `/cloud`, behind `cloudTokenErrorHandler()`. */
export const expressProxy: AnswerPath = {
  name: 'Express proxy',
  async start({ apiUrl, ...credentials }) {
    const proxy = cloudTokenProxy({ ...credentials, target: apiUrl });
    const app = express();
    app.use('/cloud', proxy);
    app.use(cloudTokenErrorHandler());
    const server = await listenOnLoopback(app, () => proxy.close());
    return { url: `${server.url}/cloud/${cloudPath}`, close: () => server.close() };
  },
};
