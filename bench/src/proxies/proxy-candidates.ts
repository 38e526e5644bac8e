import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequestForwarder, sendProblem, toProblemDetails } from '@cloud-token/core/node';
import { cloudTokenProxy as expressProxy } from '@cloud-token/express';
import { cloudTokenProxy as fastifyProxy } from '@cloud-token/fastify';
import { cloudTokenProxy as koaProxy } from '@cloud-token/koa';
import proxy from '@fastify/http-proxy';
import express from 'express';
import Fastify from 'fastify';
import { createProxyMiddleware } from 'http-proxy-middleware';
import Koa from 'koa';

/** What every candidate proxy is started with: the upstream and the emulator's credentials. */
export interface CandidateConfig {
  /** The plain upstream's origin; every candidate maps `/cloud/*` onto its `/v4.0/*`. */
  readonly upstream: string;
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** One proxy under test: started in a process of its own, it answers on the URL it resolves. */
export interface ProxyCandidate {
  /** How the suite's tables name it. */
  readonly label: string;
  /** Whether it is cloud-token's (its forwarding rules are then checks, not just printed). */
  readonly ours: boolean;
  start(config: CandidateConfig): Promise<string>;
}

/**
 * The header the peers and the bare routes add in place of a token source:
 * what users write by hand. As long as the emulator's RS256 token with its
 * `Bearer ` (777 characters), so that both sides of a comparison write,
 * validate and send the same number of header bytes.
 */
export const FIXED_AUTHORIZATION = 'Bearer bench-fixed-token.'.padEnd(777, 'x');

/** The path prefix every candidate serves, and the upstream prefix it maps onto. */
const PREFIX = '/cloud';
const UPSTREAM_PREFIX = '/v4.0';

/** Listens on a free loopback port with long keep-alive; resolves the server's URL. */
export const listen = (server: Server): Promise<string> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.keepAliveTimeout = 60_000;
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });

/**
 * The limit: a node:http server that pipes each request into `http.request`
 * (keep-alive agent) with one fixed header added, and the answer back.
 */
function nodePipe(config: CandidateConfig): Promise<string> {
  const upstream = new URL(config.upstream);
  const agent = new Agent({ keepAlive: true });
  return listen(
    createServer((req, res) => {
      const outgoing = request(
        {
          hostname: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: `${UPSTREAM_PREFIX}${(req.url ?? '/').slice(PREFIX.length)}`,
          headers: { ...req.headers, host: upstream.host, authorization: FIXED_AUTHORIZATION },
          agent,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      outgoing.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      req.pipe(outgoing);
    }),
  );
}

/** Fastify 5 with `@fastify/http-proxy` (undici underneath), the header added by its rewrite hook. */
async function fastifyHttpProxy(config: CandidateConfig): Promise<string> {
  const app = Fastify({ logger: false });
  await app.register(proxy, {
    upstream: config.upstream,
    prefix: PREFIX,
    rewritePrefix: UPSTREAM_PREFIX,
    replyOptions: {
      rewriteRequestHeaders: (_request, headers) => ({
        ...headers,
        authorization: FIXED_AUTHORIZATION,
      }),
    },
  });
  return app.listen({ host: '127.0.0.1', port: 0 });
}

/** Express 5 with `http-proxy-middleware` 3, the header set in its `proxyReq` hook. */
function expressHttpProxyMiddleware(config: CandidateConfig): Promise<string> {
  const app = express();
  app.use(
    PREFIX,
    createProxyMiddleware({
      target: `${config.upstream}${UPSTREAM_PREFIX}`,
      changeOrigin: true,
      on: {
        proxyReq: (proxyRequest) => proxyRequest.setHeader('authorization', FIXED_AUTHORIZATION),
      },
    }),
  );
  return listen(createServer(app));
}

const credentialsOf = ({ tokenUrl, clientId, clientSecret }: CandidateConfig) => ({
  tokenUrl,
  clientId,
  clientSecret,
});

function oursExpress(config: CandidateConfig): Promise<string> {
  const app = express();
  app.use(
    PREFIX,
    expressProxy({ target: `${config.upstream}${UPSTREAM_PREFIX}`, ...credentialsOf(config) }),
  );
  return listen(createServer(app));
}

/** Fastify 5 with cloudTokenProxy registered under the prefix (Fastify strips it). */
async function oursFastify(config: CandidateConfig): Promise<string> {
  const app = Fastify({ logger: false });
  await app.register(fastifyProxy, {
    prefix: PREFIX,
    target: `${config.upstream}${UPSTREAM_PREFIX}`,
    ...credentialsOf(config),
  });
  return app.listen({ host: '127.0.0.1', port: 0 });
}

function oursKoa(config: CandidateConfig): Promise<string> {
  const app = new Koa();
  app.use(
    koaProxy({
      target: `${config.upstream}${UPSTREAM_PREFIX}`,
      prefix: PREFIX,
      ...credentialsOf(config),
    }),
  );
  return listen(createServer(app.callback()));
}

function oursNode(config: CandidateConfig): Promise<string> {
  const forwarder = createRequestForwarder({
    target: `${config.upstream}${UPSTREAM_PREFIX}`,
    ...credentialsOf(config),
  });
  return listen(
    createServer((req, res) => {
      forwarder.forward(req, res, (req.url ?? '/').slice(PREFIX.length)).catch((error: unknown) => {
        const answer = toProblemDetails(error);
        if (answer !== undefined && !res.headersSent) sendProblem(res, answer);
        else res.destroy();
      });
    }),
  );
}

/** The proxies the peers suite compares, each run in a process of its own. */
export const PROXY_CANDIDATES = {
  limit: { label: 'node:http + http.request + pipe (the limit)', ours: false, start: nodePipe },
  'limit-again': { label: 'the same again (noise floor)', ours: false, start: nodePipe },
  'fastify-http-proxy': {
    label: 'Fastify 5 + @fastify/http-proxy',
    ours: false,
    start: fastifyHttpProxy,
  },
  'express-hpm': {
    label: 'Express 5 + http-proxy-middleware 3',
    ours: false,
    start: expressHttpProxyMiddleware,
  },
  'ours-express': { label: 'Express 5 + cloudTokenProxy', ours: true, start: oursExpress },
  'ours-fastify': { label: 'Fastify 5 + cloudTokenProxy', ours: true, start: oursFastify },
  'ours-koa': { label: 'Koa 3 + cloudTokenProxy', ours: true, start: oursKoa },
  'ours-node': { label: 'node:http + createRequestForwarder', ours: true, start: oursNode },
} satisfies Record<string, ProxyCandidate>;

/** A candidate's key in {@link PROXY_CANDIDATES}. */
export type CandidateName = keyof typeof PROXY_CANDIDATES;
