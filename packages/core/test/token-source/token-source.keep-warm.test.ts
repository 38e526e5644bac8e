import {
  type Clock,
  clientCredentials,
  createTokenSource,
  type TimerOptions,
} from '@cloud-token/core';
import { createFakeClock } from '@cloud-token/core/testing';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '@cloud-token/emulator';
import { describe, expect, it } from 'vitest';
import { useEmulatorSources } from '../support/emulator-sources.js';
import { runUntil, runUntilSettled } from '../support/run-until-settled.js';

const cloud = useEmulatorSources();
const { opened } = cloud;

const DAY = 86_400_000;

function setup(keepWarm: boolean) {
  const fake = createFakeClock();
  const timerOptions: Array<TimerOptions | undefined> = [];
  const clock: Clock = {
    now: () => fake.now(),
    monotonic: () => fake.monotonic?.() ?? fake.now(),
    setTimeout(callback, ms, options) {
      timerOptions.push(options);
      return fake.setTimeout(callback, ms, options);
    },
    clearTimeout: (handle) => fake.clearTimeout(handle),
  };
  const source = createTokenSource(
    clientCredentials({
      tokenUrl: cloud.emulator.tokenUrl,
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: DEFAULT_CLIENT_SECRET,
    }),
    { clock, random: () => 0, keepWarm },
  );
  opened.push(source);
  return { fake, source, timerOptions };
}

describe('createTokenSource: keepWarm', () => {
  it('issue 13: renews in the background when the window opens, with no caller, on an unref’d timer', async () => {
    const { fake, source, timerOptions } = setup(true);
    const first = await runUntilSettled(fake, source.getToken());
    expect(first.status).toBe('fulfilled');
    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
    expect(timerOptions.filter((options) => options?.unref === true)).toHaveLength(1);

    await fake.advance(DAY - 300_000);
    await runUntil(fake, () => cloud.emulator.stats.tokenRequests.issued === 2);
    await runUntil(
      fake,
      () => source.peek()?.value !== undefined && source.peek()?.obtainedAt === fake.now(),
    );
    // The renewed token is served at once; the next renewal is scheduled again.
    const renewed = source.peek();
    expect(renewed?.obtainedAt).toBe(fake.now());
    expect(fake.pending()).toBe(1);
    source.close();
    expect(fake.pending()).toBe(0);
  });

  it('renews only on use without it (the default)', async () => {
    const { fake, source } = setup(false);
    await runUntilSettled(fake, source.getToken());
    await fake.advance(DAY - 1_000);
    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
    expect(fake.pending()).toBe(0);
  });
});
