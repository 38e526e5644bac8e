import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { AccessToken, createTokenSource, externalToken, type TokenSource } from '@cloud-token/core';
import { createCallPolicy, createCallTracking } from '@cloud-token/core/adapter';
import { createFakeClock } from '@cloud-token/core/testing';
import { describe, expect, it } from 'vitest';
import { UNAUTHORIZED_RENEWAL_PAUSE_MS } from '../../src/call/token-rejections.js';
import { createCountingTokenSource } from '../support/counting-token-source.js';

const baseUrl = 'https://api.aspose.cloud/v4.0/';
const refused = { status: 401, retryAfter: null };
const accepted = { status: 200, retryAfter: null };
const HOUR = 3_600_000;

function setUp(options: { rejectedTokenStatuses?: number[] } = {}) {
  const clock = createFakeClock();
  const source = createCountingTokenSource();
  const policy = createCallPolicy({ baseUrl, ...options }, clock);
  return { clock, source, tracking: createCallTracking(source, policy, clock) };
}

describe('createCallTracking', () => {
  it('invalidates a refused token whatever the body (item 2), then stops when renewing did not help', async () => {
    const { source, tracking } = setUp();
    const streamed = tracking.start();
    streamed.carried(await source.getToken());
    expect(streamed.settle(refused, false)).toEqual({ action: 'return' });
    expect(source.calls.invalidate).toBe(1);

    const buffered = tracking.start();
    buffered.carried(await source.getToken());
    // The token obtained after that refusal is refused too: the renewal did not help (item 5).
    expect(buffered.settle(refused, true)).toEqual({ action: 'return' });
    expect(source.calls.invalidate).toBe(1);
  });

  it('renews once for a storm of refusals carrying the same token, and every call replays', async () => {
    const { source, tracking } = setUp();
    const token = await source.getToken();
    const calls = Array.from({ length: 5 }, () => tracking.start());
    for (const call of calls) call.carried(token);

    const decisions = calls.map((call) => call.settle(refused, true));

    expect(decisions.every((decision) => decision.action === 'renew-and-replay')).toBe(true);
    expect(source.calls.renewals).toBe(1);
    expect(calls.every((call) => call.token === undefined && call.unauthorizedReplays === 1)).toBe(
      true,
    );
  });

  it('pauses refusal-driven renewals for UNAUTHORIZED_RENEWAL_PAUSE_MS once a replay is refused too', async () => {
    const { clock, source, tracking } = setUp();
    const call = tracking.start();
    call.carried(await source.getToken());
    expect(call.settle(refused, true).action).toBe('renew-and-replay');
    call.carried(await source.getToken());
    expect(call.settle(refused, true).action).toBe('return');
    expect(source.calls.renewals).toBe(1);

    const paused = tracking.start();
    paused.carried(await source.getToken());
    expect(paused.settle(refused, true).action).toBe('return');
    expect(source.calls.invalidate).toBe(1);

    await clock.advance(UNAUTHORIZED_RENEWAL_PAUSE_MS);
    const after = tracking.start();
    after.carried(await source.getToken());
    expect(after.settle(refused, true).action).toBe('renew-and-replay');
    expect(source.calls.renewals).toBe(2);
  });

  it('once the API took a token, renews again when a renewal is refused once (a rotation killed it), and pauses on the second in a row', async () => {
    const { source, tracking } = setUp();
    const warm = tracking.start();
    warm.carried(await source.getToken());
    expect(warm.settle(accepted, true).action).toBe('return');

    const call = tracking.start();
    call.carried(await source.getToken());
    expect(call.settle(refused, true).action).toBe('renew-and-replay');
    call.carried(await source.getToken());
    // The renewal was refused too: one more renewal, and the call replays once more.
    expect(call.settle(refused, true).action).toBe('renew-and-replay');
    call.carried(await source.getToken());
    expect(call.settle(accepted, true).action).toBe('return');
    expect(source.calls.renewals).toBe(2);

    const again = tracking.start();
    again.carried(await source.getToken());
    expect(again.settle(refused, true).action).toBe('renew-and-replay');
    again.carried(await source.getToken());
    expect(again.settle(refused, true).action).toBe('renew-and-replay');
    again.carried(await source.getToken());
    // Two renewals in a row did not help: the pause.
    expect(again.settle(refused, true).action).toBe('return');
    expect(source.calls.renewals).toBe(4);
    const paused = tracking.start();
    paused.carried(await source.getToken());
    expect(paused.settle(refused, true).action).toBe('return');
    expect(source.calls.renewals).toBe(4);
  });

  it('counts a storm of replays carrying one dead renewal as one strike, and every call replays once more', async () => {
    const { source, tracking } = setUp();
    const warm = tracking.start();
    warm.carried(await source.getToken());
    warm.settle(accepted, true);

    const calls = Array.from({ length: 5 }, () => tracking.start());
    const first = await source.getToken();
    for (const call of calls) {
      call.carried(first);
      expect(call.settle(refused, true).action).toBe('renew-and-replay');
    }
    const renewed = await source.getToken();
    for (const call of calls) {
      call.carried(renewed);
      expect(call.settle(refused, true).action).toBe('renew-and-replay');
    }
    const again = await source.getToken();
    for (const call of calls) {
      call.carried(again);
      expect(call.settle(accepted, true).action).toBe('return');
    }
    expect(source.calls.renewals).toBe(2);
  });

  it('keeps renewing after a refusal once a renewed token was accepted in between', async () => {
    const { source, tracking } = setUp();
    for (let rotation = 1; rotation <= 3; rotation += 1) {
      const call = tracking.start();
      call.carried(await source.getToken());
      expect(call.settle(refused, true).action).toBe('renew-and-replay');
      call.carried(await source.getToken());
      expect(call.settle(accepted, true).action).toBe('return');
    }
    expect(source.calls.renewals).toBe(3);
  });

  it('shares the pause between every adapter on one source, and not with another source', async () => {
    const { clock, source, tracking } = setUp();
    const other = createCallTracking(source, createCallPolicy({ baseUrl }, clock), clock);
    const call = tracking.start();
    call.carried(await source.getToken());
    call.settle(refused, true);
    call.carried(await source.getToken());
    call.settle(refused, true);

    const throughOther = other.start();
    throughOther.carried(await source.getToken());
    expect(throughOther.settle(refused, true).action).toBe('return');

    const fresh = setUp();
    const elsewhere = fresh.tracking.start();
    elsewhere.carried(await fresh.source.getToken());
    expect(elsewhere.settle(refused, true).action).toBe('renew-and-replay');
  });

  it('takes only rejectedTokenStatuses for a refusal: a 403 by default is an answer', async () => {
    const plain = setUp();
    const call = plain.tracking.start();
    call.carried(await plain.source.getToken());
    expect(call.settle({ status: 403, retryAfter: null }, true).action).toBe('return');
    expect(plain.source.calls.invalidate).toBe(0);

    const with403 = setUp({ rejectedTokenStatuses: [401, 403] });
    const refusedBy403 = with403.tracking.start();
    refusedBy403.carried(await with403.source.getToken());
    expect(refusedBy403.settle({ status: 403, retryAfter: null }, true).action).toBe(
      'renew-and-replay',
    );
    expect(with403.source.calls.renewals).toBe(1);
  });

  it('lets a hop carry the token only while every hop so far was allowed', () => {
    const { tracking } = setUp();
    const call = tracking.start();
    expect(call.mayCarryToken(`${baseUrl}words`)).toBe(true);
    expect(call.mayCarryToken('https://elsewhere.example/x')).toBe(false);
    expect(call.mayCarryToken(`${baseUrl}words`)).toBe(false);
    call.restartHops();
    expect(call.mayCarryToken(`${baseUrl}words`)).toBe(true);

    const foreignFirst = tracking.start();
    expect(foreignFirst.mayCarryToken('https://evil.example/x')).toBe(false);
    expect(foreignFirst.mayCarryToken(`${baseUrl}storage/file/important.docx`)).toBe(false);
  });

  it('counts 429 retries and waits on the clock', async () => {
    const { clock, tracking } = setUp();
    const call = tracking.start();
    const decision = call.settle({ status: 429, retryAfter: '1' }, true);
    expect(decision).toEqual({ action: 'wait-and-retry', delayMs: 1_000 });
    expect(call.rateLimitRetries).toBe(1);
    let waited = false;
    const wait = call.wait(1_000, undefined).then(() => {
      waited = true;
    });
    await clock.advance(999);
    expect(waited).toBe(false);
    await clock.advance(1);
    await wait;
    expect(waited).toBe(true);
  });

  it('publishes a replay on call.replayed and a retry on call.retried, without a path', async () => {
    const { source, tracking } = setUp();
    const events: { name: string | symbol; event: unknown }[] = [];
    const listener = (event: unknown, name: string | symbol) => events.push({ name, event });
    subscribe('cloud-token:call.replayed', listener);
    subscribe('cloud-token:call.retried', listener);
    try {
      const call = tracking.start('post');
      call.mayCarryToken(`${baseUrl}words/secret-name.docx?storage=s1`);
      call.carried(await source.getToken());
      call.settle(refused, true);
      call.settle({ status: 503, retryAfter: '2' }, true);
    } finally {
      unsubscribe('cloud-token:call.replayed', listener);
      unsubscribe('cloud-token:call.retried', listener);
    }
    const common = { client: source.identity, method: 'POST', origin: 'https://api.aspose.cloud' };
    expect(events).toEqual([
      { name: 'cloud-token:call.replayed', event: { ...common, status: 401 } },
      { name: 'cloud-token:call.retried', event: { ...common, status: 503, delayMs: 2_000 } },
    ]);
  });

  it('replays once more when the replay carried a stale token (obtained before the refusal), then pauses on a renewed one', async () => {
    const clock = createFakeClock();
    const start = clock.now();
    // A shared store's story: the first token, the store's older renewal (already dead), then a fresh renewal.
    const tokens = [
      new AccessToken('first', { obtainedAt: start - 2 * HOUR, expiresAt: start + HOUR }),
      new AccessToken('stored', { obtainedAt: start - HOUR, expiresAt: start + 2 * HOUR }),
      new AccessToken('renewed', { obtainedAt: start + 1_000, expiresAt: start + 3 * HOUR }),
    ];
    let current = 0;
    const source: TokenSource = {
      identity: 'scripted',
      getToken: async () => tokens[current] as AccessToken,
      invalidate(token) {
        const value = typeof token === 'string' ? token : token.value;
        if (value !== tokens[current]?.value) return false;
        current += 1;
        return true;
      },
      peek: () => tokens[current],
      close() {},
    };
    const tracking = createCallTracking(source, createCallPolicy({ baseUrl }, clock), clock);
    const call = tracking.start();
    call.carried(await source.getToken());
    expect(call.settle(refused, true).action).toBe('renew-and-replay');
    call.carried(await source.getToken());
    // The store's token was older than the refusal: its renewal can still help.
    expect(call.settle(refused, true).action).toBe('renew-and-replay');
    await clock.advance(1_000);
    call.carried(await source.getToken());
    expect(call.settle(accepted, true).action).toBe('return');
    expect(current).toBe(2);
  });

  it('logs the pause once, as a warning, when a renewed token is refused too', async () => {
    const clock = createFakeClock();
    const lines: { message: string; fields: Record<string, unknown> | undefined }[] = [];
    const source = createTokenSource(
      externalToken(async () => ({
        accessToken: `t-${lines.length}-${Math.random()}`,
        expiresIn: 3600,
      })),
      { clock, logger: { warn: (message, fields) => lines.push({ message, fields }) } },
    );
    const tracking = createCallTracking(source, createCallPolicy({ baseUrl }, clock), clock);
    const call = tracking.start();
    call.carried(await source.getToken());
    expect(call.settle(refused, true).action).toBe('renew-and-replay');
    call.carried(await source.getToken());
    expect(call.settle(refused, true).action).toBe('return');
    const again = tracking.start();
    again.carried(await source.getToken());
    expect(again.settle(refused, true).action).toBe('return');
    expect(lines).toEqual([
      {
        message: expect.stringContaining('401s are given back as they are'),
        fields: {
          client: source.label,
          until: new Date(clock.now() + UNAUTHORIZED_RENEWAL_PAUSE_MS).toISOString(),
        },
      },
    ]);
    expect(source.status?.().unauthorizedUntil).toBe(clock.now() + UNAUTHORIZED_RENEWAL_PAUSE_MS);
    source.close();
  });
});
