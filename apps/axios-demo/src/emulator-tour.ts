import { isDeepStrictEqual } from 'node:util';
import {
  attachCloudToken,
  clientCredentials,
  createTokenSource,
  isCloudTokenError,
} from '@cloud-token/axios';
import {
  apiLogSince,
  createSkewedClock,
  jwtPattern,
  printedForm,
  type TourOutput,
  type TourSteps,
  waitUntil,
} from '@cloud-token/demo-kit';
import type { Emulator } from '@cloud-token/emulator';
import axios, { isAxiosError } from 'axios';
import { startForeignServer } from './foreign-server.js';

/** What the tour measured, for its summary and its test. */
export interface TourFigures {
  herdCalls: number;
  herdSucceeded: number;
  tokenRequestsForHerd: number;
  renewalCalls: number;
  renewalFailedCalls: number;
  tokenRequestsForRenewal: number;
  tokensCarriedAcrossRenewal: number;
  rotationCalls: number;
  rotationRejected: number;
  rotationSucceeded: number;
  tokenRequestsForRotation: number;
  replayStatuses: string;
  replayBodyIdentical: boolean;
  renewalsForReplay: number;
  rateLimitedStatuses: string;
  tokenEndpoint429Code: string | undefined;
  tokenEndpoint429RetryAfterSeconds: number | undefined;
  cooldownCalls: number;
  tokenRequestsDuringCooldown: number;
  foreignRequests: number;
  foreignSawAuthorization: boolean;
  apiErrorStatus: number | undefined;
  errorAuthorizationShownAs: string | undefined;
  tokenPrinted: boolean;
  wrongSecretCalls: number;
  wrongSecretCode: string | undefined;
  wrongSecretTokenRequests: number;
  lockouts: number;
  secretPrinted: boolean;
  statusAfterDetach: number | undefined;
}

async function failureOf(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => undefined,
    (error: unknown) => error,
  );
}

function describeFailure(error: unknown): string | undefined {
  if (error === undefined) return undefined;
  if (isCloudTokenError(error)) return error.code;
  if (isAxiosError(error)) return `HTTP ${error.response?.status ?? 'no answer'}`;
  return 'untyped';
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
    api429: { statuses: figures.rateLimitedStatuses.split(' → ').map(Number) },
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
 * Walks through what `attachCloudToken()` does to an axios instance, against
 * the emulator: a cold herd, the renewal window, a key rotation under GETs
 * and a POST, an API 429, a rate-limited token endpoint, a request to a
 * foreign origin, an API error, a wrong secret, and detach().
 * Every figure comes from the emulator's counters or from what a server saw.
 */
export async function runEmulatorTour(
  emulator: Emulator,
  output: TourOutput,
): Promise<TourFigures> {
  const { control, stats } = emulator;
  const { step, say, logger } = output;
  const credentials = {
    tokenUrl: emulator.tokenUrl,
    clientId: 'axios-demo',
    clientSecret: 'axios-s3cret+&=%',
  };
  control.addClient(credentials);
  const statusesOf = (pathEnd: string): string =>
    stats.apiRequestLog
      .filter((record) => record.url.endsWith(pathEnd))
      .map((record) => record.status)
      .join(' → ');

  // A second instance of the app, with credentials of its own: it shares no token or cooldown.
  const secondInstance = {
    ...credentials,
    clientId: 'axios-demo-2',
    clientSecret: 'axios-s3cret-2',
  };
  control.addClient(secondInstance);
  const clock = createSkewedClock();
  const api = axios.create({ baseURL: `${emulator.apiUrl}/` });
  // The application's own source, handed to the instance: the tour watches it renew.
  const source = createTokenSource(clientCredentials(credentials), { clock, logger });
  const detach = attachCloudToken(api, source);
  const secondApi = axios.create({ baseURL: `${emulator.apiUrl}/` });
  const detachSecond = attachCloudToken(secondApi, { ...secondInstance, logger });
  const wrongSecret = 'wr0ng-axios-s3cret';
  const wrongApi = axios.create({ baseURL: `${emulator.apiUrl}/` });
  const detachWrong = attachCloudToken(wrongApi, {
    ...credentials,
    clientSecret: wrongSecret,
    logger,
  });
  const foreign = await startForeignServer();

  try {
    step('A cold herd: 200 requests through one axios instance at once');
    const herdCalls = 200;
    const herd = await Promise.all(
      Array.from({ length: herdCalls }, (_, index) => api.get(`words/report-${index}.docx`)),
    );
    const herdSucceeded = herd.filter((answer) => answer.status === 200).length;
    const tokenRequestsForHerd = stats.tokenRequests.total;
    say(`${herdSucceeded}/${herdCalls} answered 200; token requests: ${tokenRequestsForHerd}`);

    step('55 minutes later: inside the renewal window (1-hour tokens); 100 GETs meanwhile');
    clock.jump(55 * 60_000);
    const tokenBeforeRenewal = source.peek()?.value;
    const requestsBeforeRenewal = stats.tokenRequests.total;
    const sinceRenewal = apiLogSince(emulator);
    control.setLatency({ tokenMs: 200 });
    const settled = (call: Promise<{ status: number }>): Promise<number> =>
      call.then(
        (answer) => answer.status,
        () => 0,
      );
    const duringRenewal = await Promise.all(
      Array.from({ length: 50 }, (_, index) => settled(api.get(`words/window-${index}.docx`))),
    );
    await waitUntil(() => source.peek()?.value !== tokenBeforeRenewal);
    control.setLatency({ tokenMs: 0 });
    const afterRenewal = await Promise.all(
      Array.from({ length: 50 }, (_, index) => settled(api.get(`words/renewed-${index}.docx`))),
    );
    const renewalStatuses = [...duringRenewal, ...afterRenewal];
    const renewalFailedCalls = renewalStatuses.filter((status) => status !== 200).length;
    const tokenRequestsForRenewal = stats.tokenRequests.total - requestsBeforeRenewal;
    const tokensCarriedAcrossRenewal = new Set(sinceRenewal().map((record) => record.jti)).size;
    say(
      `renewed in the background with ${tokenRequestsForRenewal} token request; ${renewalFailedCalls}/${renewalStatuses.length} GETs failed; they carried ${tokensCarriedAcrossRenewal} tokens, old then new`,
    );

    step('Key rotation: every issued token is revoked while 50 GETs are in flight');
    const requestsBeforeRotation = stats.tokenRequests.total;
    const sinceRotation = apiLogSince(emulator);
    control.setLatency({ apiMs: 500 });
    const inFlight = Array.from({ length: 50 }, (_, index) =>
      settled(api.get(`words/rotated-${index}.docx`)),
    );
    control.revokeAllTokens();
    const rotationStatuses = await Promise.all(inFlight);
    control.setLatency({ apiMs: 0 });
    const rotationRejected = sinceRotation().filter((record) => record.status === 401).length;
    const rotationSucceeded = rotationStatuses.filter((status) => status === 200).length;
    const tokenRequestsForRotation = stats.tokenRequests.total - requestsBeforeRotation;
    say(
      `the API answered ${rotationRejected} of them 401; ${rotationSucceeded}/50 replays succeeded; ${tokenRequestsForRotation} renewal`,
    );

    step('Key rotation again, then a POST with a JSON body');
    const payload = { document: 'report.docx', format: 'pdf', pages: [1, 2, 3], note: 'ünïcödé' };
    const requestsBeforePost = stats.tokenRequests.total;
    control.revokeAllTokens();
    const replayed = await api.post('words/convert', payload);
    const replayStatuses = statusesOf('/words/convert');
    const replayBodyIdentical = isDeepStrictEqual(replayed.data, payload);
    const renewalsForReplay = stats.tokenRequests.total - requestsBeforePost;
    say(`the API answered ${replayStatuses}: the token was renewed and the POST replayed`);
    say(`the echoed body is the one sent: ${replayBodyIdentical}; renewals: ${renewalsForReplay}`);

    step('The API answers 429 with Retry-After: 1');
    control.failApiRequests(1, { status: 429, retryAfter: '1' });
    await api.get('words/busy.docx');
    const rateLimitedStatuses = statusesOf('/words/busy.docx');
    say(`the API answered ${rateLimitedStatuses}: the wait was taken, then the retry`);

    step('A second instance while the token endpoint answers 429 with Retry-After: 600');
    control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '600' });
    const requestsBefore429 = stats.tokenRequests.total;
    const rateLimited = await failureOf(secondApi.get('words/report.docx'));
    const tokenEndpoint429Code = describeFailure(rateLimited);
    const tokenEndpoint429RetryAfterSeconds = isCloudTokenError(rateLimited, 'ERR_RATE_LIMITED')
      ? Math.ceil(rateLimited.retryAfterMs / 1000)
      : undefined;
    const cooldownCalls = 1 + 20;
    await Promise.all(
      Array.from({ length: cooldownCalls - 1 }, () =>
        failureOf(secondApi.get('words/report.docx')),
      ),
    );
    const tokenRequestsDuringCooldown = stats.tokenRequests.total - requestsBefore429;
    say(
      `the call was rejected with ${tokenEndpoint429Code}, retry in ${tokenEndpoint429RetryAfterSeconds} s; 20 more calls sent ${tokenRequestsDuringCooldown - 1} token requests`,
    );

    step(`An absolute URL to another origin (${foreign.url}) on the same instance`);
    await api.get(`${foreign.url}/status`);
    const foreignSawAuthorization = foreign.authorizations.some((value) => value !== undefined);
    say(
      `that server got ${foreign.authorizations.length} request; an Authorization header: ${foreignSawAuthorization}`,
    );

    step('The API fails with 500: the AxiosError as a log would print it');
    control.failApiRequests(1, { status: 500 });
    const apiError = await failureOf(api.get('words/broken.docx'));
    const apiErrorStatus = isAxiosError(apiError) ? apiError.response?.status : undefined;
    const printedError = printedForm(apiError);
    const errorAuthorizationShownAs = /Bearer [^"']*/.exec(printedError)?.[0];
    const tokenPrinted = jwtPattern.test(printedError);
    say(
      `status ${apiErrorStatus}; its Authorization header prints as '${errorAuthorizationShownAs}'`,
    );
    say(`a token anywhere in util.inspect or JSON.stringify: ${tokenPrinted}`);

    step('A wrong secret: 20 calls, one after another');
    const requestsBeforeWrong = stats.tokenRequests.total;
    const wrongSecretCalls = 20;
    const failures: unknown[] = [];
    for (let index = 0; index < wrongSecretCalls; index += 1) {
      failures.push(await failureOf(wrongApi.get('words/report.docx')));
    }
    const wrongSecretTokenRequests = stats.tokenRequests.total - requestsBeforeWrong;
    const codes = new Set(failures.map(describeFailure));
    const wrongSecretCode = codes.size === 1 ? [...codes][0] : [...codes].join(', ');
    const lastFailure = failures.at(-1);
    const secretPrinted = printedForm(lastFailure).includes(wrongSecret);
    say(
      `every call failed with ${wrongSecretCode}; token requests: ${wrongSecretTokenRequests}; lockouts: ${stats.lockouts}`,
    );
    say(`the error as a log would print it: ${JSON.stringify(lastFailure)}`);

    step('detach(): the interceptors are gone, and so is the token');
    detach();
    const afterDetach = await failureOf(api.get('words/report.docx'));
    const statusAfterDetach = isAxiosError(afterDetach) ? afterDetach.response?.status : undefined;
    say(`the same call now gets ${describeFailure(afterDetach)} from the API`);

    return {
      herdCalls,
      herdSucceeded,
      tokenRequestsForHerd,
      renewalCalls: renewalStatuses.length,
      renewalFailedCalls,
      tokenRequestsForRenewal,
      tokensCarriedAcrossRenewal,
      rotationCalls: 50,
      rotationRejected,
      rotationSucceeded,
      tokenRequestsForRotation,
      replayStatuses,
      replayBodyIdentical,
      renewalsForReplay,
      rateLimitedStatuses,
      tokenEndpoint429Code,
      tokenEndpoint429RetryAfterSeconds,
      cooldownCalls,
      tokenRequestsDuringCooldown,
      foreignRequests: foreign.authorizations.length,
      foreignSawAuthorization,
      apiErrorStatus,
      errorAuthorizationShownAs,
      tokenPrinted,
      wrongSecretCalls,
      wrongSecretCode,
      wrongSecretTokenRequests,
      lockouts: stats.lockouts,
      secretPrinted,
      statusAfterDetach,
    };
  } finally {
    detach();
    detachSecond();
    detachWrong();
    source.close();
    await foreign.close();
  }
}
