import { chmod, lstat, unlink } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import {
  createTokenSource,
  isCloudTokenError,
  type Logger,
  type TokenSource,
} from '@cloud-token/core';
import { runWithDeadline } from '@cloud-token/core/adapter';
import {
  createReadinessCheck,
  createRequestForwarder,
  isLoopbackHostHeader,
  PROBLEM_CONTENT_TYPE,
  type ProblemAnswer,
  type RequestForwarder,
  sendProblem,
  toProblemDetails,
} from '@cloud-token/core/node';
import { type HandedOutTokens, handedOutTokens } from './handed-out-tokens.js';
import { METRICS_CONTENT_TYPE, sidecarMetrics } from './sidecar-metrics.js';
import {
  resolveSidecarOptions,
  type SidecarListen,
  type SidecarOptions,
} from './sidecar-options.js';
import { basicCredentials, TOKEN_PATH, tokenFacade } from './token-facade.js';

/**
 * A running sidecar (see {@link startSidecar}).
 *
 * @example
 * ```ts
 * const sidecar = await startSidecar(options);
 * console.log(sidecar.url); // http://127.0.0.1:4020
 * process.once('SIGTERM', () => void sidecar.close());
 * ```
 */
export interface Sidecar {
  /** `http://<host>:<port>` for TCP; `http://localhost` for a Unix socket (see `socket`). */
  readonly url: string;
  /** The port it listens on, for TCP. */
  readonly port: number | undefined;
  /** The Unix socket it listens on, if it does. */
  readonly socket: string | undefined;
  /** The shared token source behind the facade and the proxy. */
  readonly source: TokenSource;
  /**
   * Stops taking connections, lets the requests in flight finish (at most
   * `drainTimeoutMs`, then ends them), and closes the token source. The
   * store you passed stays open: close it afterwards.
   */
  close(): Promise<void>;
}

/**
 * Starts the local sidecar `cloud-token serve` runs: one token source for
 * the credentials, shared with every local process that asks, in any
 * language, over plain HTTP:
 *
 * - `POST /connect/token` (and the official SDKs' own token paths,
 *   `/v{version}/{product}/connect/token`): a token facade answering
 *   client_credentials requests of the local client with the shared token,
 *   as the cloud would; a wrong secret gets `401 invalid_client` without
 *   any request to the cloud, and the cloud's secret never leaves the process;
 * - any other path: the API proxy (the core's `createRequestForwarder`) to
 *   `baseUrl`, which adds the token, renews and replays once on a 401,
 *   waits out a short 429/503, and streams both ways;
 * - `GET /healthz` (alive), `GET /readyz` (the core's readiness: 200 while a
 *   token can be had, 503 with `Retry-After` while not), `GET /metrics`
 *   (Prometheus text).
 *
 * It listens on 127.0.0.1 by default (or a Unix socket). Without a separate
 * `localClientSecret`, a TCP request is answered only when its `Host`
 * names this machine on the sidecar's port (DNS rebinding: a web page on
 * `evil.example` resolved to 127.0.0.1 reaches the socket but carries its
 * own name). With one, the proxy asks every request to authenticate.
 * With a shared `store` (`@cloud-token/redis`), sidecars on many hosts
 * share one token and one endpoint guard. Options are checked first
 * (`InvalidOptionsError`).
 *
 * @example
 * ```ts
 * import { startSidecar } from '@cloud-token/cli';
 * import { asposeCloud } from '@cloud-token/core';
 *
 * const sidecar = await startSidecar({
 *   ...asposeCloud,
 *   clientId: process.env.CLOUD_TOKEN_CLIENT_ID ?? '',
 *   clientSecret: process.env.CLOUD_TOKEN_CLIENT_SECRET ?? '',
 *   port: 4020,
 * });
 * // curl http://127.0.0.1:4020/v4.0/words/doc.docx/statistics   (the token is added)
 * await sidecar.close();
 * ```
 */
export async function startSidecar(options: SidecarOptions): Promise<Sidecar> {
  const settings = resolveSidecarOptions(options);
  const { grant, listen, client, separateLocalSecret, drainTimeoutMs } = settings;
  const { clock } = settings.sourceOptions;
  const logger: Logger = settings.sourceOptions.logger ?? {};
  const source = createTokenSource(grant, settings.sourceOptions);
  let forwarder: RequestForwarder | undefined;
  try {
    forwarder =
      grant.baseUrl === undefined
        ? undefined
        : createRequestForwarder({ target: grant.baseUrl, source, clock });
  } catch (error) {
    source.close();
    throw error;
  }
  const metrics = sidecarMetrics(source);
  const handedOut = handedOutTokens(clock);
  const facade = tokenFacade({ source, client, handedOut, clock, onOutcome: metrics.countFacade });
  const readiness = createReadinessCheck(source);
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  let drained: (() => void) | undefined;
  let port: number | undefined;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (draining) response.setHeader('connection', 'close');
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (
      listen.kind === 'tcp' &&
      !separateLocalSecret &&
      !isLoopbackHostHeader(request.headers.host, port ?? -1)
    ) {
      request.resume();
      sendProblem(
        response,
        problem(403, 'Forbidden', 'This sidecar answers requests for localhost only.'),
      );
      return;
    }
    if (request.method === 'GET' || request.method === 'HEAD') {
      if (path === '/healthz')
        return sendText(response, 200, 'application/json', '{"status":"ok"}');
      if (path === '/readyz') {
        const answer = await readiness();
        for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
        return sendText(response, answer.status, 'application/json', JSON.stringify(answer.body));
      }
      if (path === '/metrics')
        return sendText(response, 200, METRICS_CONTENT_TYPE, metrics.render());
    }
    if (TOKEN_PATH.test(path)) return facade(request, response);
    if (separateLocalSecret && !proxyCallerKnown(request, client.matches, handedOut)) {
      request.resume();
      response.setHeader(
        'www-authenticate',
        'Bearer realm="cloud-token sidecar", Basic realm="cloud-token sidecar"',
      );
      sendProblem(
        response,
        problem(
          401,
          'Unauthorized',
          'Authenticate with the local client, or with a token the sidecar gave.',
        ),
      );
      return;
    }
    if (forwarder === undefined) {
      request.resume();
      sendProblem(
        response,
        problem(404, 'Not Found', 'No API base URL is configured: the API proxy is off.'),
      );
      return;
    }
    logger.debug?.('proxying a call', { method: request.method });
    response.once('finish', () => metrics.countCall(response.statusCode));
    try {
      await forwarder.forward(request, response);
    } catch (error) {
      const answer = toProblemDetails(error);
      logger.warn?.('proxied call failed', {
        code: isCloudTokenError(error) ? error.code : 'unknown',
        method: request.method,
      });
      if (answer !== undefined && !response.headersSent) sendProblem(response, answer);
      else response.destroy();
    }
  }

  const server = createServer((request, response) => {
    inFlight.add(response);
    response.once('close', () => {
      inFlight.delete(response);
      if (inFlight.size === 0) drained?.();
    });
    handle(request, response).catch((error: unknown) => {
      logger.error?.('request failed', { code: isCloudTokenError(error) ? error.code : 'unknown' });
      if (!response.headersSent)
        sendProblem(response, problem(500, 'Internal Server Error', 'The sidecar failed.'));
      else response.destroy();
    });
  });

  try {
    port = await listenOn(server, listen);
  } catch (error) {
    metrics.stop();
    forwarder?.close();
    source.close();
    throw error;
  }
  const url =
    listen.kind === 'socket' ? 'http://localhost' : `http://${hostForUrl(listen.host)}:${port}`;
  logger.info?.('sidecar listening', {
    url,
    ...(listen.kind === 'socket' ? { socket: listen.path } : {}),
    client: grant.label,
    proxyTo: grant.baseUrl?.href ?? null,
    store: settings.sourceOptions.store?.shared === true ? 'shared' : 'local',
    localClients: separateLocalSecret
      ? 'local client secret'
      : 'configured credentials, loopback Host only',
  });
  if (forwarder === undefined) {
    logger.warn?.('no API base URL: the API proxy is off, the token facade works', {
      fix: 'set --base-url, CLOUD_TOKEN_BASE_URL or --preset',
    });
  }
  // The first token now: a misconfigured sidecar says so at start, not at its first caller.
  source.getToken().catch((error: unknown) => {
    if (draining) return;
    logger.error?.('the sidecar cannot get a token', {
      code: isCloudTokenError(error) ? error.code : 'unknown',
      problem: isCloudTokenError(error) ? error.message : 'unexpected error',
    });
  });

  let closing: Promise<void> | undefined;
  async function close(): Promise<void> {
    draining = true;
    server.close();
    server.closeIdleConnections();
    if (inFlight.size > 0) {
      // Drained, or the drain timeout passed: what is still in flight is then ended.
      await runWithDeadline(
        () =>
          new Promise<void>((resolve) => {
            drained = resolve;
          }),
        { clock, timeoutMs: drainTimeoutMs, onTimeout: () => 'drain timeout' },
      ).catch(() => undefined);
    }
    server.closeAllConnections();
    metrics.stop();
    forwarder?.close();
    source.close();
    if (listen.kind === 'socket') await unlink(listen.path).catch(() => undefined);
  }

  return {
    url,
    port: listen.kind === 'tcp' ? port : undefined,
    socket: listen.kind === 'socket' ? listen.path : undefined,
    source,
    close() {
      closing ??= close();
      return closing;
    },
  };
}

/**
 * With a separate local secret, the proxy serves a request that carries the
 * local pair (`Authorization: Basic`) or a token the facade handed out
 * (`Authorization: Bearer`, what an SDK sends after asking the facade).
 */
function proxyCallerKnown(
  request: IncomingMessage,
  matches: (id: string, secret: string) => boolean,
  handedOut: HandedOutTokens,
): boolean {
  const header = request.headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  if (bearer !== undefined) return handedOut.includes(bearer);
  const basic = basicCredentials(header);
  return basic !== undefined && matches(basic.id, basic.secret);
}

function problem(status: number, title: string, detail: string): ProblemAnswer {
  return {
    status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE },
    body: { type: 'about:blank', title, status, detail },
  };
}

function sendText(response: ServerResponse, status: number, type: string, body: string): void {
  response.statusCode = status;
  response.setHeader('content-type', type.includes('charset') ? type : `${type}; charset=utf-8`);
  response.setHeader('cache-control', 'no-store');
  response.setHeader('content-length', Buffer.byteLength(body));
  response.end(body);
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Listens, and resolves with the TCP port (0 for a socket, made owner-only). */
async function listenOn(server: Server, listen: SidecarListen): Promise<number> {
  if (listen.kind === 'socket') await removeStaleSocket(listen.path);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    const done = () => {
      server.off('error', reject);
      resolve();
    };
    if (listen.kind === 'socket') server.listen(listen.path, done);
    else server.listen({ host: listen.host, port: listen.port }, done);
  });
  if (listen.kind === 'socket') {
    await chmod(listen.path, 0o600);
    return 0;
  }
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : listen.port;
}

/** A socket file nobody listens on (a sidecar that was killed) is removed; a live one is left alone. */
async function removeStaleSocket(path: string): Promise<void> {
  const stat = await lstat(path).catch(() => undefined);
  if (stat === undefined || !stat.isSocket()) return;
  const live = await new Promise<boolean>((resolve) => {
    const probe = connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (!live) await unlink(path);
}
