import {
  apiLogSince,
  createSkewedClock,
  jwtPattern,
  type TourOutput,
  type TourSteps,
  waitUntil,
} from '@cloud-token/demo-kit';
import type { Emulator } from '@cloud-token/emulator';
import type { DocumentsSettings } from './documents-settings.js';
import { type Backend, startBackend } from './start-backend.js';

/** What the tour measured, for its summary and its test. */
export interface TourFigures {
  herdCalls: number;
  herdSucceeded: number;
  tokenRequestsForHerd: number;
  listStatus: number;
  uploadStatus: number;
  uploadRoundTripExact: boolean;
  convertStatus: number;
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
  tokenSeenByBrowser: boolean;
}

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

/** The tour's six steps, as every demo reports them to `pnpm demo`. */
export function tourSteps(figures: TourFigures): TourSteps {
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
 * Plays a browser against the documents backend, with the emulator as the
 * cloud: a herd of route calls, the documents routes, the renewal window, a
 * key rotation, an API 429, a rate-limited token endpoint and a wrong secret. Every
 * figure comes from the emulator's counters or from what the browser got.
 */
export async function runEmulatorTour(
  emulator: Emulator,
  output: TourOutput,
): Promise<TourFigures> {
  const { control, stats } = emulator;
  const { step, say, logger } = output;
  const credentials = {
    tokenUrl: emulator.tokenUrl,
    clientId: 'nestjs-demo',
    clientSecret: 'nestjs-s3cret+&=%',
  };
  const wrongSecret = 'wr0ng-nestjs-s3cret';
  // A second backend with credentials of its own: it shares no token or cooldown.
  const secondBackend = { clientId: 'nestjs-demo-2', clientSecret: 'nestjs-s3cret-2' };
  control.addClient(credentials);
  control.addClient(secondBackend);
  const clock = createSkewedClock();
  const backends: Backend[] = [];
  const startDemoBackend = async (overrides: Partial<DocumentsSettings> = {}) => {
    const backend = await startBackend({
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
    say(`the backend (NestJS 11) listens at ${backend.url}`);
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
    const uploadRoundTripExact = Buffer.from(uploaded.bytes).equals(document);
    const converted = await browse(`${backend.url}/api/documents/contract.docx/convert?format=pdf`);
    say(
      `GET /api/documents → ${list.status}; PUT → ${uploaded.status}, the cloud got it byte for byte: ${uploadRoundTripExact}; convert → ${converted.status} ${converted.headers.get('content-type')}`,
    );

    step('The browser asks whether the backend can reach the cloud: GET /api/cloud-status');
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
    const tokenSeenByBrowser = seenByBrowser.some(
      (text) => jwtPattern.test(text) || /bearer/i.test(text),
    );
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
      tokenSeenByBrowser,
    };
  } finally {
    await Promise.all(backends.map((backend) => backend.close()));
  }
}
