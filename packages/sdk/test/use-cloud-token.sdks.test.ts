import {
  clientCredentials,
  createTokenSource,
  isCloudTokenError,
  memoryTokenStore,
  type TokenSource,
} from '@cloud-token/core';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '@cloud-token/emulator';
import { useEmulator } from '@cloud-token/emulator/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DetachCloudToken, useCloudToken } from '../src/index.js';
import { instantClock } from './support/instant-clock.js';
import { isPdfSdkRejection, type SdkUnderTest, sdkDrivers } from './support/official-sdks.js';

/*
 * Every supported SDK version, installed from npm, bridged to a token source
 * and run against the emulator. Nothing of an SDK is mocked: its own request
 * code sends every call, the bridge only hands it the token.
 */

const cloud = useEmulator({ beforeAll, beforeEach, afterAll });
const HERD = 100;
const BOGUS_SDK_SECRET = 'the-sdk-never-sends-this';

const detachers: DetachCloudToken[] = [];
const sources: TokenSource[] = [];
afterEach(() => {
  for (const detach of detachers.splice(0)) detach();
  for (const source of sources.splice(0)) source.close();
});

/*
 * asposepdfcloud leaves one rejected promise unhandled per answer that is not
 * 2xx (an SDK bug, alone and bridged alike: a plain Node process would end).
 * They are counted here, so the tests can say how many; any other unhandled
 * rejection fails the test.
 */
const pdfSdkRejections: unknown[] = [];
const otherRejections: unknown[] = [];
const onUnhandled = (reason: unknown) =>
  (isPdfSdkRejection(reason) ? pdfSdkRejections : otherRejections).push(reason);
let expectedPdfSdkRejections: () => number = () => 0;
beforeEach(() => {
  pdfSdkRejections.length = 0;
  otherRejections.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(async () => {
  // Node reports an unhandled rejection once the microtasks ran out: after this turn.
  await new Promise((resolve) => setImmediate(resolve));
  process.off('unhandledRejection', onUnhandled);
  expect(otherRejections).toEqual([]);
  expect(pdfSdkRejections).toHaveLength(expectedPdfSdkRejections());
});

/** API answers that were not 2xx: each costs asposepdfcloud one unhandled rejection. */
function apiErrorAnswers(): number {
  return Object.entries(cloud.emulator.stats.apiRequests.byStatus)
    .filter(([status]) => Number(status) >= 300)
    .reduce((sum, [, count]) => sum + count, 0);
}

function sourceFor(clientSecret = DEFAULT_CLIENT_SECRET): TokenSource {
  const source = createTokenSource(
    clientCredentials({
      tokenUrl: cloud.emulator.tokenUrl,
      clientId: DEFAULT_CLIENT_ID,
      clientSecret,
    }),
    { store: memoryTokenStore() },
  );
  sources.push(source);
  return source;
}

function settledCounts(results: readonly PromiseSettledResult<unknown>[]) {
  return {
    ok: results.filter((result) => result.status === 'fulfilled').length,
    failed: results.filter((result) => result.status === 'rejected').length,
  };
}

describe.each(sdkDrivers)('$label, bridged', (driver) => {
  beforeEach(() => {
    expectedPdfSdkRejections = driver.rejectsUnhandled ? apiErrorAnswers : () => 0;
  });

  function bridged(source: TokenSource, options = {}): SdkUnderTest {
    const sdk = driver.make(cloud.emulator.url, DEFAULT_CLIENT_ID, BOGUS_SDK_SECRET);
    for (const client of sdk.clients) detachers.push(useCloudToken(client, source, options));
    return sdk;
  }
  const firstCall = (sdk: SdkUnderTest) => () => {
    const call = sdk.calls[0];
    if (call === undefined) throw new Error('a driver without calls');
    return call.run();
  };
  const herd = (sdk: SdkUnderTest) =>
    Promise.allSettled(Array.from({ length: HERD }, firstCall(sdk)));

  it('its most used calls succeed with the source’s token; the SDK’s own (bogus) secret is never sent', async () => {
    const sdk = bridged(sourceFor());

    for (const call of sdk.calls) await call.run();

    expect(cloud.emulator.stats.tokenRequests).toMatchObject({ total: 1, issued: 1, rejected: 0 });
    expect(cloud.emulator.stats.apiRequests.byStatus).toEqual({ 200: sdk.calls.length });
  });

  it('alone, the same SDK with that secret fails: it would send it', async () => {
    const sdk = driver.make(cloud.emulator.url, DEFAULT_CLIENT_ID, BOGUS_SDK_SECRET);
    const { tokenRequests } = cloud.emulator.stats;
    // Here the SDK's own token request is refused too.
    if (driver.rejectsUnhandled) expectedPdfSdkRejections = () => tokenRequests.rejected;

    await expect(firstCall(sdk)()).rejects.toBeDefined();
    expect(cloud.emulator.stats.tokenRequests.rejected).toBeGreaterThanOrEqual(1);
  });

  it(`${HERD} concurrent calls on a cold client: 1 token request`, async () => {
    const sdk = bridged(sourceFor());

    expect(settledCounts(await herd(sdk))).toEqual({ ok: HERD, failed: 0 });
    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
  });

  it(`a key rotation under ${HERD} concurrent calls: 1 renewal, 0 failed calls, each refused call replayed once`, async () => {
    const sdk = bridged(sourceFor());
    await firstCall(sdk)();
    cloud.emulator.control.setLatency({ apiMs: 50 });

    const calls = herd(sdk);
    cloud.emulator.control.revokeAllTokens();

    expect(settledCounts(await calls)).toEqual({ ok: HERD, failed: 0 });
    expect(cloud.emulator.stats.tokenRequests).toMatchObject({ total: 2, issued: 2 });
    expect(cloud.emulator.stats.apiRequests.byStatus).toEqual({ 200: HERD + 1, 401: HERD });
  });

  it(`past one token lifetime (the emulator's clock): ${HERD} calls, 0 failed, 1 renewal`, async () => {
    const sdk = bridged(sourceFor());
    await firstCall(sdk)();

    cloud.emulator.control.advanceTime(86_401_000);

    expect(settledCounts(await herd(sdk))).toEqual({ ok: HERD, failed: 0 });
    expect(cloud.emulator.stats.tokenRequests.total).toBe(2);
  });

  it(`a wrong secret: ${HERD} calls, 1 token request, 0 lockouts, each call rejected with ERR_CREDENTIALS_REJECTED`, async () => {
    const sdk = bridged(sourceFor('wrong-secret'));

    const results = await herd(sdk);
    for (let call = 0; call < 10; call += 1)
      results.push(...(await Promise.allSettled([firstCall(sdk)()])));

    const reasons = results.map((result) =>
      result.status === 'rejected' ? result.reason : undefined,
    );
    expect(reasons.every((reason) => isCloudTokenError(reason, 'ERR_CREDENTIALS_REJECTED'))).toBe(
      true,
    );
    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
    expect(cloud.emulator.stats.lockouts).toBe(0);
    expect(JSON.stringify(reasons)).not.toContain('wrong-secret');
  });

  it('the token endpoint’s 429: the call rejects with ERR_RATE_LIMITED and its retry delay', async () => {
    const sdk = bridged(sourceFor());
    cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '30' });

    const error = await firstCall(sdk)().then(
      () => undefined,
      (reason: unknown) => reason,
    );

    // What is left of the 30 s when the call ends: a millisecond or so may have passed.
    const retryAfterMs = isCloudTokenError(error, 'ERR_RATE_LIMITED') ? error.retryAfterMs : 0;
    expect(retryAfterMs).toBeGreaterThan(29_000);
    expect(retryAfterMs).toBeLessThanOrEqual(30_000);
    expect(cloud.emulator.stats.apiRequests.total).toBe(0);
  });

  it('an API 429 with Retry-After: waited out and retried when the SDK’s error shows it, else answered as the SDK answers it', async () => {
    const clock = instantClock();
    const sdk = bridged(sourceFor(), { clock });
    cloud.emulator.control.failApiRequests(1, { status: 429, retryAfter: '2' });

    const outcome = await firstCall(sdk)().then(
      () => 'ok',
      (reason: unknown) => reason,
    );

    if (driver.keepsRetryAfter) {
      expect(outcome).toBe('ok');
      expect(clock.waits).toEqual([2_000]);
      expect(cloud.emulator.stats.apiRequests.byStatus).toEqual({ 200: 1, 429: 1 });
    } else {
      expect(outcome).toMatchObject({ code: 429 });
      expect(clock.waits).toEqual([]);
      expect(cloud.emulator.stats.apiRequests.byStatus).toEqual({ 429: 1 });
    }
  });
});
