import { isDeepStrictEqual } from 'node:util';
import { attachCloudToken, isCloudTokenError } from '@cloud-token/axios';
import { jwtPattern, printedForm, type TourOutput } from '@cloud-token/demo-kit';
import type { Emulator } from '@cloud-token/emulator';
import axios, { isAxiosError } from 'axios';
import { startForeignServer } from './foreign-server.js';

/** What the tour measured, for its summary and its test. */
export interface TourFigures {
  herdCalls: number;
  herdSucceeded: number;
  tokenRequestsForHerd: number;
  replayStatuses: string;
  replayBodyIdentical: boolean;
  renewalsForReplay: number;
  rateLimitedStatuses: string;
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

/**
 * Walks through what `attachCloudToken()` does to an axios instance, against
 * the emulator: a cold herd, a key rotation under a POST, an API 429, a
 * request to a foreign origin, an API error, a wrong secret, and detach().
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

  const api = axios.create({ baseURL: `${emulator.apiUrl}/` });
  const detach = attachCloudToken(api, { ...credentials, logger });
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

    step('Key rotation, then a POST with a JSON body');
    const payload = { document: 'report.docx', format: 'pdf', pages: [1, 2, 3], note: 'ünïcödé' };
    const requestsBeforeRotation = stats.tokenRequests.total;
    control.revokeAllTokens();
    const replayed = await api.post('words/convert', payload);
    const replayStatuses = statusesOf('/words/convert');
    const replayBodyIdentical = isDeepStrictEqual(replayed.data, payload);
    const renewalsForReplay = stats.tokenRequests.total - requestsBeforeRotation;
    say(`the API answered ${replayStatuses}: the token was renewed and the POST replayed`);
    say(`the echoed body is the one sent: ${replayBodyIdentical}; renewals: ${renewalsForReplay}`);

    step('The API answers 429 with Retry-After: 1');
    control.failApiRequests(1, { status: 429, retryAfter: '1' });
    await api.get('words/busy.docx');
    const rateLimitedStatuses = statusesOf('/words/busy.docx');
    say(`the API answered ${rateLimitedStatuses}: the wait was taken, then the retry`);

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
      replayStatuses,
      replayBodyIdentical,
      renewalsForReplay,
      rateLimitedStatuses,
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
    detachWrong();
    await foreign.close();
  }
}
