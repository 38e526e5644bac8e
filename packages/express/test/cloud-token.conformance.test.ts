import {
  listenOnLoopback,
  readConformanceCall,
  runServerAdapterConformance,
} from '@cloud-token/core/testing';
import {
  clientCredentials,
  cloudToken,
  cloudTokenErrorHandler,
  cloudTokenProxy,
  cloudTokenReadiness,
  createTokenSource,
  getCloudToken,
  sendCloudAnswer,
} from '@cloud-token/express';
import * as vitest from 'vitest';
import { expressVersions } from './support/express-versions.js';

for (const [name, express] of expressVersions) {
  runServerAdapterConformance(vitest, {
    name,
    async mount({ credentials, baseUrl, proxyTarget, clock }) {
      const source = createTokenSource(clientCredentials(credentials), { clock });
      const middleware = cloudToken({ source, baseUrl, clock });
      const proxy = cloudTokenProxy({ source, target: proxyTarget, clock });
      const app = express();
      app.get('/readyz', cloudTokenReadiness(source));
      app.use('/proxy', proxy);
      // Express 4 ignores a rejected promise: every failure goes to next().
      app.all('/call', middleware, (req, res, next) => {
        readConformanceCall(req)
          .then(({ url, init }) => getCloudToken(req).fetch(url, init))
          .then((answer) => sendCloudAnswer(res, answer))
          .catch(next);
      });
      app.use(cloudTokenErrorHandler());
      const server = await listenOnLoopback(app);
      return {
        url: server.url,
        async close() {
          await server.close();
          middleware.close();
          proxy.close();
          source.close();
        },
      };
    },
  });
}
