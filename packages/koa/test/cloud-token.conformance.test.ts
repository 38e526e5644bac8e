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
} from '@cloud-token/koa';
import * as vitest from 'vitest';
import { koaVersions } from './support/koa-versions.js';

for (const [name, Koa] of koaVersions) {
  runServerAdapterConformance(vitest, {
    name,
    async mount({ credentials, baseUrl, proxyTarget, clock }) {
      const source = createTokenSource(clientCredentials(credentials), { clock });
      const middleware = cloudToken({ source, baseUrl, clock });
      const proxy = cloudTokenProxy({ source, target: proxyTarget, prefix: '/proxy', clock });
      const readiness = cloudTokenReadiness(source);
      const app = new Koa();
      // What Koa would print (a cloud that breaks off mid-answer) is the suite's business, not stderr's.
      app.silent = true;
      app.use(cloudTokenErrorHandler());
      app.use(proxy);
      app.use(middleware);
      app.use(async (ctx, next) => {
        if (ctx.path === '/readyz') return readiness(ctx, next);
        if (ctx.path !== '/call') return next();
        const { url, init } = await readConformanceCall(ctx.req);
        await sendCloudAnswer(ctx, await getCloudToken(ctx).fetch(url, init));
      });
      const server = await listenOnLoopback(app.callback());
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
