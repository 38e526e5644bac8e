import { inspect } from 'node:util';
import {
  clientCredentials,
  createAuthorizedFetch,
  createTokenSource,
  isCloudTokenError,
  type TokenSource,
} from '@cloud-token/core';
import {
  apiLogSince,
  createSkewedClock,
  printedForm,
  type TourOutput,
  type TourSteps,
  waitUntil,
} from '@cloud-token/demo-kit';
import type { Emulator } from '@cloud-token/emulator';

/** What the tour measured, for its summary and its test. */
export interface TourFigures {
  coldHerdCallers: number;
  tokenRequestsAfterHerd: number;
  tokenRequestsAfterWarmCalls: number;
  servedWithoutWaitingInWindow: boolean;
  tokenRequestsAfterRenewal: number;
  renewalCalls: number;
  renewalFailedCalls: number;
  tokenRequestsForRenewal: number;
  rotationCalls: number;
  rotationRejected: number;
  rotationSucceeded: number;
  tokenRequestsForRotation: number;
  rateLimitedApiStatuses: number[];
  tokenEndpoint429Code: string | undefined;
  tokenEndpoint429RetryAfterSeconds: number | undefined;
  cooldownCalls: number;
  tokenRequestsDuringCooldown: number;
  wrongSecretCalls: number;
  wrongSecretTokenRequests: number;
  wrongSecretCode: string | undefined;
  lockouts: number;
  secretPrinted: boolean;
}

async function failureCode(call: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await call();
    return undefined;
  } catch (error) {
    return isCloudTokenError(error) ? error.code : 'untyped';
  }
}

/** The tour's six steps, as every demo reports them to `pnpm demo`. */
export function tourSteps(figures: TourFigures): TourSteps {
  return {
    firstCall: {
      calls: figures.coldHerdCallers,
      succeeded: figures.coldHerdCallers,
      tokenRequests: figures.tokenRequestsAfterHerd,
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
      kind: 'error',
      code: figures.tokenEndpoint429Code,
      retryAfterSeconds: figures.tokenEndpoint429RetryAfterSeconds,
      calls: figures.cooldownCalls,
      tokenRequests: figures.tokenRequestsDuringCooldown,
    },
    wrongSecret: {
      calls: figures.wrongSecretCalls,
      outcome: figures.wrongSecretCode ?? 'success',
      tokenRequests: figures.wrongSecretTokenRequests,
      lockouts: figures.lockouts,
    },
  };
}

/**
 * Walks through the token lifecycle against the emulator: herd, renewal
 * window, key rotation, API 429, token endpoint 429, wrong secret. Every
 * figure comes from the emulator's own counters.
 */
export async function runEmulatorTour(
  emulator: Emulator,
  output: TourOutput,
): Promise<TourFigures> {
  const { control, stats } = emulator;
  const credentials = {
    tokenUrl: emulator.tokenUrl,
    clientId: 'demo-app',
    clientSecret: 'demo-s3cret+&=%',
  };
  // A second instance of the app, with credentials of its own: it shares no token or cooldown.
  const secondInstance = { clientId: 'demo-app-2', clientSecret: 'demo-s3cret-2' };
  control.addClient({ clientId: credentials.clientId, clientSecret: credentials.clientSecret });
  control.addClient(secondInstance);
  const clock = createSkewedClock();
  const sources: TokenSource[] = [];
  const newSource = (overrides: { clientId?: string; clientSecret?: string } = {}): TokenSource => {
    const source = createTokenSource(clientCredentials({ ...credentials, ...overrides }), {
      clock,
      logger: output.logger,
    });
    sources.push(source);
    return source;
  };

  try {
    const source = newSource();
    const cloudFetch = createAuthorizedFetch(source, { baseUrl: emulator.apiUrl, clock });

    output.step('A cold herd: 100 callers ask for a token at once');
    const coldHerdCallers = 100;
    const herd = await Promise.all(
      Array.from({ length: coldHerdCallers }, () => source.getToken()),
    );
    const tokenRequestsAfterHerd = stats.tokenRequests.total;
    output.say(
      `${herd.length} callers served, ${tokenRequestsAfterHerd} token request sent (single-flight)`,
    );
    output.say(`the token prints as ${inspect(herd[0])} — never its value`);

    output.step('1,000 more calls while the token is fresh');
    await Promise.all(Array.from({ length: 1_000 }, () => source.getToken()));
    const tokenRequestsAfterWarmCalls = stats.tokenRequests.total;
    output.say(`token requests so far: ${tokenRequestsAfterWarmCalls} (served from the cache)`);

    output.step(
      '55 minutes later: inside the renewal window (1-hour tokens); 100 API calls meanwhile',
    );
    clock.jump(55 * 60_000);
    const before = herd[0]?.value;
    const requestsBeforeRenewal = stats.tokenRequests.total;
    const sinceRenewal = apiLogSince(emulator);
    control.setLatency({ tokenMs: 200 });
    const inWindow = await source.getToken();
    const servedWithoutWaitingInWindow = inWindow.value === before;
    const duringRenewal = await Promise.all(
      Array.from({ length: 50 }, (_, index) => cloudFetch(`words/window-${index}.docx`)),
    );
    output.say(
      `the callers got the current token at once: ${servedWithoutWaitingInWindow}; renewal runs in the background`,
    );
    await waitUntil(() => source.peek()?.value !== before);
    control.setLatency({ tokenMs: 0 });
    const afterRenewal = await Promise.all(
      Array.from({ length: 50 }, (_, index) => cloudFetch(`words/renewed-${index}.docx`)),
    );
    const renewalCalls = duringRenewal.length + afterRenewal.length;
    const renewalFailedCalls = [...duringRenewal, ...afterRenewal].filter(
      (answer) => answer.status !== 200,
    ).length;
    const tokensCarried = new Set(sinceRenewal().map((record) => record.jti)).size;
    const tokenRequestsAfterRenewal = stats.tokenRequests.total;
    const tokenRequestsForRenewal = tokenRequestsAfterRenewal - requestsBeforeRenewal;
    output.say(
      `renewed with ${tokenRequestsForRenewal} token request; ${renewalFailedCalls}/${renewalCalls} calls failed; they carried ${tokensCarried} tokens, old then new`,
    );

    output.step('Key rotation: every issued token is revoked while 50 API calls are in flight');
    const requestsBeforeRotation = stats.tokenRequests.total;
    const sinceRotation = apiLogSince(emulator);
    control.setLatency({ apiMs: 500 });
    const inFlight = Array.from({ length: 50 }, (_, index) =>
      cloudFetch(`words/report-${index}.docx`),
    );
    control.revokeAllTokens();
    const answers = await Promise.all(inFlight);
    control.setLatency({ apiMs: 0 });
    const rotationRejected = sinceRotation().filter((record) => record.status === 401).length;
    const rotationSucceeded = answers.filter((answer) => answer.status === 200).length;
    const tokenRequestsForRotation = stats.tokenRequests.total - requestsBeforeRotation;
    output.say(
      `the API answered ${rotationRejected} of them 401; ${rotationSucceeded}/50 replays succeeded; ${tokenRequestsForRotation} renewal`,
    );

    output.step('The API answers 429 with Retry-After: 1');
    const since429 = apiLogSince(emulator);
    control.failApiRequests(1, { status: 429, retryAfter: '1' });
    const waited = await cloudFetch('words/busy.docx');
    const rateLimitedApiStatuses = since429().map((record) => record.status);
    output.say(
      `the API answered ${rateLimitedApiStatuses.join(' → ')}: waited as told, retried, got ${waited.status}`,
    );

    output.step(
      'The token endpoint answers 429 with Retry-After: 600 (a second instance, no token yet)',
    );
    const fresh = newSource(secondInstance);
    control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '600' });
    const requestsBefore429 = stats.tokenRequests.total;
    const rateLimited = await fresh.getToken().then(
      () => undefined,
      (error: unknown) => error,
    );
    const tokenEndpoint429Code = isCloudTokenError(rateLimited) ? rateLimited.code : 'untyped';
    const tokenEndpoint429RetryAfterSeconds = isCloudTokenError(rateLimited, 'ERR_RATE_LIMITED')
      ? Math.ceil(rateLimited.retryAfterMs / 1000)
      : undefined;
    const cooldownCalls = 1 + 20;
    await Promise.all(
      Array.from({ length: cooldownCalls - 1 }, () => failureCode(() => fresh.getToken())),
    );
    const tokenRequestsDuringCooldown = stats.tokenRequests.total - requestsBefore429;
    output.say(
      `first call: ${tokenEndpoint429Code}, retry in ${tokenEndpoint429RetryAfterSeconds} s; 20 more calls sent ${tokenRequestsDuringCooldown - 1} requests: every caller waits out the cooldown`,
    );

    output.step('A wrong secret: 100 concurrent calls, then 20 one after another');
    const wrongSecret = 'wr0ng-s3cret-DEMO';
    const wrong = newSource({ clientSecret: wrongSecret });
    const requestsBeforeWrong = stats.tokenRequests.total;
    const wrongSecretCalls = 120;
    const codes = await Promise.all(
      Array.from({ length: 100 }, () => failureCode(() => wrong.getToken())),
    );
    let lastError: unknown;
    for (let index = 0; index < 20; index += 1) {
      await wrong.getToken().catch((error: unknown) => {
        lastError = error;
      });
    }
    const wrongSecretTokenRequests = stats.tokenRequests.total - requestsBeforeWrong;
    const secretPrinted = printedForm(lastError).includes(wrongSecret);
    output.say(
      `every call failed with ${codes[0]}; token requests sent: ${wrongSecretTokenRequests}; lockouts: ${stats.lockouts}`,
    );
    output.say(`the error as a log would print it: ${JSON.stringify(lastError)}`);

    return {
      coldHerdCallers,
      tokenRequestsAfterHerd,
      tokenRequestsAfterWarmCalls,
      servedWithoutWaitingInWindow,
      tokenRequestsAfterRenewal,
      renewalCalls,
      renewalFailedCalls,
      tokenRequestsForRenewal,
      rotationCalls: 50,
      rotationRejected,
      rotationSucceeded,
      tokenRequestsForRotation,
      rateLimitedApiStatuses,
      tokenEndpoint429Code,
      tokenEndpoint429RetryAfterSeconds,
      cooldownCalls,
      tokenRequestsDuringCooldown,
      wrongSecretCalls,
      wrongSecretTokenRequests,
      wrongSecretCode: codes[0],
      lockouts: stats.lockouts,
      secretPrinted,
    };
  } finally {
    for (const source of sources) source.close();
  }
}
