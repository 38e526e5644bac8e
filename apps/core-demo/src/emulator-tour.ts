import { inspect } from 'node:util';
import {
  clientCredentials,
  createAuthorizedFetch,
  createTokenSource,
  isCloudTokenError,
  memoryTokenStore,
  type TokenSource,
  type TokenStore,
} from '@cloud-token/core';
import { printedForm, type TourOutput } from '@cloud-token/demo-kit';
import type { Emulator } from '@cloud-token/emulator';
import { createSkewedClock } from './skewed-clock.js';

/** What the tour measured, for its summary and its test. */
export interface TourFigures {
  coldHerdCallers: number;
  tokenRequestsAfterHerd: number;
  tokenRequestsAfterWarmCalls: number;
  servedWithoutWaitingInWindow: boolean;
  tokenRequestsAfterRenewal: number;
  rotationCalls: number;
  rotationSucceeded: number;
  tokenRequestsForRotation: number;
  rateLimitedApiStatus: number;
  tokenEndpoint429Code: string | undefined;
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

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
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
  control.addClient({ clientId: credentials.clientId, clientSecret: credentials.clientSecret });
  const clock = createSkewedClock();
  const sources: TokenSource[] = [];
  const newSource = (
    secret = credentials.clientSecret,
    store: TokenStore | undefined = undefined,
  ): TokenSource => {
    const source = createTokenSource(clientCredentials({ ...credentials, clientSecret: secret }), {
      clock,
      logger: output.logger,
      ...(store === undefined ? {} : { store }),
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

    output.step('55 minutes later: inside the renewal window (the emulator issues 1-hour tokens)');
    clock.jump(55 * 60_000);
    const before = herd[0]?.value;
    control.setLatency({ tokenMs: 200 });
    const inWindow = await source.getToken();
    const servedWithoutWaitingInWindow = inWindow.value === before;
    output.say(
      `the caller got the current token at once: ${servedWithoutWaitingInWindow}; renewal runs in the background`,
    );
    await until(() => source.peek()?.value !== before);
    control.setLatency({ tokenMs: 0 });
    const tokenRequestsAfterRenewal = stats.tokenRequests.total;
    output.say(`renewed: token requests now ${tokenRequestsAfterRenewal}`);

    output.step('Key rotation: every issued token is revoked while 50 API calls are in flight');
    const requestsBeforeRotation = stats.tokenRequests.total;
    control.setLatency({ apiMs: 100 });
    const inFlight = Array.from({ length: 50 }, (_, index) =>
      cloudFetch(`words/report-${index}.docx`),
    );
    control.revokeAllTokens();
    const answers = await Promise.all(inFlight);
    control.setLatency({ apiMs: 0 });
    const rotationSucceeded = answers.filter((answer) => answer.status === 200).length;
    const tokenRequestsForRotation = stats.tokenRequests.total - requestsBeforeRotation;
    output.say(
      `${rotationSucceeded}/50 calls succeeded after one 401 each; ${tokenRequestsForRotation} renewal`,
    );

    output.step('The API answers 429 with Retry-After: 1');
    control.failApiRequests(1, { status: 429, retryAfter: '1' });
    const waited = await cloudFetch('words/busy.docx');
    output.say(`waited as told, retried, got ${waited.status}`);

    output.step(
      'The token endpoint answers 429 with Retry-After: 600 (a fresh instance, no token yet)',
    );
    // Its own token store: in the default one it would find the token the
    // first source stored for the same credentials, and need no request.
    const fresh = newSource(credentials.clientSecret, memoryTokenStore());
    control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '600' });
    const requestsBefore429 = stats.tokenRequests.total;
    const tokenEndpoint429Code = await failureCode(() => fresh.getToken());
    await Promise.all(Array.from({ length: 20 }, () => failureCode(() => fresh.getToken())));
    const tokenRequestsDuringCooldown = stats.tokenRequests.total - requestsBefore429;
    output.say(
      `first call: ${tokenEndpoint429Code}; 20 more calls sent ${tokenRequestsDuringCooldown - 1} requests: every caller waits out the cooldown`,
    );

    output.step('A wrong secret: 100 concurrent calls, then 20 one after another');
    const wrongSecret = 'wr0ng-s3cret-DEMO';
    const wrong = newSource(wrongSecret);
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
      rotationCalls: 50,
      rotationSucceeded,
      tokenRequestsForRotation,
      rateLimitedApiStatus: waited.status,
      tokenEndpoint429Code,
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
