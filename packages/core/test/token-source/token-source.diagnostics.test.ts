import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  CLOUD_TOKEN_CHANNELS,
  clientCredentials,
  createTokenSource,
  memoryTokenStore,
  type TokenSourceOptions,
} from '@cloud-token/core';
import { createFakeClock, createRecordingStore } from '@cloud-token/core/testing';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '@cloud-token/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { useEmulatorSources } from '../support/emulator-sources.js';
import { runUntilSettled } from '../support/run-until-settled.js';

const cloud = useEmulatorSources();
const { opened } = cloud;
const listeners: Array<[string, (message: unknown) => void]> = [];

afterEach(() => {
  for (const [name, listener] of listeners.splice(0)) unsubscribe(name, listener);
});

function record(name: string): unknown[] {
  const events: unknown[] = [];
  const listener = (message: unknown): void => {
    events.push(message);
  };
  subscribe(name, listener);
  listeners.push([name, listener]);
  return events;
}

function sourceWith(options: TokenSourceOptions & { clientSecret?: string } = {}) {
  const { clientSecret = DEFAULT_CLIENT_SECRET, ...rest } = options;
  const source = createTokenSource(
    clientCredentials({
      tokenUrl: cloud.emulator.tokenUrl,
      clientId: DEFAULT_CLIENT_ID,
      clientSecret,
    }),
    { random: () => 0, ...rest },
  );
  opened.push(source);
  return source;
}

describe('createTokenSource: diagnostics events', () => {
  it('publishes token.renewed, from the endpoint and then from the store, without a secret or token', async () => {
    const renewed = record(CLOUD_TOKEN_CHANNELS.tokenRenewed);
    const store = memoryTokenStore();
    const first = sourceWith({ store });
    const token = await first.getToken();
    await sourceWith({ store }).getToken();
    const host = new URL(cloud.emulator.tokenUrl).hostname;
    // The store hands the token's life over as a duration: the same expiry,
    // give or take the milliseconds the store's answers took.
    const sameExpiry = expect.toSatisfy(
      (expiresAt: number) => Math.abs(expiresAt - token.expiresAt) <= 1_000,
      'the stored token’s expiry',
    );
    expect(renewed).toEqual([
      expect.objectContaining({ reason: 'initial', from: 'token endpoint', serverAddress: host }),
      expect.objectContaining({ reason: 'initial', from: 'store', expiresAt: sameExpiry }),
    ]);
    const printed = JSON.stringify(renewed);
    expect(printed).not.toContain(token.value);
    expect(printed).not.toContain(DEFAULT_CLIENT_SECRET);
  });

  it('publishes guard.cooldown entered and left around a 429 cooldown, and endpoint.throttled', async () => {
    const cooldowns = record(CLOUD_TOKEN_CHANNELS.guardCooldown);
    const throttles = record(CLOUD_TOKEN_CHANNELS.endpointThrottled);
    const clock = createFakeClock();
    const source = sourceWith({ clock });
    cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '60' });
    await runUntilSettled(clock, source.getToken());
    await clock.advance(60_000);
    expect((await runUntilSettled(clock, source.getToken())).status).toBe('fulfilled');
    expect(throttles).toEqual([expect.objectContaining({ until: clock.now() })]);
    expect(cooldowns).toEqual([
      expect.objectContaining({ state: 'entered', reason: 'rate limited', until: clock.now() }),
      expect.objectContaining({ state: 'left', reason: 'rate limited', until: undefined }),
    ]);
  });

  it('publishes store.fallback entered once when the store fails, and left when it answers again', async () => {
    const fallback = record(CLOUD_TOKEN_CHANNELS.storeFallback);
    const store = createRecordingStore();
    store.misbehave({
      reject: ['read', 'writeToken', 'acquireLock', 'releaseLock', 'updateGuard'],
    });
    const source = sourceWith({ store });
    const token = await source.getToken();
    source.invalidate(token);
    store.misbehave({});
    await source.getToken();
    expect(fallback).toEqual([
      expect.objectContaining({ state: 'entered', errorName: 'Error' }),
      expect.objectContaining({ state: 'left', errorName: undefined }),
    ]);
  });
});
