import { readConformanceCall, runServerAdapterConformance } from '@cloud-token/core/testing';
import {
  cloudToken,
  cloudTokenProxy,
  cloudTokenReadiness,
  sendCloudAnswer,
} from '@cloud-token/fastify';
import * as vitest from 'vitest';
import { fastifyVersions } from './support/fastify-versions.js';
import { listen } from './support/listen.js';

for (const [name, Fastify] of fastifyVersions) {
  runServerAdapterConformance(vitest, {
    name,
    async mount({ credentials, baseUrl, proxyTarget, clock }) {
      const app = Fastify();
      // The plugin makes the source from the credentials and closes it on app.close().
      await app.register(cloudToken, { ...credentials, baseUrl, clock });
      await app.register(cloudTokenProxy, {
        prefix: '/proxy',
        target: proxyTarget,
        source: app.cloudToken,
        clock,
      });
      app.get('/readyz', cloudTokenReadiness(app.cloudToken));
      await app.register(async (calls) => {
        // readConformanceCall reads the raw body: no parser may read it first.
        calls.removeAllContentTypeParsers();
        calls.addContentTypeParser('*', (_request, _payload, done) => done(null));
        calls.all('/call', async (request, reply) => {
          const { url, init } = await readConformanceCall(request.raw);
          return sendCloudAnswer(reply, await request.cloudToken.fetch(url, init));
        });
      });
      const url = await listen(app);
      return { url, close: () => app.close() };
    },
  });
}
