import { setTimeout as sleep } from 'node:timers/promises';
import { type Emulator, startEmulator } from '@cloud-token/emulator';
import { requestToken, type TokenRequest } from '@cloud-token/emulator/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmulatorClock } from '../src/emulator-clock.js';
import { Lockout, rememberedSubjects } from '../src/lockout.js';

/** An emulator with its own time scale, closed after its test. */
let scaled: Emulator | undefined;
afterEach(() => scaled?.close());

/** Starts one emulator for a describe block, with fresh counters and no bans for each test. */
function sharedEmulator(options: Parameters<typeof startEmulator>[0]): () => Emulator {
  let running: Emulator | undefined;
  beforeAll(async () => {
    running = await startEmulator(options);
  });
  afterAll(() => running?.close());
  beforeEach(() => running?.control.reset());
  return () => {
    if (running === undefined) throw new Error('the emulator did not start');
    return running;
  };
}

async function statuses(
  running: Emulator,
  count: number,
  request: TokenRequest,
): Promise<number[]> {
  const answered: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const response = await requestToken(running, request);
    await response.body?.cancel();
    answered.push(response.status);
  }
  return answered;
}

describe('the aspose profile', () => {
  const wrongSecret = { clientSecret: 'wrong-secret' };
  const aspose = sharedEmulator({ profile: 'aspose' });

  it('bans an (id, secret) pair after 5 failed requests: 429 Retry-After: 600, no token', async () => {
    const emulator = aspose();

    expect(await statuses(emulator, 5, wrongSecret)).toEqual([400, 400, 400, 400, 400]);
    const banned = await requestToken(emulator, wrongSecret);

    expect(banned.status).toBe(429);
    expect(banned.headers.get('retry-after')).toBe('600');
    expect(await banned.json()).toMatchObject({ error: 'too_many_requests' });
    expect(emulator.stats.lockouts).toBe(1);
    expect(emulator.stats.tokenRequests).toMatchObject({ rejected: 5, rateLimited: 1, issued: 0 });
  });

  it('bans only that pair: the right secret and other wrong secrets still get answers', async () => {
    const emulator = aspose();
    await statuses(emulator, 5, wrongSecret);

    expect((await requestToken(emulator)).status).toBe(200);
    expect((await requestToken(emulator, { clientSecret: 'another-wrong' })).status).toBe(400);
    expect((await requestToken(emulator, wrongSecret)).status).toBe(429);
  });

  it('lifts the ban after 600 s on the emulator clock, and counts anew', async () => {
    const emulator = aspose();
    await statuses(emulator, 5, wrongSecret);

    emulator.control.advanceTime(599_000);
    expect((await requestToken(emulator, wrongSecret)).status).toBe(429);
    emulator.control.advanceTime(1_000);
    expect(await statuses(emulator, 5, wrongSecret)).toEqual([400, 400, 400, 400, 400]);
    expect((await requestToken(emulator, wrongSecret)).status).toBe(429);
    expect(emulator.stats.lockouts).toBe(2);
  });

  it('counts consecutive failures: a token issued to the pair starts the count again', async () => {
    const emulator = aspose();
    const badGrant = { form: { grant_type: 'password' } };

    await statuses(emulator, 4, badGrant);
    expect((await requestToken(emulator)).status).toBe(200);

    expect(await statuses(emulator, 4, badGrant)).toEqual([400, 400, 400, 400]);
    expect(emulator.stats.lockouts).toBe(0);
  });
});

describe('the groupdocs profile', () => {
  const wrongSecret = { clientSecret: 'wrong-secret' };
  const groupdocs = sharedEmulator({ profile: 'groupdocs' });

  it('bans a client id after 20 failures within a minute, with the remaining cooldown in Retry-After', async () => {
    const emulator = groupdocs();

    expect(new Set(await statuses(emulator, 20, wrongSecret))).toEqual(new Set([400]));
    emulator.control.advanceTime(60_000);
    const banned = await requestToken(emulator, wrongSecret);
    const rightSecret = await requestToken(emulator);

    expect(banned.status).toBe(429);
    expect(banned.headers.get('retry-after')).toBe('540');
    expect(rightSecret.status).toBe(429);
    expect(emulator.stats.lockouts).toBe(1);
    expect(emulator.stats.tokenRequests.rateLimited).toBe(2);
    expect((await requestToken(emulator, { clientId: 'other-id' })).status).toBe(400);
  });

  it('forgets failures older than a minute', async () => {
    const emulator = groupdocs();

    await statuses(emulator, 19, wrongSecret);
    emulator.control.advanceTime(60_001);
    expect(await statuses(emulator, 2, wrongSecret)).toEqual([400, 400]);
    expect(emulator.stats.lockouts).toBe(0);
  });

  it('scales the cooldown by timeScale while Retry-After keeps the cloud value', async () => {
    // The minute lasts 600 ms and the 10-minute cooldown 6 s of emulator time.
    const emulator = await startEmulator({ profile: 'groupdocs', timeScale: 0.01 });
    scaled = emulator;
    await statuses(emulator, 20, wrongSecret);

    const banned = await requestToken(emulator);
    expect(banned.status).toBe(429);
    expect(Number(banned.headers.get('retry-after'))).toBeGreaterThan(500);
    emulator.control.advanceTime(5_000);
    expect((await requestToken(emulator)).status).toBe(429);
    emulator.control.advanceTime(1_000);
    expect((await requestToken(emulator)).status).toBe(200);
  });

  it('lifts every ban on reset()', async () => {
    const emulator = groupdocs();
    await statuses(emulator, 20, wrongSecret);
    expect((await requestToken(emulator)).status).toBe(429);

    emulator.control.reset();

    expect((await requestToken(emulator)).status).toBe(200);
  });
});

describe('time scale on the real clock', () => {
  it('ends a scaled cooldown once enough real time has passed', async () => {
    // 10 minutes × 0.0005 = 300 ms of real time.
    const emulator = await startEmulator({ profile: 'aspose', timeScale: 0.0005 });
    scaled = emulator;
    await statuses(emulator, 5, { clientSecret: 'wrong-secret' });
    expect((await requestToken(emulator, { clientSecret: 'wrong-secret' })).status).toBe(429);

    await sleep(400);

    expect((await requestToken(emulator, { clientSecret: 'wrong-secret' })).status).toBe(400);
  });
});

describe('how many subjects the lockout remembers', () => {
  const subject = (clientId: string) => ({ clientId, clientSecret: 'wrong-secret' });
  function failTimes(lockout: Lockout, clientId: string, times: number): void {
    for (let index = 0; index < times; index += 1) lockout.recordFailure(subject(clientId));
  }

  it(`keeps every ban, and forgets the subject idle longest beyond ${rememberedSubjects}`, () => {
    let bans = 0;
    const lockout = new Lockout('aspose', new EmulatorClock(1), () => {
      bans += 1;
    });
    failTimes(lockout, 'banned', 5);
    failTimes(lockout, 'idle', 4);
    failTimes(lockout, 'active', 3);
    for (let index = 0; index < rememberedSubjects; index += 1) {
      if (index === rememberedSubjects / 2) failTimes(lockout, 'active', 1);
      failTimes(lockout, `other-${index}`, 1);
    }

    // The ban stands, whatever came after it.
    expect(lockout.retryAfter(subject('banned'))).toBe('600');
    // 'active' failed again half-way and was kept: its fifth failure bans it.
    failTimes(lockout, 'active', 1);
    expect(lockout.retryAfter(subject('active'))).toBe('600');
    // 'idle' was the oldest counting subject, so it was forgotten: this failure is its first.
    failTimes(lockout, 'idle', 1);
    expect(lockout.retryAfter(subject('idle'))).toBeUndefined();
    expect(bans).toBe(2);
    const { states, omitted } = lockout.snapshot(10);
    expect(states.length + omitted).toBeLessThanOrEqual(rememberedSubjects + 2);
  });

  it(`keeps more than ${rememberedSubjects} subjects while all of them are banned`, () => {
    const lockout = new Lockout('groupdocs', new EmulatorClock(1), () => {});
    const count = rememberedSubjects + 5;
    for (let index = 0; index < count; index += 1) failTimes(lockout, `banned-${index}`, 20);

    const { states, omitted } = lockout.snapshot(3);

    expect(states).toHaveLength(3);
    expect(states.length + omitted).toBe(count);
    // Still banned, however long banning the others took on a loaded machine.
    expect(Number(lockout.retryAfter(subject('banned-0')))).toBeGreaterThan(0);
    expect(states.map((state) => state.clientId)).toEqual([
      `banned-${count - 1}`,
      `banned-${count - 2}`,
      `banned-${count - 3}`,
    ]);
  });
});
