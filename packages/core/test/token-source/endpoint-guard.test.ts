import { createFakeClock, type FakeClock } from '@cloud-token/core/testing';
import { describe, expect, it } from 'vitest';
import { AccessToken } from '../../src/shared/access-token.js';
import {
  CredentialsRejectedError,
  isCloudTokenError,
  type RateLimitedError,
  TokenRequestError,
  TokenResponseError,
} from '../../src/shared/errors.js';
import { safeLogger } from '../../src/shared/safe-logger.js';
import { EndpointGuard, type TokenRequest } from '../../src/token-source/endpoint-guard.js';
import { DEFAULT_TOKEN_SOURCE_OPTIONS } from '../../src/token-source/token-source-options.js';

interface LogLine {
  level: string;
  message: string;
  fields: Record<string, unknown> | undefined;
}

/** A guard over a scripted endpoint: each request takes the next outcome. */
function setup(outcomes: Array<AccessToken | Error>, policies = {}) {
  const clock = createFakeClock(0);
  const lines: LogLine[] = [];
  const record =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, message, fields });
    };
  const guard = new EndpointGuard({
    client: 'client@example',
    clock,
    log: safeLogger({
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
    }),
    random: () => 1,
    policies: { ...DEFAULT_TOKEN_SOURCE_OPTIONS, ...policies },
  });
  let requests = 0;
  const request: TokenRequest = async () => {
    const outcome = outcomes[requests] ?? outcomes.at(-1);
    requests += 1;
    if (outcome instanceof AccessToken) return outcome;
    throw outcome;
  };
  return { clock, guard, lines, request, requests: () => requests };
}

const token = new AccessToken('t', { obtainedAt: 0, expiresAt: 3_600_000 });
const serverError = (retryAfterMs?: number) =>
  new TokenRequestError('http', 'token endpoint answered 500', {
    upstreamStatus: 500,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });

/** Runs the guard to completion, moving fake time through its backoff waits. */
async function settle<T>(clock: FakeClock, promise: Promise<T>): Promise<PromiseSettledResult<T>> {
  const outcome = Promise.allSettled([promise]);
  let done = false;
  void outcome.then(() => {
    done = true;
  });
  while (!done) await clock.advance(100);
  const [result] = await outcome;
  return result as PromiseSettledResult<T>;
}

const rejectionOf = <T>(result: PromiseSettledResult<T>): unknown =>
  result.status === 'rejected' ? result.reason : undefined;

describe('EndpointGuard', () => {
  it('retries transient failures with backoff, logging each retry, and returns the token', async () => {
    const { clock, guard, lines, request, requests } = setup([
      serverError(),
      new TokenResponseError('not JSON'),
      token,
    ]);
    const result = await settle(clock, guard.run(request, new AbortController().signal));
    expect(result).toEqual({ status: 'fulfilled', value: token });
    expect(requests()).toBe(3);
    const retries = lines.filter((line) => line.message === 'retrying token request');
    expect(retries.map((line) => line.fields?.delayMs)).toEqual([200, 400]);
    expect(retries.map((line) => line.fields?.code)).toEqual([
      'ERR_TOKEN_REQUEST',
      'ERR_TOKEN_RESPONSE',
    ]);
    expect(lines.at(-1)).toMatchObject({ level: 'debug', message: 'token obtained' });
  });

  it('gives up after retry.attempts requests with the last failure', async () => {
    const { clock, guard, request, requests } = setup([serverError()], {
      failureBudget: { maxFailures: 10, windowMs: 60_000 },
    });
    const result = await settle(clock, guard.run(request, new AbortController().signal));
    expect(isCloudTokenError(rejectionOf(result), 'ERR_TOKEN_REQUEST')).toBe(true);
    expect((rejectionOf(result) as TokenRequestError).reason).toBe('http');
    expect(requests()).toBe(3);
  });

  it('uses a 503 Retry-After as the floor of the delay, and does not retry when it exceeds the cap', async () => {
    const floored = setup([serverError(3_000), token]);
    await settle(floored.clock, floored.guard.run(floored.request, new AbortController().signal));
    const retry = floored.lines.find((line) => line.message === 'retrying token request');
    expect(retry?.fields?.delayMs).toBe(3_000);

    const tooLong = setup([serverError(60_000), token]);
    const result = await settle(
      tooLong.clock,
      tooLong.guard.run(tooLong.request, new AbortController().signal),
    );
    expect((rejectionOf(result) as TokenRequestError).retryAfterMs).toBe(60_000);
    expect(tooLong.requests()).toBe(1);
  });

  it('stops retrying when the budget runs out mid-retry, then refuses until the window rolls', async () => {
    const { clock, guard, request, requests } = setup([serverError()], {
      failureBudget: { maxFailures: 2, windowMs: 60_000 },
    });
    const result = await settle(clock, guard.run(request, new AbortController().signal));
    const error = rejectionOf(result) as TokenRequestError;
    expect(error.reason).toBe('budget');
    expect(error.cause).toBeInstanceOf(TokenRequestError);
    expect(requests()).toBe(2);

    const refusal = guard.refusal(clock.now()) as TokenRequestError;
    expect(refusal.reason).toBe('budget');
    expect(clock.now() + (refusal.retryAfterMs ?? 0)).toBe(60_000);
    expect(guard.allows(clock.now())).toBe(false);
    expect(guard.allows(60_000)).toBe(true);
  });

  it('remembers rejected credentials: the same error for everyone, no request, until the re-probe 2 minutes later', async () => {
    const rejected = new CredentialsRejectedError('invalid_client', { upstreamStatus: 400 });
    const { clock, guard, lines, request, requests } = setup([rejected, token], {
      rejectionCooldownMs: 600_000,
    });
    const signal = new AbortController().signal;
    await expect(guard.run(request, signal)).rejects.toBe(rejected);
    await expect(guard.run(request, signal)).rejects.toBe(rejected);
    expect(guard.refusal(119_999)).toBe(rejected);
    expect(requests()).toBe(1);
    expect(lines).toContainEqual({
      level: 'warn',
      message: 'credentials rejected',
      fields: {
        client: 'client@example',
        oauthError: 'invalid_client',
        rejections: 1,
        retryAt: new Date(120_000).toISOString(),
      },
    });

    await clock.advance(120_000);
    expect(guard.refusal(clock.now())).toBeUndefined();
    await expect(guard.run(request, signal)).resolves.toBe(token);
    expect(requests()).toBe(2);
  });

  it('re-probes rejected credentials after 2, 4, 8 minutes, then every rejectionCooldownMs: never 4 in 10 minutes', async () => {
    const rejected = new CredentialsRejectedError('invalid_client');
    const { clock, guard, request, requests } = setup(Array(6).fill(rejected), {
      rejectionCooldownMs: 600_000,
    });
    const signal = new AbortController().signal;
    const probedAt: number[] = [];
    for (let minute = 0; minute <= 40; minute += 1) {
      if (guard.refusal(clock.now()) === undefined) {
        await guard.run(request, signal).catch(() => undefined);
        probedAt.push(minute);
      }
      await clock.advance(60_000);
    }
    expect(probedAt).toEqual([0, 2, 6, 14, 24, 34]);
    expect(requests()).toBe(6);
  });

  it('re-probes every rejectionCooldownMs when that is shorter than 2 minutes', async () => {
    const rejected = new CredentialsRejectedError('invalid_client');
    const { clock, guard, request } = setup([rejected, rejected], { rejectionCooldownMs: 30_000 });
    const signal = new AbortController().signal;
    await expect(guard.run(request, signal)).rejects.toBe(rejected);
    expect(guard.cooldown(clock.now())).toEqual({ reason: 'rejected', until: 30_000 });
    await clock.advance(30_000);
    await expect(guard.run(request, signal)).rejects.toBe(rejected);
    expect(guard.cooldown(clock.now())).toEqual({ reason: 'rejected', until: 60_000 });
  });

  it('turns a 429 into a cooldown of Retry-After (default 60 s, capped at 1 h)', async () => {
    const limited = (retryAfterMs?: number) =>
      new TokenRequestError('http', '429', {
        upstreamStatus: 429,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    const cases: Array<[number | undefined, number]> = [
      [600_000, 600_000],
      [undefined, 60_000],
      [86_400_000, 3_600_000],
    ];
    for (const [retryAfterMs, cooldownMs] of cases) {
      const { clock, guard, lines, request, requests } = setup([limited(retryAfterMs), token]);
      const signal = new AbortController().signal;
      const error = (await guard.run(request, signal).catch((e: unknown) => e)) as RateLimitedError;
      expect(error.code).toBe('ERR_RATE_LIMITED');
      expect(error.retryAfterMs).toBe(cooldownMs);
      expect(error.retryAt).toBe(cooldownMs);
      expect(lines).toContainEqual(
        expect.objectContaining({ level: 'warn', message: 'cooling down' }),
      );

      await clock.advance(cooldownMs - 1_000);
      const refusal = (await guard
        .run(request, signal)
        .catch((e: unknown) => e)) as RateLimitedError;
      expect(refusal.code).toBe('ERR_RATE_LIMITED');
      expect(refusal.retryAfterMs).toBe(1_000);
      expect(requests()).toBe(1);

      await clock.advance(1_000);
      await expect(guard.run(request, signal)).resolves.toBe(token);
      expect(requests()).toBe(2);
    }
  });

  it('does not retry other 4xx answers', async () => {
    const notFound = new TokenRequestError('http', '404', { upstreamStatus: 404 });
    const { guard, request, requests } = setup([notFound, token]);
    await expect(guard.run(request, new AbortController().signal)).rejects.toBe(notFound);
    expect(requests()).toBe(1);
  });

  it('stops a backoff wait on abort with the reason, leaving no timer', async () => {
    const { clock, guard, request, requests } = setup([serverError(), token]);
    const controller = new AbortController();
    const running = guard.run(request, controller.signal);
    await clock.advance(0);
    expect(clock.pending()).toBe(1);
    const reason = new Error('closed');
    controller.abort(reason);
    await expect(running).rejects.toBe(reason);
    expect(clock.pending()).toBe(0);
    expect(requests()).toBe(1);
  });
});
