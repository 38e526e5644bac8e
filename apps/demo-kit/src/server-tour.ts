import { createHash } from 'node:crypto';
import type { Emulator } from '@cloud-token/emulator';
import { apiLogSince } from './api-log-since.js';
import { jwtPattern } from './jwt-pattern.js';
import { createSkewedClock } from './skewed-clock.js';
import type { TourBackend, TourBackendSettings } from './tour-backend.js';
import type { TourOutput } from './tour-output.js';
import type { TourSteps } from './tour-steps.js';
import { waitUntil } from './wait-until.js';

/**
 * What a server demo's tour measured, for its summary and its test. The
 * front-end and proxy figures are there when the demo has those steps.
 *
 * @example
 * ```ts
 * const figures: ServerTourFigures = await runServerTour(emulator, output, options);
 * say(`token requests for the herd: ${figures.tokenRequestsForHerd}`);
 * ```
 */
export interface ServerTourFigures {
  herdCalls: number;
  herdSucceeded: number;
  tokenRequestsForHerd: number;
  listStatus: number;
  uploadStatus: number;
  uploadRoundTripExact: boolean;
  convertStatus: number;
  frontEndStatus?: number;
  frontEndContentType?: string | null;
  cloudStatus: number;
  renewalCalls: number;
  renewalFailedCalls: number;
  tokenRequestsForRenewal: number;
  tokensCarriedAcrossRenewal: number;
  rotationCalls: number;
  rotationRejected: number;
  rotationSucceeded: number;
  tokenRequestsForRotation: number;
  rateLimitedApiStatuses: number[];
  rateLimitedRouteStatus: number;
  proxiedBytes?: number;
  proxyRoundTripExact?: boolean;
  cloudSawOnlyOurToken?: boolean;
  tokenRequestsForProxy?: number;
  tokenSeenByBrowser: boolean;
  rateLimitedStatus: number;
  rateLimitedContentType: string | null;
  rateLimitedRetryAfter: string | null;
  rateLimitedCode: unknown;
  cooldownCalls: number;
  tokenRequestsDuringCooldown: number;
  wrongSecretCalls: number;
  wrongSecretStatuses: string;
  wrongSecretCode: unknown;
  wrongSecretTokenRequests: number;
  lockouts: number;
  secretSeenByBrowser: boolean;
}

/**
 * What differs between the server demos' tours: the adapter, the framework
 * the backend is built with, how a backend starts, and which steps it has.
 *
 * @example
 * ```ts
 * const options: ServerTourOptions = {
 *   adapter: 'koa',
 *   framework: 'Koa 3',
 *   frontEnd: true,
 *   proxy: true,
 *   startBackend: (settings) => startBackend(settings),
 * };
 * ```
 */
export interface ServerTourOptions {
  /** Names the tour's clients and secrets: `koa-demo`, `koa-s3cret+&=%`, … */
  adapter: string;
  /** As the tour prints it: `Koa 3`. */
  framework: string;
  /** Starts a documents backend with these settings. */
  startBackend(settings: TourBackendSettings): Promise<TourBackend>;
  /** The backend serves a front end at `GET /`. */
  frontEnd: boolean;
  /** The backend forwards `/cloud/*` to the cloud API. */
  proxy: boolean;
}

type FrontEndFigures = Required<Pick<ServerTourFigures, 'frontEndStatus' | 'frontEndContentType'>>;
type ProxyFigures = Required<
  Pick<
    ServerTourFigures,
    'proxiedBytes' | 'proxyRoundTripExact' | 'cloudSawOnlyOurToken' | 'tokenRequestsForProxy'
  >
>;

/** What the browser got back, read in full. */
interface BrowserAnswer {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
  text: string;
}

function jsonOf(answer: BrowserAnswer): Record<string, unknown> {
  return JSON.parse(answer.text) as Record<string, unknown>;
}

function jtiOf(jwt: string): unknown {
  const payload = jwt.split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { jti?: unknown }).jti;
}

/**
 * A server tour's six steps, as every demo reports them to `pnpm demo`.
 *
 * @example
 * ```ts
 * const cells = judgeTour(serverTourSteps(figures));
 * ```
 */
export function serverTourSteps(figures: ServerTourFigures): TourSteps {
  return {
    firstCall: {
      calls: figures.herdCalls,
      succeeded: figures.herdSucceeded,
      tokenRequests: figures.tokenRequestsForHerd,
    },
    renewal: {
      calls: figures.renewalCalls,
      failed: figures.renewalFailedCalls,
      tokenRequests: figures.tokenRequestsForRenewal,
    },
    keyRotation: {
      calls: figures.rotationCalls,
      rejected: figures.rotationRejected,
      succeeded: figures.rotationSucceeded,
      tokenRequests: figures.tokenRequestsForRotation,
    },
    api429: { statuses: figures.rateLimitedApiStatuses },
    token429: {
      kind: 'answer',
      status: figures.rateLimitedStatus,
      retryAfter: figures.rateLimitedRetryAfter,
      calls: figures.cooldownCalls,
      tokenRequests: figures.tokenRequestsDuringCooldown,
    },
    wrongSecret: {
      calls: figures.wrongSecretCalls,
      outcome: figures.wrongSecretStatuses,
      tokenRequests: figures.wrongSecretTokenRequests,
      lockouts: figures.lockouts,
    },
  };
}

/**
 * Plays a browser against a demo's documents backend, with the emulator as
 * the cloud: a herd of route calls, the documents routes (and the front end),
 * the renewal window, a key rotation, an API 429, a binary upload through the
 * proxy carrying a token of its own (where the backend has one), a
 * rate-limited token endpoint and a wrong secret. Every figure comes from the
 * emulator's counters or from what the browser got.
 *
 * @example
 * ```ts
 * const figures = await runServerTour(emulator, output, {
 *   adapter: 'koa',
 *   framework: 'Koa 3',
 *   frontEnd: true,
 *   proxy: true,
 *   startBackend,
 * });
 * ```
 */
export async function runServerTour(
  emulator: Emulator,
  output: TourOutput,
  options: ServerTourOptions,
): Promise<ServerTourFigures> {
  const { control, stats } = emulator;
  const { step, say, logger } = output;
  const { adapter } = options;
  const credentials = {
    tokenUrl: emulator.tokenUrl,
    clientId: `${adapter}-demo`,
    clientSecret: `${adapter}-s3cret+&=%`,
  };
  const wrongSecret = `wr0ng-${adapter}-s3cret`;
  // A second backend with credentials of its own: it shares no token or cooldown.
  const secondBackend = { clientId: `${adapter}-demo-2`, clientSecret: `${adapter}-s3cret-2` };
  control.addClient(credentials);
  control.addClient(secondBackend);
  const clock = createSkewedClock();
  const backends: TourBackend[] = [];
  const startDemoBackend = async (overrides: Partial<TourBackendSettings> = {}) => {
    const backend = await options.startBackend({
      ...credentials,
      apiUrl: emulator.apiUrl,
      logger,
      ...overrides,
    });
    backends.push(backend);
    return backend;
  };
  const seenByBrowser: string[] = [];
  const browse = async (url: string, init?: RequestInit): Promise<BrowserAnswer> => {
    const answer = await fetch(url, init);
    const bytes = new Uint8Array(await answer.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    seenByBrowser.push(...[...answer.headers].map(([name, value]) => `${name}: ${value}`), text);
    return { status: answer.status, headers: answer.headers, bytes, text };
  };

  try {
    step('The browser opens a folder: 100 calls to GET /api/documents/:name at once');
    const backend = await startDemoBackend({ clock });
    say(`the backend (${options.framework}) listens at ${backend.url}`);
    const herdCalls = 100;
    const herd = await Promise.all(
      Array.from({ length: herdCalls }, (_, index) =>
        browse(`${backend.url}/api/documents/report-${index}.docx`),
      ),
    );
    const herdSucceeded = herd.filter((answer) => answer.status === 200).length;
    const tokenRequestsForHerd = stats.tokenRequests.total;
    say(`${herdSucceeded}/${herdCalls} answered 200; token requests: ${tokenRequestsForHerd}`);

    step('The documents routes: list, upload 32 KiB, convert to PDF');
    const list = await browse(`${backend.url}/api/documents`);
    const document = Uint8Array.from({ length: 32 * 1024 }, (_, index) => (index * 7) % 256);
    const uploaded = await browse(`${backend.url}/api/documents/contract.docx`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: document,
    });
    // What reached the cloud: the emulator keeps the SHA-256 of each API request's body.
    const uploadedDigest = createHash('sha256').update(document).digest('hex');
    const uploadRoundTripExact = stats.apiRequestLog.some(
      (record) =>
        record.method === 'PUT' && record.status === 200 && record.bodySha256 === uploadedDigest,
    );
    const converted = await browse(`${backend.url}/api/documents/contract.docx/convert?format=pdf`);
    say(
      `GET /api/documents → ${list.status}; PUT → ${uploaded.status}, the cloud got it byte for byte: ${uploadRoundTripExact}; convert → ${converted.status} ${converted.headers.get('content-type')}`,
    );

    let frontEndFigures: FrontEndFigures | undefined;
    if (options.frontEnd) {
      step('The browser loads the front end (GET /), then asks: GET /api/cloud-status');
      const frontEnd = await browse(`${backend.url}/`);
      say(`GET / → ${frontEnd.status} ${frontEnd.headers.get('content-type')}`);
      frontEndFigures = {
        frontEndStatus: frontEnd.status,
        frontEndContentType: frontEnd.headers.get('content-type'),
      };
    } else {
      step('The browser asks whether the backend can reach the cloud: GET /api/cloud-status');
    }
    const status = await browse(`${backend.url}/api/cloud-status`);
    say(`${status.status} ${status.text}`);

    step('55 minutes later: inside the renewal window (1-hour tokens); 100 calls meanwhile');
    clock.jump(55 * 60_000);
    const expiresBefore = jsonOf(status).tokenExpiresAt;
    const requestsBeforeRenewal = stats.tokenRequests.total;
    const sinceRenewal = apiLogSince(emulator);
    control.setLatency({ tokenMs: 200 });
    const duringRenewal = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        browse(`${backend.url}/api/documents/window-${index}.docx`),
      ),
    );
    // The browser's view of the renewal: the status route reports the new expiry once it landed.
    await waitUntil(
      async () =>
        jsonOf(await browse(`${backend.url}/api/cloud-status`)).tokenExpiresAt !== expiresBefore,
    );
    control.setLatency({ tokenMs: 0 });
    const afterRenewal = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        browse(`${backend.url}/api/documents/renewed-${index}.docx`),
      ),
    );
    const renewalAnswers = [...duringRenewal, ...afterRenewal];
    const renewalFailedCalls = renewalAnswers.filter((answer) => answer.status !== 200).length;
    const tokenRequestsForRenewal = stats.tokenRequests.total - requestsBeforeRenewal;
    const tokensCarriedAcrossRenewal = new Set(sinceRenewal().map((record) => record.jti)).size;
    say(
      `renewed in the background with ${tokenRequestsForRenewal} token request; ${renewalFailedCalls}/${renewalAnswers.length} calls failed; they carried ${tokensCarriedAcrossRenewal} tokens, old then new`,
    );

    step('Key rotation: every issued token is revoked while 50 calls are in flight');
    const requestsBeforeRotation = stats.tokenRequests.total;
    const sinceRotation = apiLogSince(emulator);
    control.setLatency({ apiMs: 500 });
    const inFlight = Array.from({ length: 50 }, (_, index) =>
      browse(`${backend.url}/api/documents/rotated-${index}.docx`),
    );
    control.revokeAllTokens();
    const rotationAnswers = await Promise.all(inFlight);
    control.setLatency({ apiMs: 0 });
    const rotationRejected = sinceRotation().filter((record) => record.status === 401).length;
    const rotationSucceeded = rotationAnswers.filter((answer) => answer.status === 200).length;
    const tokenRequestsForRotation = stats.tokenRequests.total - requestsBeforeRotation;
    say(
      `the API answered ${rotationRejected} of them 401; ${rotationSucceeded}/50 replays succeeded; ${tokenRequestsForRotation} renewal`,
    );

    step('The API answers 429 with Retry-After: 1');
    const since429 = apiLogSince(emulator);
    control.failApiRequests(1, { status: 429, retryAfter: '1' });
    const waited = await browse(`${backend.url}/api/documents/busy.docx`);
    const rateLimitedApiStatuses = since429().map((record) => record.status);
    say(
      `the API answered ${rateLimitedApiStatuses.join(' → ')}: the backend waited as told and retried; the browser got ${waited.status}`,
    );

    let proxyFigures: ProxyFigures | undefined;
    let proxyTokenSeenByBrowser: boolean | undefined;
    if (options.proxy) {
      step('The browser uploads 64 KiB of binary through the proxy, then reads it back');
      say(
        "it sends an Authorization of its own: another client's valid token, which the cloud would accept",
      );
      control.addClient({ clientId: 'someone-else', clientSecret: 'their-s3cret' });
      const otherClientAnswer = await fetch(emulator.tokenUrl, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'someone-else',
          client_secret: 'their-s3cret',
        }),
      });
      const browserToken = ((await otherClientAnswer.json()) as { access_token: string })
        .access_token;
      const requestsBeforeProxy = stats.tokenRequests.total;
      const upload = Uint8Array.from({ length: 64 * 1024 }, (_, index) => index % 256);
      const browserHeaders = { authorization: `Bearer ${browserToken}` };
      const put = await browse(`${backend.url}/cloud/storage/file/upload.bin`, {
        method: 'PUT',
        headers: { ...browserHeaders, 'content-type': 'application/octet-stream' },
        body: upload,
      });
      const echo = jsonOf(
        await browse(`${backend.url}/cloud/storage/file/upload.bin`, { headers: browserHeaders }),
      );
      const proxyRoundTripExact = put.status === 200 && Buffer.from(put.bytes).equals(upload);
      const proxied = stats.apiRequestLog.filter((record) =>
        record.url.endsWith('/storage/file/upload.bin'),
      );
      const cloudSawOnlyOurToken =
        echo.clientId === credentials.clientId &&
        echo.jti !== jtiOf(browserToken) &&
        proxied.length === 2 &&
        proxied.every((record) => record.status === 200 && record.jti === echo.jti);
      const tokenRequestsForProxy = stats.tokenRequests.total - requestsBeforeProxy;
      proxyTokenSeenByBrowser = seenByBrowser.some(
        (text) => jwtPattern.test(text) || /bearer/i.test(text),
      );
      say(
        `${upload.length} bytes sent, ${put.bytes.length} came back, byte for byte: ${proxyRoundTripExact}`,
      );
      say(
        `the cloud saw the backend's token only (${echo.clientId}), never the browser's: ${cloudSawOnlyOurToken}`,
      );
      say(
        `the proxy shares the routes' token source: ${tokenRequestsForProxy} more token requests; a token in anything the browser got: ${proxyTokenSeenByBrowser}`,
      );
      proxyFigures = {
        proxiedBytes: put.bytes.length,
        proxyRoundTripExact,
        cloudSawOnlyOurToken,
        tokenRequestsForProxy,
      };
    }

    step('A second backend starts while the token endpoint answers 429 Retry-After: 600');
    const throttled = await startDemoBackend(secondBackend);
    control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '600' });
    const requestsBefore429 = stats.tokenRequests.total;
    const rateLimited = await browse(`${throttled.url}/api/documents/report.docx`);
    const cooldownCalls = 1 + 10;
    await Promise.all(
      Array.from({ length: cooldownCalls - 1 }, () =>
        browse(`${throttled.url}/api/documents/report.docx`),
      ),
    );
    const tokenRequestsDuringCooldown = stats.tokenRequests.total - requestsBefore429;
    say(
      `the browser got ${rateLimited.status} ${rateLimited.headers.get('content-type')}, Retry-After: ${rateLimited.headers.get('retry-after')}`,
    );
    say(rateLimited.text);
    say(`10 more calls sent ${tokenRequestsDuringCooldown - 1} more token requests`);

    step('A third backend with a wrong secret: 20 browser calls, one after another');
    const misconfigured = await startDemoBackend({ clientSecret: wrongSecret });
    const requestsBeforeWrong = stats.tokenRequests.total;
    const wrongSecretCalls = 20;
    const wrong: BrowserAnswer[] = [];
    for (let index = 0; index < wrongSecretCalls; index += 1) {
      wrong.push(await browse(`${misconfigured.url}/api/documents/report.docx`));
    }
    const wrongSecretTokenRequests = stats.tokenRequests.total - requestsBeforeWrong;
    const wrongSecretStatuses = [...new Set(wrong.map((answer) => answer.status))].join(', ');
    const lastWrong = wrong.at(-1);
    const wrongSecretCode = lastWrong && jsonOf(lastWrong).code;
    const secretSeenByBrowser = seenByBrowser.some(
      (text) => text.includes(wrongSecret) || text.includes(credentials.clientSecret),
    );
    say(
      `every call answered ${wrongSecretStatuses}; token requests: ${wrongSecretTokenRequests}; lockouts: ${stats.lockouts}`,
    );
    say(`${lastWrong?.text}`);

    return {
      herdCalls,
      herdSucceeded,
      tokenRequestsForHerd,
      listStatus: list.status,
      uploadStatus: uploaded.status,
      uploadRoundTripExact,
      convertStatus: converted.status,
      ...frontEndFigures,
      cloudStatus: status.status,
      renewalCalls: renewalAnswers.length,
      renewalFailedCalls,
      tokenRequestsForRenewal,
      tokensCarriedAcrossRenewal,
      rotationCalls: rotationAnswers.length,
      rotationRejected,
      rotationSucceeded,
      tokenRequestsForRotation,
      rateLimitedApiStatuses,
      rateLimitedRouteStatus: waited.status,
      ...proxyFigures,
      // Measured when the proxy step ran, else once every step has.
      tokenSeenByBrowser:
        proxyTokenSeenByBrowser ??
        seenByBrowser.some((text) => jwtPattern.test(text) || /bearer/i.test(text)),
      rateLimitedStatus: rateLimited.status,
      rateLimitedContentType: rateLimited.headers.get('content-type'),
      rateLimitedRetryAfter: rateLimited.headers.get('retry-after'),
      rateLimitedCode: jsonOf(rateLimited).code,
      cooldownCalls,
      tokenRequestsDuringCooldown,
      wrongSecretCalls,
      wrongSecretStatuses,
      wrongSecretCode,
      wrongSecretTokenRequests,
      lockouts: stats.lockouts,
      secretSeenByBrowser,
    };
  } finally {
    await Promise.all(backends.map((backend) => backend.close()));
  }
}
