import { createFakeClock } from '@cloud-token/core/testing';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/shared/clock.js';
import { isCloudTokenError, TokenResponseError } from '../../src/shared/errors.js';
import { clientCredentials } from '../../src/token-endpoint/client-credentials.js';
import { externalToken } from '../../src/token-endpoint/external-token.js';
import { obtainToken } from '../../src/token-endpoint/obtain-token.js';
import type { FetchLike } from '../../src/types.js';
import { createScriptedFetch } from '../support/scripted-fetch.js';

const unusedFetch: FetchLike = () => Promise.reject(new Error('an external grant must not fetch'));

async function failure(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  const error = await promise.then(
    () => expect.unreachable('expected a rejection'),
    (reason: unknown) => reason,
  );
  expect(isCloudTokenError(error), String(error)).toBe(true);
  return error as Record<string, unknown>;
}

describe('obtainToken', () => {
  it('asks the token endpoint for a client_credentials grant', async () => {
    const fetch = createScriptedFetch(
      () =>
        new Response(JSON.stringify({ access_token: 'abc', token_type: 'Bearer', expires_in: 60 })),
    );
    const grant = clientCredentials({
      tokenUrl: 'http://127.0.0.1:9/connect/token',
      clientId: 'id',
      clientSecret: 's',
    });
    const token = await obtainToken(grant, { fetch, clock: systemClock, timeoutMs: 1_000 });
    expect(token.value).toBe('abc');
    expect(fetch.requests).toHaveLength(1);
  });

  it('asks the provider for an external grant, passing a signal, without fetching', async () => {
    const clock = createFakeClock();
    let received: AbortSignal | undefined;
    const grant = externalToken(({ signal }) => {
      received = signal;
      return { accessToken: 'ext', expiresIn: 120 };
    });
    const token = await obtainToken(grant, { fetch: unusedFetch, clock, timeoutMs: 1_000 });
    expect(token.value).toBe('ext');
    expect(token.obtainedAt).toBe(clock.now());
    expect(token.expiresAt).toBe(clock.now() + 120_000);
    expect(received).toBeInstanceOf(AbortSignal);
    expect(clock.pending()).toBe(0);
  });

  it('serves a fixed external token', async () => {
    const token = await obtainToken(externalToken('fixed'), {
      fetch: unusedFetch,
      clock: systemClock,
      timeoutMs: 1_000,
    });
    expect(token.value).toBe('fixed');
  });

  it('wraps a provider failure as a transient network error with the cause', async () => {
    const cause = new Error('vault unreachable');
    const grant = externalToken(async () => {
      throw cause;
    });
    const error = await failure(
      obtainToken(grant, { fetch: unusedFetch, clock: systemClock, timeoutMs: 1_000 }),
    );
    expect(error).toMatchObject({ code: 'ERR_TOKEN_REQUEST', reason: 'network' });
    expect(error.cause).toBe(cause);
  });

  it('passes on a cloud-token error the provider throws', async () => {
    const thrown = new TokenResponseError('upstream said no');
    const grant = externalToken(() => {
      throw thrown;
    });
    await expect(
      obtainToken(grant, { fetch: unusedFetch, clock: systemClock, timeoutMs: 1_000 }),
    ).rejects.toBe(thrown);
  });

  it('refuses garbage from the provider with ERR_TOKEN_RESPONSE', async () => {
    for (const answer of [undefined, 42, '', { token: 'x' }, { accessToken: 'x', expiresIn: -1 }]) {
      const grant = externalToken(async () => answer as string);
      const error = await failure(
        obtainToken(grant, { fetch: unusedFetch, clock: systemClock, timeoutMs: 1_000 }),
      );
      expect(error.code).toBe('ERR_TOKEN_RESPONSE');
    }
  });

  it('times out a provider that never answers, aborting its signal', async () => {
    const clock = createFakeClock();
    let received: AbortSignal | undefined;
    const grant = externalToken(({ signal }) => {
      received = signal;
      return new Promise<string>(() => undefined);
    });
    const outcome = failure(obtainToken(grant, { fetch: unusedFetch, clock, timeoutMs: 500 }));
    await clock.advance(500);
    expect(await outcome).toMatchObject({ code: 'ERR_TOKEN_REQUEST', reason: 'timeout' });
    expect(received?.aborted).toBe(true);
    expect(clock.pending()).toBe(0);
  });

  it("rejects with the caller's reason when the caller aborts a provider call", async () => {
    const clock = createFakeClock();
    const caller = new AbortController();
    const grant = externalToken(() => new Promise<string>(() => undefined));
    const running = obtainToken(grant, {
      fetch: unusedFetch,
      clock,
      timeoutMs: 500,
      signal: caller.signal,
    });
    const reason = new Error('gone');
    caller.abort(reason);
    await expect(running).rejects.toBe(reason);
    expect(clock.pending()).toBe(0);
  });
});
