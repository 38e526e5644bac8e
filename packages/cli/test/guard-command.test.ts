import { clientCredentials } from '@cloud-token/core';
import { redisTokenStore } from '@cloud-token/redis';
import { Redis } from 'ioredis';
import { beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_ID, CLIENT_SECRET, useCliCloud } from './support/cli-cloud.js';
import { runBin, secretFree } from './support/cloud-token-bin.js';
import { runInTerminal } from './support/run-in-terminal.js';
import { useTestRedis } from './support/use-test-redis.js';

const cloud = useCliCloud();
const fleet = useTestRedis();
beforeEach(async () => {
  await fleet.redis.command('FLUSHALL');
});

const fleetEnv = () => cloud.env({ CLOUD_TOKEN_REDIS_URL: fleet.redis.url });
const tokenRequests = () => cloud.emulator.stats.tokenRequests.total;
/** The rows of `guard status`, by label. */
const rowsOf = (text: string) =>
  Object.fromEntries(
    text
      .replace(/\r/g, '')
      .trimEnd()
      .split('\n')
      .filter((line) => /^[a-z]/.test(line))
      .map((line) => [line.slice(0, 14).trim(), line.slice(16)]),
  );

/** Records a rejection of the right credentials in the fleet's Redis, as a transient `invalid_client` does. */
async function recordRejection(): Promise<void> {
  cloud.emulator.control.failTokenRequests(1, { kind: 'oauth-error', error: 'invalid_client' });
  expect((await runBin(['check'], { env: fleetEnv() })).code).toBe(2);
}

describe('cloud-token guard status', () => {
  it('shows a clean record: requests allowed, no rejection, no cooldown, budget unspent, lock free, no token', async () => {
    const run = await runBin(['guard', 'status'], { env: fleetEnv() });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(rowsOf(run.stdout)).toEqual({
      credentials: expect.stringMatching(
        new RegExp(`^${CLIENT_ID} at 127\\.0\\.0\\.1:\\d+ \\(store key [0-9a-f]{12}\\)$`),
      ),
      'token requests': 'allowed',
      rejection: 'none',
      'rate limit': 'none',
      'failure budget': '0 of 3 failed token requests in the last 1 min',
      'renewal lock': 'free',
      token: 'none stored',
    });
    expect(tokenRequests()).toBe(0);
  });

  it("shows a recorded rejection, the budget it spent, the lock's holder and the token's expiry, never the token", async () => {
    expect((await runBin(['token'], { env: fleetEnv() })).code).toBe(0);
    await recordRejectionOverAToken();
    const client = new Redis(fleet.redis.url);
    const lock = await redisTokenStore({ client, pubsub: false }).acquireLock(storeKey(), 30_000);
    client.disconnect();

    const run = await runBin(['guard', 'status'], { env: fleetEnv() });
    expect(run.code).toBe(0);
    expect(secretFree(run, [CLIENT_SECRET])).toBe(true);
    expect(rowsOf(run.stdout)).toMatchObject({
      'token requests': expect.stringMatching(
        /^refused: rejected until \d{4}-.*Z \(in (10 min|9 min \d+ s)\)$/,
      ),
      rejection: expect.stringMatching(/^invalid_client \(HTTP 400\).* until \d{4}-/),
      'failure budget': '1 of 3 failed token requests in the last 1 min',
      'renewal lock': expect.stringMatching(
        new RegExp(`^held by ${lock?.owner.slice(0, 12)} for (30|2\\d) s more$`),
      ),
      token: expect.stringMatching(/^expires \d{4}-.*Z \(in (1 d|23 h 59 min)\)$/),
    });

    const json = await runBin(['guard', 'status', '--json'], { env: fleetEnv() });
    expect(secretFree(json, [CLIENT_SECRET])).toBe(true);
    expect(JSON.parse(json.stdout)).toMatchObject({
      refused: { reason: 'rejected' },
      rejection: { oauthError: 'invalid_client', upstreamStatus: 400 },
      failures: { recent: 1, max: 3, windowMs: 60_000 },
      lock: { owner: lock?.owner },
      token: { expiresOn: expect.stringMatching(/Z$/) },
    });
  });
});

describe('cloud-token guard clear', () => {
  it('is the recovery from a recorded rejection: after clear --yes, the next check requests again and succeeds', async () => {
    await recordRejection();
    const refused = await runBin(['check'], { env: fleetEnv() });
    expect(refused.code).toBe(2);
    expect(tokenRequests()).toBe(1);

    const clear = await runBin(['guard', 'clear', '--yes'], { env: fleetEnv() });
    expect(clear.code).toBe(0);
    expect(clear.stdout).toMatch(
      /\ncleared: processes started from now on may request a token for /,
    );
    expect(secretFree(clear, [CLIENT_SECRET])).toBe(true);

    expect(rowsOf((await runBin(['guard', 'status'], { env: fleetEnv() })).stdout)).toMatchObject({
      'token requests': 'allowed',
      rejection: 'none',
      'failure budget': '0 of 3 failed token requests in the last 1 min',
    });
    const good = await runBin(['check'], { env: fleetEnv() });
    expect(good.code).toBe(0);
    expect(tokenRequests()).toBe(2);
  });

  it('asks before clearing on a terminal: "n" clears nothing, "y" clears', async () => {
    await recordRejection();
    const prompt = 'for the whole fleet? [y/N]';
    const declined = await runInTerminal(['guard', 'clear'], fleetEnv(), { prompt, answer: 'n' });
    expect(declined.code).toBe(0);
    expect(declined.stdout).toContain('Nothing cleared.');
    expect(
      rowsOf((await runBin(['guard', 'status'], { env: fleetEnv() })).stdout).rejection,
    ).toMatch(/^invalid_client/);

    const accepted = await runInTerminal(['guard', 'clear'], fleetEnv(), { prompt, answer: 'y' });
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toMatch(/cleared.*: processes started from now on/);
    expect(secretFree(accepted, [CLIENT_SECRET])).toBe(true);
    expect(rowsOf((await runBin(['guard', 'status'], { env: fleetEnv() })).stdout).rejection).toBe(
      'none',
    );
  });

  it('refuses to clear without --yes when nobody can answer (a script): exit 64, nothing cleared', async () => {
    await recordRejection();
    const run = await runBin(['guard', 'clear'], { env: fleetEnv() });
    expect(run.code).toBe(64);
    expect(run.stderr).toBe(
      'cloud-token: usage: guard clear asks before it clears; in a script, pass --yes\n',
    );
    expect(
      rowsOf((await runBin(['guard', 'status'], { env: fleetEnv() })).stdout).rejection,
    ).toMatch(/^invalid_client/);
  });
});

describe('cloud-token guard: mistakes', () => {
  it.each([
    [
      'no action',
      64,
      ['guard'],
      'cloud-token: usage: say what to do: cloud-token guard status|clear\n',
    ],
    [
      'an unknown action',
      64,
      ['guard', 'reset'],
      'cloud-token: usage: say what to do: cloud-token guard status|clear\n',
    ],
    [
      '--yes on status',
      64,
      ['guard', 'status', '--yes'],
      'cloud-token: usage: --yes goes with guard clear\n',
    ],
  ])('%s: exit %s', async (_, code, args, stderr) => {
    const run = await runBin(args, { env: fleetEnv() });
    expect(run).toMatchObject({ code, stdout: '', stderr });
  });

  it('needs --redis: exit 64', async () => {
    const run = await runBin(['guard', 'status'], { env: cloud.env() });
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(
      /^cloud-token: usage: guard needs --redis URL \(or CLOUD_TOKEN_REDIS_URL\)/,
    );
  });

  it('exits 4 when Redis does not answer, naming it by host and port only', async () => {
    const run = await runBin(
      ['guard', 'status', '--redis', 'redis://:redis-password-1@127.0.0.1:9'],
      {
        env: cloud.env(),
      },
    );
    expect(run.code).toBe(4);
    expect(run.stderr).toBe('cloud-token: unreachable: Redis at 127.0.0.1:9 could not be read\n');
    expect(secretFree(run, [CLIENT_SECRET, 'redis-password-1'])).toBe(true);
  });
});

/**
 * A rejection recorded while a token is stored (a fleet whose credentials
 * were refused at a renewal), written through the store's own API.
 */
async function recordRejectionOverAToken(): Promise<void> {
  const client = new Redis(fleet.redis.url);
  const store = redisTokenStore({ client, pubsub: false });
  try {
    await store.updateGuard(
      storeKey(),
      {
        failed: true,
        windowMs: 60_000,
        rejectedForMs: 600_000,
        rejection: { oauthError: 'invalid_client', upstreamStatus: 400 },
      },
      600_000,
    );
  } finally {
    client.disconnect();
  }
}

/** The key of the tests' credentials in the fleet's store. */
function storeKey(): string {
  return clientCredentials({
    tokenUrl: cloud.emulator.tokenUrl,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
  }).storeKey;
}
