import { subscribe, tracingChannel, unsubscribe } from 'node:diagnostics_channel';
import { inspect } from 'node:util';
import {
  CLOUD_TOKEN_CHANNELS,
  clientCredentials,
  createAuthorizedFetch,
  createTokenSource,
  type Logger,
  type TokenSource,
  type TokenSourceOptions,
  type TokenStore,
} from '@cloud-token/core';
import { createFakeClock } from '@cloud-token/core/testing';
import { useEmulator } from '@cloud-token/emulator/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runUntilSettled } from '../support/run-until-settled.js';

const cloud = useEmulator({ beforeAll, beforeEach, afterAll });
const WRONG_SECRET = 'wr0ng-s3cret-%2b&=';
const opened: TokenSource[] = [];
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const source of opened.splice(0)) source.close();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** Every event of every cloud-token channel, and every log line, in order. */
function recordEverything(): { events: [string, unknown][]; logs: unknown[][]; logger: Logger } {
  const events: [string, unknown][] = [];
  for (const name of Object.values(CLOUD_TOKEN_CHANNELS)) {
    if (name === CLOUD_TOKEN_CHANNELS.tokenAcquire) continue;
    const listener = (message: unknown): void => void events.push([name, message]);
    subscribe(name, listener);
    cleanups.push(() => unsubscribe(name, listener));
  }
  const acquire = tracingChannel(CLOUD_TOKEN_CHANNELS.tokenAcquire);
  const handlers = Object.fromEntries(
    ['start', 'end', 'asyncStart', 'asyncEnd', 'error'].map((phase) => [
      phase,
      (context: unknown) => void events.push([`acquire:${phase}`, { ...(context as object) }]),
    ]),
  ) as unknown as Parameters<typeof acquire.subscribe>[0];
  acquire.subscribe(handlers);
  cleanups.push(() => acquire.unsubscribe(handlers));
  const logs: unknown[][] = [];
  const line = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void logs.push([level, message, fields]);
  return {
    events,
    logs,
    logger: { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') },
  };
}

function sourceWith(options: TokenSourceOptions & { clientSecret?: string } = {}): TokenSource {
  const { clientSecret = cloud.credentials.clientSecret, ...rest } = options;
  const source = createTokenSource(clientCredentials({ ...cloud.credentials, clientSecret }), {
    random: () => 0,
    retry: { attempts: 1 },
    ...rest,
  });
  opened.push(source);
  return source;
}

const count = (events: [string, unknown][], name: string, match: object = {}): number =>
  events.filter(
    ([channel, payload]) =>
      channel === name &&
      Object.entries(match).every(
        ([key, value]) => (payload as Record<string, unknown>)[key] === value,
      ),
  ).length;

describe('diagnostics (issue 15): one run through every path, every channel subscribed', () => {
  it('publishes the expected events, and no payload or log line holds a secret, a token or an Authorization value', async () => {
    const { events, logs, logger } = recordEverything();
    const tokens: string[] = [];
    const clock = createFakeClock();

    // A herd of 100 cold callers: one token request, one adopted token.
    const source = sourceWith({ clock, logger });
    const herd = await runUntilSettled(
      clock,
      Promise.all(Array.from({ length: 100 }, () => source.getToken())),
    );
    expect(herd.status).toBe('fulfilled');
    tokens.push((await source.getToken()).value);
    expect(count(events, 'acquire:start')).toBe(1);
    expect(count(events, CLOUD_TOKEN_CHANNELS.tokenRenewed, { reason: 'initial' })).toBe(1);

    // Into the renewal window: one proactive renewal while the token is served.
    const expiresAt = (await source.getToken()).expiresAt;
    await clock.advance(expiresAt - clock.now() - 60_000);
    await source.getToken();
    // The renewal runs in the background over real HTTP: wait (bounded) for it to land.
    for (let waited = 0; waited < 20_000; waited += 25) {
      if (count(events, CLOUD_TOKEN_CHANNELS.tokenRenewed, { reason: 'proactive' }) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    tokens.push((await source.getToken()).value);
    expect(count(events, CLOUD_TOKEN_CHANNELS.tokenRenewed, { reason: 'proactive' })).toBe(1);

    // A key rotation: the authorized fetch replays once with a renewed token; then an API 429 is waited out.
    const api = createAuthorizedFetch(sourceWith({ logger }), { baseUrl: cloud.emulator.apiUrl });
    expect((await api('words/a.docx')).status).toBe(200);
    cloud.emulator.control.revokeAllTokens();
    expect((await api('words/a.docx')).status).toBe(200);
    cloud.emulator.control.failApiRequests(1, { status: 429, retryAfter: '0' });
    expect((await api('words/a.docx')).status).toBe(200);
    expect(count(events, CLOUD_TOKEN_CHANNELS.callReplayed, { status: 401 })).toBe(1);
    expect(count(events, CLOUD_TOKEN_CHANNELS.callRetried, { status: 429 })).toBe(1);
    expect(count(events, CLOUD_TOKEN_CHANNELS.tokenRenewed, { reason: 'reactive' })).toBe(1);

    // The token endpoint answers 429: throttled, and the guard cools down.
    cloud.emulator.control.addClient({ clientId: 'second', clientSecret: 'second-s3cret' });
    cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '600' });
    const throttled = createTokenSource(
      clientCredentials({
        ...cloud.credentials,
        clientId: 'second',
        clientSecret: 'second-s3cret',
      }),
      { logger, retry: { attempts: 1 } },
    );
    opened.push(throttled);
    await throttled.getToken().catch(() => undefined);
    expect(count(events, CLOUD_TOKEN_CHANNELS.endpointThrottled)).toBe(1);
    expect(
      count(events, CLOUD_TOKEN_CHANNELS.guardCooldown, {
        state: 'entered',
        reason: 'rate limited',
      }),
    ).toBe(1);

    // A wrong secret: one failed token request, a rejection cooldown.
    await sourceWith({ clientSecret: WRONG_SECRET, logger })
      .getToken()
      .catch(() => undefined);
    expect(count(events, 'acquire:error')).toBeGreaterThanOrEqual(2);
    expect(
      count(events, CLOUD_TOKEN_CHANNELS.guardCooldown, {
        state: 'entered',
        reason: 'credentials rejected',
      }),
    ).toBe(1);

    // A failing store: the source falls back to local renewal, and says so once.
    const failing = new Error('store down');
    const brokenStore: TokenStore = {
      shared: true,
      read: () => Promise.reject(failing),
      writeToken: () => Promise.reject(failing),
      acquireLock: () => Promise.reject(failing),
      releaseLock: () => Promise.reject(failing),
      updateGuard: () => Promise.reject(failing),
    };
    tokens.push((await sourceWith({ store: brokenStore, logger }).getToken()).value);
    expect(count(events, CLOUD_TOKEN_CHANNELS.storeFallback, { state: 'entered' })).toBe(1);

    // Nothing published or logged carries a secret, a token or an Authorization value.
    const everything = [
      inspect(events, { depth: 10 }),
      JSON.stringify(events),
      inspect(logs, { depth: 10 }),
    ];
    for (const text of everything) {
      for (const secret of [
        cloud.credentials.clientSecret,
        WRONG_SECRET,
        'second-s3cret',
        ...tokens,
      ]) {
        expect(text).not.toContain(secret);
      }
      expect(text).not.toMatch(/bearer\s+ey/i);
    }
    // Replays and waits are logged at debug, where the source's logger is.
    expect(logs).toContainEqual([
      'debug',
      'replaying the call with a renewed token',
      expect.objectContaining({ status: 401 }),
    ]);
    expect(logs).toContainEqual([
      'debug',
      'waiting before retrying the call',
      expect.objectContaining({ status: 429 }),
    ]);
    // Each adopted token is logged once, saying why.
    expect(logs.filter(([, message]) => message === 'token renewed')).toHaveLength(2);
  });

  it('calls onTokenRenewed for each adopted token and onError once per failed acquisition; a throwing callback breaks nothing', async () => {
    const renewed: unknown[] = [];
    const errors: unknown[] = [];
    const good = sourceWith({
      onTokenRenewed: (event) => {
        renewed.push(event);
        throw new Error('callback bug');
      },
    });
    await Promise.all(Array.from({ length: 20 }, () => good.getToken()));
    expect(renewed).toEqual([
      expect.objectContaining({ reason: 'initial', from: 'token endpoint' }),
    ]);

    const wrong = sourceWith({
      clientSecret: WRONG_SECRET,
      onError: (error) => {
        errors.push(error);
        throw new Error('callback bug');
      },
    });
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => wrong.getToken()));
    expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'ERR_CREDENTIALS_REJECTED' });
    expect(() => sourceWith({ onError: 'log it' as never })).toThrow(/onError/);
  });
});
