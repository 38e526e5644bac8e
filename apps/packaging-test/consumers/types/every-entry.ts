/// <reference types="@cloud-token/express/env" />
// The same user code, type-checked as `.mts` and `.cts` (node16) and as `.ts`
// (bundler resolution), against the types in the packed tarballs.

import { attachCloudToken, type DetachCloudToken } from '@cloud-token/axios';
import { EXIT_CODES, type ExitCode, type Sidecar, startSidecar } from '@cloud-token/cli';
import {
  type AccessToken,
  type CloudTokenErrorCode,
  clientCredentials,
  createTokenSource,
  externalToken,
  isCloudTokenError,
  type TokenSource,
} from '@cloud-token/core';
import { callPolicySchema, optionsSchema } from '@cloud-token/core/adapter';
import { createRequestForwarder, type RequestForwarder } from '@cloud-token/core/node';
import { type StoredToken, shortStoreKey } from '@cloud-token/core/store';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type Emulator,
  startEmulator,
} from '@cloud-token/emulator';
import {
  type EmulatorFixture,
  emulatorCredentials,
  useEmulator,
} from '@cloud-token/emulator/testing';
import {
  type CloudTokenAccessor,
  type CloudTokenMiddleware,
  cloudToken,
  cloudTokenProxy,
  getCloudToken,
} from '@cloud-token/express';
import {
  type FastifyCloudTokenOptions,
  cloudTokenProxy as fastifyCloudTokenProxy,
  cloudToken as fastifyPlugin,
} from '@cloud-token/fastify';
import {
  type CloudTokenEnv as HonoCloudTokenEnv,
  type CloudTokenMiddleware as HonoCloudTokenMiddleware,
  type CloudTokenProxy as HonoCloudTokenProxy,
  cloudToken as honoCloudToken,
  cloudTokenErrorHandler as honoCloudTokenErrorHandler,
  cloudTokenProxy as honoCloudTokenProxy,
  cloudTokenReadiness as honoCloudTokenReadiness,
} from '@cloud-token/hono';
import {
  getCloudToken as getKoaCloudToken,
  type CloudTokenMiddleware as KoaCloudTokenMiddleware,
  cloudToken as koaCloudToken,
} from '@cloud-token/koa';
import { type RedisTokenStore, redisTokenStore } from '@cloud-token/redis';
import {
  type DetachCloudToken as DetachSdkBridge,
  type SdkClient,
  type UseCloudTokenOptions,
  useCloudToken,
} from '@cloud-token/sdk';
import axios, { type AxiosRequestConfig } from 'axios';
import express from 'express';
import Fastify, { type FastifyContextConfig } from 'fastify';
import { Hono } from 'hono';
import { Redis } from 'ioredis';
import Koa from 'koa';

/** An official SDK client on a token source: the bridge's types, without an SDK's own. */
export function bridgeSdkClient(client: SdkClient, source: TokenSource): DetachSdkBridge {
  const options: UseCloudTokenOptions = { maxRetryAfterMs: 5_000, rateLimitRetries: 1 };
  // @ts-expect-error the options are typed, never `any`
  useCloudToken(client, source, { notAnOption: true });
  return useCloudToken(client, source, options);
}

export async function useEveryEntry(): Promise<void> {
  const emulator: Emulator = await startEmulator({ timeScale: 0.001 });
  const hook = (_run: () => Promise<void> | void): void => {};
  const fixture: EmulatorFixture = useEmulator({
    beforeAll: hook,
    beforeEach: hook,
    afterAll: hook,
  });
  console.log(typeof fixture, emulatorCredentials(emulator).clientId);
  const source: TokenSource = createTokenSource(
    clientCredentials({
      tokenUrl: emulator.tokenUrl,
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: DEFAULT_CLIENT_SECRET,
      // Settings read from the environment may be absent, even with exactOptionalPropertyTypes.
      scope: process.env.CLOUD_SCOPE,
      resource: process.env.CLOUD_RESOURCE,
    }),
  );
  const maybeSignal: AbortSignal | undefined = process.env.CI
    ? AbortSignal.timeout(5_000)
    : undefined;
  const token: AccessToken = await source.getToken({ signal: maybeSignal });
  // A fleet's source: the store takes an ioredis client as it is typed, and fits the core's `store`.
  const store: RedisTokenStore = redisTokenStore({ client: new Redis({ lazyConnect: true }) });
  const shared: TokenSource = createTokenSource(
    clientCredentials({
      tokenUrl: emulator.tokenUrl,
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: DEFAULT_CLIENT_SECRET,
    }),
    { store },
  );
  shared.close();
  await store.close();
  // The provider's `signal` goes straight into fetch, even with exactOptionalPropertyTypes.
  const fromVault = createTokenSource(
    externalToken(async ({ signal }) => {
      const answer = await fetch('http://127.0.0.1:8200/token', { signal });
      return { accessToken: await answer.text(), expiresIn: 3600 };
    }),
  );
  fromVault.close();
  await fetch(`${emulator.apiUrl}/words/doc.docx`, {
    headers: { authorization: token.authorization },
  });

  // An adapter author's table composes the core's; a store author's record has its type.
  const composed = optionsSchema<{ baseUrl?: string | URL; pageSize?: number }>()({
    baseUrl: callPolicySchema.rules.baseUrl,
    pageSize: (value) => (typeof value === 'number' ? value : 20),
  });
  const stored: StoredToken | undefined = undefined;
  console.log(composed.read({}).pageSize, shortStoreKey('cc1:0123456789abcdef'), stored);

  const api = axios.create({ baseURL: emulator.apiUrl });
  const detach: DetachCloudToken = attachCloudToken(api, source);
  // The `cloudToken` request config key exists only through @cloud-token/axios's augmentation of axios.
  const skipped: AxiosRequestConfig = { cloudToken: { skip: true } };
  await api.get('https://status.example.com/health', skipped);
  // @ts-expect-error `skip` is a boolean
  await api.get('/words/doc.docx', { cloudToken: { skip: 'yes' } });

  const middleware: CloudTokenMiddleware = cloudToken({ source, baseUrl: `${emulator.apiUrl}/` });
  const app = express();
  app.use(middleware);
  app.get('/statistics', async (req, res) => {
    // `req.cloudToken` exists only through @cloud-token/express/env.
    const fromEnv: CloudTokenAccessor | undefined = req.cloudToken;
    const answer = await getCloudToken(req).fetch('words/doc.docx');
    res.status(answer.status).json({ mounted: fromEnv !== undefined });
  });

  const koaMiddleware: KoaCloudTokenMiddleware = koaCloudToken({ source, stateKey: 'cloudToken' });
  const koaApp = new Koa().use(koaMiddleware);
  koaApp.use(async (ctx) => {
    // Typed by app.use(cloudToken(…)): no cast, no augmentation.
    const fromState: CloudTokenAccessor = ctx.state.cloudToken;
    ctx.body = fromState === getKoaCloudToken(ctx);
    // @ts-expect-error the accessor has no such method
    ctx.state.cloudToken.fetchToken();
  });

  // Typed by the package's declaration merging: no cast.
  const fastifyApp = Fastify();
  const fastifyOptions: FastifyCloudTokenOptions = { source, baseUrl: `${emulator.apiUrl}/` };
  await fastifyApp.register(fastifyPlugin, fastifyOptions);
  await fastifyApp.register(fastifyCloudTokenProxy, {
    prefix: '/cloud',
    target: emulator.apiUrl,
    source,
  });
  fastifyApp.get('/statistics', { config: { cloudToken: { prefetch: true } } }, async (request) => {
    const fromRequest: CloudTokenAccessor = request.cloudToken;
    const fromApp: TokenSource = fastifyApp.cloudToken;
    // @ts-expect-error the accessor has no such method
    request.cloudToken.fetchToken();
    return (await fromRequest.fetch('words/doc.docx')).status + Number(fromApp === source);
  });
  // Fastify infers a route's config from the route; a declared config is checked.
  // @ts-expect-error a route's config.cloudToken is false or { prefetch }
  const wrongConfig: FastifyContextConfig = { cloudToken: true };
  void wrongConfig;

  // Typed by the middleware's Variables (CloudTokenEnv): no cast, no augmentation.
  const honoMiddleware: HonoCloudTokenMiddleware = honoCloudToken({
    source,
    baseUrl: `${emulator.apiUrl}/`,
  });
  const honoProxy: HonoCloudTokenProxy = honoCloudTokenProxy({ target: emulator.apiUrl, source });
  const honoApp = new Hono<HonoCloudTokenEnv>();
  honoApp.get('/readyz', honoCloudTokenReadiness(source, { timeoutMs: 2_000 }));
  honoApp.all('/cloud/*', honoProxy);
  honoApp.get('/statistics', honoMiddleware, async (c) => {
    const fromContext: CloudTokenAccessor = c.var.cloudToken;
    // @ts-expect-error the accessor has no such method
    c.var.cloudToken.fetchToken();
    return fromContext.fetch('words/doc.docx');
  });
  honoApp.onError(honoCloudTokenErrorHandler({ logger: console }));
  // @ts-expect-error the proxy's options are typed, never `any`
  honoCloudTokenProxy({ target: emulator.apiUrl, source, notAnOption: true });
  console.log((await honoApp.request('/readyz')).status);

  // The sidecar in code: the credentials and the token source's options in one typed object.
  const sidecar: Sidecar = await startSidecar({
    tokenUrl: emulator.tokenUrl,
    baseUrl: emulator.url,
    clientId: DEFAULT_CLIENT_ID,
    clientSecret: DEFAULT_CLIENT_SECRET,
    port: 0,
    logger: console,
  });
  const rejected: ExitCode = EXIT_CODES.rejected;
  // @ts-expect-error the sidecar's options are typed
  await startSidecar({ tokenUrl: emulator.tokenUrl, clientId: 'a', clientSecret: 'b', prot: 1 });
  console.log(sidecar.url, rejected);
  await sidecar.close();

  const forwarder: RequestForwarder = createRequestForwarder({ target: emulator.apiUrl, source });
  const proxy = cloudTokenProxy({ target: emulator.apiUrl, source });
  // @ts-expect-error the proxy's options are typed (from @cloud-token/core/node) in every setup, never `any`
  cloudTokenProxy({ target: emulator.apiUrl, source, notAnOption: true });
  try {
    await source.getToken();
  } catch (error) {
    if (isCloudTokenError(error, 'ERR_RATE_LIMITED')) {
      const code: CloudTokenErrorCode = error.code;
      const waitMs: number | undefined = error.retryAfterMs;
      console.log(code, waitMs);
    }
  } finally {
    forwarder.close();
    proxy.close();
    detach();
    middleware.close();
    koaMiddleware.close();
    await fastifyApp.close();
    honoMiddleware.close();
    honoProxy.close();
    await emulator.close();
  }
}
