import {
  clientCredentials,
  createTokenSource,
  isCloudTokenError,
  type TokenSource,
  type TokenSourceOptions,
} from '@cloud-token/core';
import { createFakeClock, type FakeClock } from '@cloud-token/core/testing';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '@cloud-token/emulator';
import { describe, expect, it } from 'vitest';
import { useEmulatorSources } from '../support/emulator-sources.js';
import { runUntilSettled } from '../support/run-until-settled.js';

const cloud = useEmulatorSources();
const { opened } = cloud;

const HOUR = 3_600_000;

function setup(clock: FakeClock, options: TokenSourceOptions & { clientSecret?: string } = {}) {
  const { clientSecret = DEFAULT_CLIENT_SECRET, ...rest } = options;
  const source = createTokenSource(
    clientCredentials({
      tokenUrl: cloud.emulator.tokenUrl,
      clientId: DEFAULT_CLIENT_ID,
      clientSecret,
    }),
    { clock, random: () => 0, ...rest },
  );
  opened.push(source);
  return source;
}

async function codeOf(clock: FakeClock, source: TokenSource): Promise<string> {
  const outcome = await runUntilSettled(clock, source.getToken());
  if (outcome.status === 'fulfilled') return 'ok';
  return isCloudTokenError(outcome.reason) ? outcome.reason.code : 'unknown';
}

describe('createTokenSource: cooldowns on a monotonic clock', () => {
  it('issue 9 item 11: the wall clock stepping back one hour does not stretch a 10-minute 429 cooldown', async () => {
    const clock = createFakeClock();
    const source = setup(clock);
    cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '600' });
    expect(await codeOf(clock, source)).toBe('ERR_RATE_LIMITED');

    clock.stepWall(-HOUR);
    await clock.advance(600_000 - 1);
    expect(await codeOf(clock, source)).toBe('ERR_RATE_LIMITED');
    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
    await clock.advance(1);
    expect(await codeOf(clock, source)).toBe('ok');
    expect(cloud.emulator.stats.tokenRequests.total).toBe(2);
  });

  it('issue 9 item 11: the wall clock stepping back one hour does not stretch the wait for a rejection’s re-probe', async () => {
    const clock = createFakeClock();
    const source = setup(clock, { clientSecret: 'wrong-secret' });
    expect(await codeOf(clock, source)).toBe('ERR_CREDENTIALS_REJECTED');
    const before = { now: clock.now(), until: source.status?.().cooldownUntil };

    clock.stepWall(-HOUR);
    const stepped = { now: clock.now(), until: source.status?.().cooldownUntil };
    await clock.advance(120_000);
    expect(await codeOf(clock, source)).toBe('ERR_CREDENTIALS_REJECTED');
    // The wait ended on time: the second rejection came from a second request.
    expect(cloud.emulator.stats.tokenRequests.rejected).toBe(2);
    // status() speaks wall time: the same remaining 2 minutes, an hour earlier once stepped.
    expect(before.until).toBe(before.now + 120_000);
    expect(stepped.until).toBe(stepped.now + 120_000);
  });

  it('issue 9 item 11: the wall clock stepping back does not stretch the failure budget’s window', async () => {
    const clock = createFakeClock();
    const source = setup(clock, { retry: { attempts: 1 } });
    cloud.emulator.control.failTokenRequests(3, { kind: 'status', status: 500 });
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(await codeOf(clock, source)).toBe('ERR_TOKEN_REQUEST');
    }
    const reason = source.status?.().reason;

    clock.stepWall(-HOUR);
    await clock.advance(60_000);
    expect(await codeOf(clock, source)).toBe('ok');
    expect(cloud.emulator.stats.tokenRequests.total).toBe(4);
    expect(reason).toBe('failure-budget');
  });

  it('a clock without monotonic() keeps working on its wall time', async () => {
    const fake = createFakeClock();
    const clock = {
      now: () => fake.now(),
      setTimeout: fake.setTimeout.bind(fake),
      clearTimeout: fake.clearTimeout.bind(fake),
    };
    const source = createTokenSource(
      clientCredentials({
        tokenUrl: cloud.emulator.tokenUrl,
        clientId: DEFAULT_CLIENT_ID,
        clientSecret: 'wrong-secret',
      }),
      { clock, random: () => 0 },
    );
    opened.push(source);
    expect(await codeOf(fake, source)).toBe('ERR_CREDENTIALS_REJECTED');
    await fake.advance(120_000 - 1);
    expect(await codeOf(fake, source)).toBe('ERR_CREDENTIALS_REJECTED');
    expect(cloud.emulator.stats.tokenRequests.rejected).toBe(1);
  });
});
