import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientCredentials, createTokenSource } from '@cloud-token/core';
import {
  createReadinessHandler,
  createRequestClients,
  createRequestForwarder,
  sendCloudAnswer,
  sendProblem,
  toProblemDetails,
} from '@cloud-token/core/node';
import {
  type ConformanceMountSetup,
  listenOnLoopback,
  type MountedApp,
  readConformanceCall,
  runServerAdapterConformance,
} from '@cloud-token/core/testing';
import * as vitest from 'vitest';

/** The smallest server adapter: a bare node:http handler on the core's Node pieces. */
async function mount(setup: ConformanceMountSetup): Promise<MountedApp> {
  const { credentials, baseUrl, proxyTarget, clock } = setup;
  const source = createTokenSource(clientCredentials(credentials), { clock });
  const clients = createRequestClients({ source, baseUrl, clock });
  const forwarder = createRequestForwarder({ source, target: proxyTarget, clock });
  const readiness = createReadinessHandler(source);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '/';
    if (path === '/readyz') return readiness(req, res);
    if (path.startsWith('/proxy/')) return forwarder.forward(req, res, path.slice('/proxy'.length));
    if (path.startsWith('/call?')) {
      const { url, init } = await readConformanceCall(req);
      return sendCloudAnswer(res, await clients.forRequest(req, res).fetch(url, init));
    }
    res.writeHead(404).end();
  }

  const server = await listenOnLoopback((req, res) => {
    route(req, res).catch((error: unknown) => {
      const problem = toProblemDetails(error);
      if (res.headersSent) res.destroy();
      else if (problem === undefined) res.writeHead(500).end();
      else sendProblem(res, problem);
    });
  });
  return {
    url: server.url,
    async close() {
      await server.close();
      clients.close();
      forwarder.close();
      source.close();
    },
  };
}

runServerAdapterConformance(vitest, { name: 'node:http', mount });
