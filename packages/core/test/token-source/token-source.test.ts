import { inspect } from 'node:util';
import {
  type AccessToken,
  type CloudTokenError,
  clientCredentials,
  createTokenSource,
  externalToken,
  type FetchLike,
  type Grant,
  type InvalidOptionsError,
  isCloudTokenError,
  type RateLimitedError,
  type TokenRequestError,
  type TokenSourceOptions,
} from '@cloud-token/core';
import { createFakeClock, type FakeClock, thrownBy } from '@cloud-token/core/testing';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '@cloud-token/emulator';
import { describe, expect, it, vi } from 'vitest';
import { useEmulatorSources } from '../support/emulator-sources.js';
import { runUntil, runUntilSettled } from '../support/run-until-settled.js';

const DAY = 86_400_000;
/** With `random: () => 0` and the default policies, for the emulator's one-day tokens. */
const RENEW_AFTER = DAY - 300_000;
const UNUSABLE_AFTER = DAY - 30_000;

const cloud = useEmulatorSources();
const { opened } = cloud;

interface LogLine {
  level: string;
  message: string;
  fields: Record<string, unknown> | undefined;
}

function setup(options: TokenSourceOptions & { clock?: FakeClock; clientSecret?: string } = {}) {
  const { clock = createFakeClock(), clientSecret = DEFAULT_CLIENT_SECRET, ...rest } = options;
  const lines: LogLine[] = [];
  const record =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, message, fields });
    };
  const logger = { debug: record('debug'), info: record('info'), warn: record('warn') };
  const grant = clientCredentials({
    tokenUrl: cloud.emulator.tokenUrl,
    clientId: DEFAULT_CLIENT_ID,
    clientSecret,
  });
  const source = createTokenSource(grant, { clock, random: () => 0, logger, ...rest });
  opened.push(source);
  const logged = (message: string): number =>
    lines.filter((line) => line.message.startsWith(message)).length;
  return { clock, source, grant, lines, logged };
}

const tokenRequests = (): number => cloud.emulator.stats.tokenRequests.total;
const many = <T>(count: number, make: () => Promise<T>): Promise<T[]> =>
  Promise.all(Array.from({ length: count }, make));
const failureOf = (promise: Promise<unknown>): Promise<CloudTokenError> =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as CloudTokenError,
  );
const valuesOf = (tokens: AccessToken[]): Set<string> =>
  new Set(tokens.map((token) => token.value));

describe('createTokenSource: caching and single flight', () => {
  it('serves 1,000 concurrent callers on a cold cache with one token request, and again at expiry', async () => {
    const { clock, source } = setup();
    const first = await many(1_000, () => source.getToken());
    expect(tokenRequests()).toBe(1);
    expect(valuesOf(first).size).toBe(1);
    const [token] = first;
    expect(token?.expiresAt).toBe(clock.now() + DAY);

    await clock.advance(UNUSABLE_AFTER);
    expect(source.peek()).toBeUndefined();
    const second = await many(1_000, () => source.getToken());

    expect(tokenRequests()).toBe(2);
    expect(valuesOf(second).size).toBe(1);
    expect(second[0]?.value).not.toBe(token?.value);
    expect(cloud.emulator.stats.maxConcurrentTokenRequests).toBe(1);
  });

  it('does no work at all for a fresh cached token', async () => {
    const { clock, source } = setup();
    const token = await source.getToken();
    await clock.advance(RENEW_AFTER - 1);
    const again = await many(100, () => source.getToken());
    expect(valuesOf(again)).toEqual(new Set([token.value]));
    expect(source.peek()).toBe(token);
    expect(tokenRequests()).toBe(1);
    expect(clock.pending()).toBe(0);
  });

  it('peek() never sends a request; identity is the grant’s', () => {
    const { source, grant } = setup();
    expect(source.peek()).toBeUndefined();
    expect(source.identity).toBe(grant.identity);
    expect(tokenRequests()).toBe(0);
  });

  it('works with an external token grant', async () => {
    const clock = createFakeClock();
    let calls = 0;
    const grant = externalToken(async () => {
      calls += 1;
      return { accessToken: `external-${calls}`, expiresIn: 3_600 };
    });
    const source = createTokenSource(grant, { clock, random: () => 0 });
    opened.push(source);
    const tokens = await many(50, () => source.getToken());
    expect(valuesOf(tokens)).toEqual(new Set(['external-1']));
    expect(source.identity).toBe(grant.identity);
  });
});

describe('createTokenSource: renewal window', () => {
  it('serves the current token at once inside the window while exactly one background renewal runs', async () => {
    const { clock, source } = setup();
    const old = await source.getToken();
    cloud.emulator.control.setLatency({ tokenMs: 200 });
    await clock.advance(RENEW_AFTER);

    const during = await many(1_000, () => source.getToken());
    expect(valuesOf(during)).toEqual(new Set([old.value]));
    // Every caller has its answer while the renewal is still on the wire.
    expect(source.peek()).toBe(old);

    await vi.waitFor(() => expect(source.peek()?.value).not.toBe(old.value));
    const renewed = await source.getToken();
    expect(renewed.value).not.toBe(old.value);
    expect(tokenRequests()).toBe(2);
  });

  it('keeps serving the current token when the renewal fails, without hammering the endpoint, then fails typed', async () => {
    const { clock, source, logged } = setup();
    const old = await source.getToken();
    cloud.emulator.control.failTokenRequests(100, { kind: 'status', status: 500 });
    await clock.advance(RENEW_AFTER);

    expect((await source.getToken()).value).toBe(old.value);
    await runUntil(clock, () => logged('background renewal failed') === 1);
    expect(tokenRequests()).toBe(1 + 3);

    // The failure budget (3 per minute) is spent: callers get the token, the endpoint gets nothing.
    for (let call = 0; call < 100; call += 1) {
      expect((await source.getToken()).value).toBe(old.value);
    }
    await clock.advance(30_000);
    expect((await source.getToken()).value).toBe(old.value);
    expect(tokenRequests()).toBe(4);

    // A minute later the budget allows one more background renewal.
    await clock.advance(30_000);
    expect((await source.getToken()).value).toBe(old.value);
    await runUntil(clock, () => logged('background renewal failed') === 2);
    expect(tokenRequests()).toBe(4 + 3);

    await clock.advance(UNUSABLE_AFTER - RENEW_AFTER - 60_000);
    expect(source.peek()).toBeUndefined();
    const outcome = await runUntilSettled(clock, source.getToken());
    expect(outcome.status).toBe('rejected');
    const error = (outcome as PromiseRejectedResult).reason as TokenRequestError;
    expect(isCloudTokenError(error, 'ERR_TOKEN_REQUEST')).toBe(true);
    expect(error.upstreamStatus).toBe(500);
    expect(tokenRequests()).toBe(7 + 3);

    const refused = (await failureOf(source.getToken())) as TokenRequestError;
    expect(refused.reason).toBe('budget');
    expect(tokenRequests()).toBe(10);
  });
});

describe('createTokenSource: invalidate', () => {
  it('turns 500 concurrent invalidate(sameToken) + getToken() into exactly one renewal', async () => {
    const { source } = setup();
    const old = await source.getToken();
    let dropped = 0;
    const renewed = await many(500, () => {
      if (source.invalidate(old)) dropped += 1;
      return source.getToken();
    });

    expect(dropped).toBe(1);
    expect(tokenRequests()).toBe(2);
    expect(valuesOf(renewed).size).toBe(1);
    const [current] = renewed;
    expect(current?.value).not.toBe(old.value);

    expect(source.invalidate(old)).toBe(false);
    expect(source.invalidate(old.value)).toBe(false);
    expect((await source.getToken()).value).toBe(current?.value);
    expect(tokenRequests()).toBe(2);

    expect(source.invalidate(current?.value ?? '')).toBe(true);
    expect(source.peek()).toBeUndefined();
  });

  it('does not bypass the guard', async () => {
    const { source } = setup();
    const token = await source.getToken();
    cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '600' });
    source.invalidate(token);
    expect((await failureOf(source.getToken())).code).toBe('ERR_RATE_LIMITED');
    source.invalidate(token);
    expect((await failureOf(source.getToken())).code).toBe('ERR_RATE_LIMITED');
    expect(tokenRequests()).toBe(2);
  });
});

describe('createTokenSource: endpoint guard', () => {
  it('lets rejected credentials reach the endpoint once for 1,000 concurrent and 50 sequential calls', async () => {
    const wrongSecret = 's3cr3t-WRONG-7d2e91';
    const { clock, source, lines } = setup({ clientSecret: wrongSecret });

    const concurrent = await Promise.allSettled(
      Array.from({ length: 1_000 }, () => source.getToken()),
    );
    const sequential: CloudTokenError[] = [];
    for (let call = 0; call < 50; call += 1) sequential.push(await failureOf(source.getToken()));
    const errors = [
      ...concurrent.map((outcome) => (outcome as PromiseRejectedResult).reason as CloudTokenError),
      ...sequential,
    ];

    expect(concurrent.every((outcome) => outcome.status === 'rejected')).toBe(true);
    expect(errors.every((error) => isCloudTokenError(error, 'ERR_CREDENTIALS_REJECTED'))).toBe(
      true,
    );
    expect(new Set(errors).size).toBe(1);
    expect(tokenRequests()).toBe(1);
    expect(cloud.emulator.stats.lockouts).toBe(0);
    const [error] = errors;
    const shown = [
      error?.message,
      error?.stack,
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
      JSON.stringify(lines),
    ].join('\n');
    expect(shown).not.toContain(wrongSecret);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'credentials rejected' }),
    );

    // The first re-probe comes 2 minutes after the rejection, the next 4 minutes after that.
    await clock.advance(2 * 60_000 - 1);
    expect((await failureOf(source.getToken())).code).toBe('ERR_CREDENTIALS_REJECTED');
    expect(tokenRequests()).toBe(1);

    await clock.advance(1);
    expect((await failureOf(source.getToken())).code).toBe('ERR_CREDENTIALS_REJECTED');
    expect(tokenRequests()).toBe(2);
    expect((await failureOf(source.getToken())).code).toBe('ERR_CREDENTIALS_REJECTED');
    expect(tokenRequests()).toBe(2);
    await clock.advance(4 * 60_000 - 1);
    expect((await failureOf(source.getToken())).code).toBe('ERR_CREDENTIALS_REJECTED');
    expect(tokenRequests()).toBe(2);
    await clock.advance(1);
    expect((await failureOf(source.getToken())).code).toBe('ERR_CREDENTIALS_REJECTED');
    expect(tokenRequests()).toBe(3);
    expect(cloud.emulator.stats.lockouts).toBe(0);
  });

  it('retries transient failures: 500 twice, then a token for the first caller', async () => {
    const { clock, source } = setup();
    cloud.emulator.control.failTokenRequests(2, { kind: 'status', status: 500 });
    const outcome = await runUntilSettled(clock, source.getToken());
    expect(outcome.status).toBe('fulfilled');
    expect(tokenRequests()).toBe(3);
  });

  it('keeps failed requests within the budget per rolling minute while the endpoint is down, failing fast meanwhile', async () => {
    const clock = createFakeClock();
    const sentAt: number[] = [];
    const countingFetch: FetchLike = (input, init) => {
      sentAt.push(clock.now());
      return globalThis.fetch(input, init);
    };
    const { source } = setup({ clock, fetch: countingFetch });
    cloud.emulator.control.failTokenRequests(10_000, { kind: 'reset' });

    const errors: CloudTokenError[] = [];
    for (let second = 0; second < 120; second += 1) {
      const outcome = await runUntilSettled(clock, source.getToken());
      errors.push((outcome as PromiseRejectedResult).reason as CloudTokenError);
      await clock.advance(1_000);
    }

    expect(errors.every((error) => isCloudTokenError(error, 'ERR_TOKEN_REQUEST'))).toBe(true);
    expect(tokenRequests()).toBe(sentAt.length);
    expect(sentAt.length).toBe(6);
    for (const sent of sentAt) {
      const inWindow = sentAt.filter((other) => other > sent - 60_000 && other <= sent);
      expect(inWindow.length).toBeLessThanOrEqual(3);
    }
    const halfway = errors[30] as TokenRequestError;
    expect(halfway.reason).toBe('budget');
    expect(halfway.retryAfterMs).toBe(30_000);
    expect((errors[0] as TokenRequestError).reason).toBe('network');
  });

  it.each([
    ['delta-seconds', (): string => '600'],
    ['an HTTP-date', (now: number): string => new Date(now + 600_000).toUTCString()],
  ])('stops every token request for a 429 with Retry-After as %s', async (_form, retryAfter) => {
    const { clock, source } = setup();
    cloud.emulator.control.failTokenRequests(1, {
      kind: 'rate-limit',
      retryAfter: retryAfter(clock.now()),
    });

    const first = (await failureOf(source.getToken())) as RateLimitedError;
    expect(first.code).toBe('ERR_RATE_LIMITED');
    expect(first.retryAfterMs).toBe(600_000);
    expect(first.headers['retry-after']).toBe('600');

    for (let elapsed = 30_000; elapsed < 600_000; elapsed += 30_000) {
      await clock.advance(30_000);
      const refused = (await failureOf(source.getToken())) as RateLimitedError;
      expect(refused.code).toBe('ERR_RATE_LIMITED');
      expect(refused.retryAfterMs).toBe(600_000 - elapsed);
    }
    expect(tokenRequests()).toBe(1);

    await clock.advance(30_000);
    await expect(source.getToken()).resolves.toBeDefined();
    expect(tokenRequests()).toBe(2);
  });

  it('keeps serving a usable cached token through a 429 cooldown', async () => {
    const { clock, source, logged } = setup({ renewal: { maxEarlyMs: 20 * 60_000 } });
    const token = await source.getToken();
    await clock.advance(DAY - 20 * 60_000);
    cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '600' });

    expect((await source.getToken()).value).toBe(token.value);
    await runUntil(clock, () => logged('cooling down') === 1);
    expect(tokenRequests()).toBe(2);
    for (let elapsed = 30_000; elapsed < 600_000; elapsed += 30_000) {
      await clock.advance(30_000);
      expect((await source.getToken()).value).toBe(token.value);
    }
    expect(tokenRequests()).toBe(2);

    await clock.advance(30_000);
    expect((await source.getToken()).value).toBe(token.value);
    await vi.waitFor(() => expect(source.peek()?.value).not.toBe(token.value));
    expect(tokenRequests()).toBe(3);
  });
});

describe('createTokenSource: abort and close', () => {
  it('aborts only the caller whose signal fired, never the shared request', async () => {
    const { source } = setup();
    cloud.emulator.control.setLatency({ tokenMs: 100 });
    const controller = new AbortController();
    const reason = new Error('this caller gave up');
    const leaving = source.getToken({ signal: controller.signal });
    const staying = source.getToken();
    controller.abort(reason);

    await expect(leaving).rejects.toBe(reason);
    await expect(staying).resolves.toBeDefined();
    expect(tokenRequests()).toBe(1);
    await expect(source.getToken({ signal: AbortSignal.abort(reason) })).resolves.toBe(
      await staying,
    );
  });

  it('rejects an already aborted caller without sending a request', async () => {
    const { source } = setup();
    const reason = new Error('gone');
    await expect(source.getToken({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(tokenRequests()).toBe(0);
  });

  it('close() settles waiters of a hanging request and leaves no timer', async () => {
    const { clock, source } = setup();
    cloud.emulator.control.failTokenRequests(1, { kind: 'hang' });
    const waiting = Promise.allSettled([
      source.getToken(),
      source.getToken({ signal: new AbortController().signal }),
    ]);
    await runUntil(clock, () => tokenRequests() === 1);
    expect(clock.pending()).toBe(1);

    source.close();
    const outcomes = await waiting;

    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      expect(isCloudTokenError((outcome as PromiseRejectedResult).reason, 'ERR_USAGE')).toBe(true);
    }
    expect(clock.pending()).toBe(0);
  });

  it('close() during a backoff wait settles waiters, clears the timer and refuses later calls', async () => {
    const { clock, source, logged } = setup({ random: () => 1 });
    cloud.emulator.control.failTokenRequests(1, { kind: 'status', status: 503 });
    const waiting = failureOf(source.getToken());
    await runUntil(clock, () => logged('retrying token request') === 1);
    expect(clock.pending()).toBe(1);

    source.close();
    source.close();

    expect((await waiting).code).toBe('ERR_USAGE');
    expect(clock.pending()).toBe(0);
    expect((await failureOf(source.getToken())).code).toBe('ERR_USAGE');
    expect(source.peek()).toBeUndefined();
    expect(tokenRequests()).toBe(1);
  });

  it('close() drops the cached token', async () => {
    const { source } = setup();
    await source.getToken();
    source.close();
    expect(source.peek()).toBeUndefined();
    expect((await failureOf(source.getToken())).code).toBe('ERR_USAGE');
  });
});

describe('createTokenSource: options', () => {
  it('validates options synchronously, naming the option', () => {
    const grant = clientCredentials({
      tokenUrl: 'http://127.0.0.1:1/connect/token',
      clientId: 'id',
      clientSecret: 'secret',
    });
    const thrown = (action: () => unknown) => thrownBy(action) as InvalidOptionsError;
    const attempts = thrown(() => createTokenSource(grant, { retry: { attempts: 0 } }));
    expect(attempts.code).toBe('ERR_INVALID_OPTIONS');
    expect(attempts.option).toBe('retry.attempts');
    expect(thrown(() => createTokenSource({} as Grant)).option).toBe('grant');
    expect(thrown(() => createTokenSource(null as unknown as Grant)).option).toBe('grant');
  });

  it('is not broken by a logger that throws', async () => {
    const explode = (): void => {
      throw new Error('logger down');
    };
    const { clock, source } = setup({ logger: { debug: explode, info: explode, warn: explode } });
    cloud.emulator.control.failTokenRequests(1, { kind: 'status', status: 500 });
    const outcome = await runUntilSettled(clock, source.getToken());
    expect(outcome.status).toBe('fulfilled');
    expect(tokenRequests()).toBe(2);
  });

  it('shows only its label in util.inspect and JSON.stringify', async () => {
    const { source, grant } = setup();
    const token = await source.getToken();
    expect(grant.label).toMatch(/ at 127\.0\.0\.1:\d+$/);
    for (const shown of [inspect(source, { depth: 10 }), JSON.stringify(source)]) {
      expect(shown).toContain(grant.label);
      expect(shown).not.toContain(source.identity);
      expect(shown).not.toContain(token.value);
      expect(shown).not.toContain(DEFAULT_CLIENT_SECRET);
    }
  });
});
