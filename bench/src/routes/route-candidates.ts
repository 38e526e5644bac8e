import 'reflect-metadata';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { clientCredentials, createAuthorizedFetch, createTokenSource } from '@cloud-token/core';
import { cloudToken as expressCloudToken, getCloudToken } from '@cloud-token/express';
import { cloudToken as fastifyCloudToken } from '@cloud-token/fastify';
import { cloudToken as koaCloudToken } from '@cloud-token/koa';
import { CloudTokenModule, CloudTokenService } from '@cloud-token/nestjs';
import { CloudTokenHttpBinding } from '@cloud-token/nestjs/http';
import { HttpService } from '@nestjs/axios';
import { NestFactory } from '@nestjs/core';
import axios from 'axios';
import express from 'express';
import Fastify, { type FastifyReply } from 'fastify';
import Koa from 'koa';
import { firstValueFrom } from 'rxjs';
import { API_PATH } from '../emulator.js';
import { type CandidateConfig, FIXED_AUTHORIZATION, listen } from '../proxies/proxy-candidates.js';

/**
 * A route that calls the cloud API and relays its JSON answer, in one
 * framework, written once with the adapter's per-request call and once with
 * the bare call and a fixed header: the pair the adapter-route suite compares.
 */
export interface RouteCandidate {
  readonly label: string;
  start(config: CandidateConfig): Promise<string>;
}

/** The path every route candidate serves. */
export const ROUTE_PATH = '/route';

const apiUrl = (config: CandidateConfig) => `${config.upstream}/v4.0/${API_PATH}`;
const baseUrl = (config: CandidateConfig) => `${config.upstream}/v4.0/`;
const credentialsOf = ({ tokenUrl, clientId, clientSecret }: CandidateConfig) => ({
  tokenUrl,
  clientId,
  clientSecret,
});

/** What every route answers: the API's status and JSON body. */
function relay(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(body);
}

/** A node:http server whose one route runs `call` and relays its answer. */
function nodeRoute(call: () => Promise<{ status: number; body: string }>): Promise<string> {
  return listen(
    createServer((_req: IncomingMessage, res: ServerResponse) => {
      call().then(
        ({ status, body }) => relay(res, status, body),
        () => res.writeHead(502).end(),
      );
    }),
  );
}

const answerOf = async (answer: Response) => ({ status: answer.status, body: await answer.text() });

/** `fetch` with a fixed header, with or without a fresh caller's signal per call. */
function bareFetch(withSignal: boolean) {
  return (config: CandidateConfig) => {
    const url = apiUrl(config);
    const headers = { authorization: FIXED_AUTHORIZATION };
    return nodeRoute(async () =>
      answerOf(
        await fetch(
          url,
          withSignal ? { headers, signal: new AbortController().signal } : { headers },
        ),
      ),
    );
  };
}

/** The core's authorized fetch, with or without a fresh caller's signal per call. */
function authorizedFetch(withSignal: boolean) {
  return (config: CandidateConfig) => {
    const source = createTokenSource(clientCredentials(credentialsOf(config)));
    const call = createAuthorizedFetch(source, { baseUrl: baseUrl(config) });
    return nodeRoute(async () =>
      answerOf(
        await call(API_PATH, withSignal ? { signal: new AbortController().signal } : undefined),
      ),
    );
  };
}

function expressBare(config: CandidateConfig): Promise<string> {
  const url = apiUrl(config);
  const app = express();
  app.get(ROUTE_PATH, async (_req, res) => {
    const answer = await fetch(url, { headers: { authorization: FIXED_AUTHORIZATION } });
    res
      .status(answer.status)
      .type('json')
      .send(await answer.text());
  });
  return listen(createServer(app));
}

function expressOurs(config: CandidateConfig): Promise<string> {
  const app = express();
  app.use(expressCloudToken({ ...credentialsOf(config), baseUrl: baseUrl(config) }));
  app.get(ROUTE_PATH, async (req, res) => {
    const answer = await getCloudToken(req).fetch(API_PATH);
    res
      .status(answer.status)
      .type('json')
      .send(await answer.text());
  });
  return listen(createServer(app));
}

function koaBare(config: CandidateConfig): Promise<string> {
  const url = apiUrl(config);
  const app = new Koa();
  app.use(async (ctx) => {
    const answer = await fetch(url, { headers: { authorization: FIXED_AUTHORIZATION } });
    ctx.status = answer.status;
    ctx.type = 'json';
    ctx.body = await answer.text();
  });
  return listen(createServer(app.callback()));
}

function koaOurs(config: CandidateConfig): Promise<string> {
  const app = new Koa();
  app.use(koaCloudToken({ ...credentialsOf(config), baseUrl: baseUrl(config) }));
  app.use(async (ctx) => {
    const answer = await ctx.state.cloudToken.fetch(API_PATH);
    ctx.status = answer.status;
    ctx.type = 'json';
    ctx.body = await answer.text();
  });
  return listen(createServer(app.callback()));
}

/** What a Fastify route answers: the API's status and JSON body, read whole. */
export async function relayFastify(answer: Response, reply: FastifyReply): Promise<string> {
  reply.code(answer.status).type('application/json');
  return answer.text();
}

/** Fastify 5, with the plugin's `request.cloudToken.fetch` or with `fetch` and a fixed header. */
function fastifyRoute(ours: boolean) {
  return async (config: CandidateConfig): Promise<string> => {
    const app = Fastify({ logger: false });
    if (ours) {
      await app.register(fastifyCloudToken, { ...credentialsOf(config), baseUrl: baseUrl(config) });
      app.get(ROUTE_PATH, async (request, reply) =>
        relayFastify(await request.cloudToken.fetch(API_PATH), reply),
      );
    } else {
      const url = apiUrl(config);
      app.get(ROUTE_PATH, async (_request, reply) =>
        relayFastify(await fetch(url, { headers: { authorization: FIXED_AUTHORIZATION } }), reply),
      );
    }
    return app.listen({ host: '127.0.0.1', port: 0 });
  };
}

/** `CloudTokenService.fetch` from a real Nest application context. */
async function nestServiceOurs(config: CandidateConfig): Promise<string> {
  const context = await NestFactory.createApplicationContext(
    CloudTokenModule.forRoot({ ...credentialsOf(config), baseUrl: baseUrl(config) }),
    { logger: false },
  );
  const service = context.get(CloudTokenService);
  return nodeRoute(async () => answerOf(await service.fetch(API_PATH)));
}

/** `HttpService.get`, each service on its own `axios.create()`, as `HttpModule.register()` gives. */
function nestHttp(ours: boolean) {
  return (config: CandidateConfig) => {
    const http = new HttpService(
      axios.create({
        baseURL: baseUrl(config),
        headers: ours ? {} : { authorization: FIXED_AUTHORIZATION },
        responseType: 'text',
      }),
    );
    if (ours) {
      const source = createTokenSource(clientCredentials(credentialsOf(config)));
      // The binding reads only the call policy from the module options; the source is given.
      const options = { baseUrl: baseUrl(config) } as ConstructorParameters<
        typeof CloudTokenHttpBinding
      >[2];
      new CloudTokenHttpBinding(http, source, options).onModuleInit();
    }
    return nodeRoute(async () => {
      const answer = await firstValueFrom(http.get<string>(API_PATH));
      return { status: answer.status, body: answer.data };
    });
  };
}

export const ROUTE_CANDIDATES = {
  'fetch-bare': { label: 'fetch + fixed header', start: bareFetch(false) },
  'fetch-bare-again': {
    label: 'fetch + fixed header again (noise floor)',
    start: bareFetch(false),
  },
  'fetch-ours': { label: 'createAuthorizedFetch', start: authorizedFetch(false) },
  'fetch-bare-signal': { label: 'fetch + fixed header + signal', start: bareFetch(true) },
  'fetch-ours-signal': { label: 'createAuthorizedFetch + signal', start: authorizedFetch(true) },
  'express-bare': { label: 'Express 5, fetch + fixed header', start: expressBare },
  'express-ours': { label: 'Express 5, getCloudToken(req).fetch', start: expressOurs },
  'koa-bare': { label: 'Koa 3, fetch + fixed header', start: koaBare },
  'koa-ours': { label: 'Koa 3, ctx.state.cloudToken.fetch', start: koaOurs },
  'fastify-bare': { label: 'Fastify 5, fetch + fixed header', start: fastifyRoute(false) },
  'fastify-ours': { label: 'Fastify 5, request.cloudToken.fetch', start: fastifyRoute(true) },
  'nest-service-ours': { label: 'NestJS CloudTokenService.fetch', start: nestServiceOurs },
  'nest-http-bare': { label: 'NestJS HttpService + fixed header', start: nestHttp(false) },
  'nest-http-ours': { label: 'NestJS HttpService + CloudTokenHttpBinding', start: nestHttp(true) },
} satisfies Record<string, RouteCandidate>;

export type RouteCandidateName = keyof typeof ROUTE_CANDIDATES;
