import { describe, expect, it } from 'vitest';
import { CLIENT_SECRET, useCliCloud } from './support/cli-cloud.js';
import { runBin, secretFree } from './support/cloud-token-bin.js';
import { useTestRedis } from './support/use-test-redis.js';

const cloud = useCliCloud();
const tokenRequests = () => cloud.emulator.stats.tokenRequests.total;
const WRONG = 'wrong-secret-c4e1';

describe('cloud-token check', () => {
  it('exits 0 and says so on stdout when the token endpoint issues a token: one request', async () => {
    const run = await runBin(['check'], { env: cloud.env() });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      /^ok: cli-test-client at 127\.0\.0\.1:\d+: the token endpoint issued a token, valid for (1 d|23 h 59 min)\n$/,
    );
    expect(tokenRequests()).toBe(1);
    expect(secretFree(run, [CLIENT_SECRET])).toBe(true);
  });

  it.each([
    [
      '2 for rejected credentials',
      2,
      () => undefined,
      { CLOUD_TOKEN_CLIENT_SECRET: WRONG },
      /^cloud-token: rejected: /,
    ],
    [
      '3 when the token endpoint answers 429',
      3,
      () => cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '600' }),
      {},
      /^cloud-token: rate limited: /,
    ],
    [
      '4 when the token endpoint answers 503 (not retried: one request)',
      4,
      () => cloud.emulator.control.failTokenRequests(3, { kind: 'status', status: 503 }),
      {},
      /^cloud-token: unreachable: /,
    ],
  ])('exits %s, with one request and one line on stderr', async (_, code, arrange, extra, line) => {
    arrange();
    const run = await runBin(['check'], { env: cloud.env(extra) });
    expect(run.code).toBe(code);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual([expect.stringMatching(line), '']);
    expect(tokenRequests()).toBe(1);
    expect(secretFree(run, [CLIENT_SECRET, WRONG])).toBe(true);
  });

  it('exits 4 when nothing answers at the token URL, and 64 for a usage mistake', async () => {
    const unreachable = await runBin(['check'], {
      env: cloud.env({ CLOUD_TOKEN_URL: 'http://127.0.0.1:9/connect/token' }),
    });
    expect(unreachable.code).toBe(4);
    const usage = await runBin(['check', '--json'], { env: cloud.env() });
    expect(usage.code).toBe(64);
    expect(usage.stderr).toBe('cloud-token: usage: unknown flag --json; see --help\n');
    expect(tokenRequests()).toBe(0);
  });
});

describe('cloud-token check --redis: the fleet’s record', () => {
  const fleet = useTestRedis();
  const fleetEnv = (extra: Record<string, string> = {}) =>
    cloud.env({ CLOUD_TOKEN_REDIS_URL: fleet.redis.url, ...extra });

  it('sends no request while a rejection is recorded: the second check exits 2 at once', async () => {
    await fleet.redis.command('FLUSHALL');
    const first = await runBin(['check'], { env: fleetEnv({ CLOUD_TOKEN_CLIENT_SECRET: WRONG }) });
    expect(first.code).toBe(2);
    expect(tokenRequests()).toBe(1);

    const second = await runBin(['check'], { env: fleetEnv({ CLOUD_TOKEN_CLIENT_SECRET: WRONG }) });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(
      /^cloud-token: rejected: .*invalid_client.*; no token request sent: the store records this for these credentials \(see `cloud-token guard status`\)\n$/,
    );
    expect(tokenRequests()).toBe(1);
    expect(secretFree(second, [CLIENT_SECRET, WRONG])).toBe(true);
  });

  it('sends no request while a 429 cooldown is recorded: exits 3', async () => {
    await fleet.redis.command('FLUSHALL');
    cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '600' });
    expect((await runBin(['check'], { env: fleetEnv() })).code).toBe(3);
    const again = await runBin(['check'], { env: fleetEnv() });
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/no token request sent/);
    expect(tokenRequests()).toBe(1);
  });

  it('after three failed requests the failure budget is spent: the fourth check exits 3 without a request', async () => {
    await fleet.redis.command('FLUSHALL');
    cloud.emulator.control.failTokenRequests(10, { kind: 'status', status: 503 });
    for (let run = 0; run < 3; run++) {
      expect((await runBin(['check'], { env: fleetEnv() })).code).toBe(4);
    }
    const fourth = await runBin(['check'], { env: fleetEnv() });
    expect(fourth.code).toBe(3);
    expect(fourth.stderr).toMatch(
      /^cloud-token: rate limited: 3 token requests failed within 60000 ms/,
    );
    expect(tokenRequests()).toBe(3);
  });

  it('finds the token the fleet holds: exits 0 without a request', async () => {
    await fleet.redis.command('FLUSHALL');
    expect((await runBin(['token'], { env: fleetEnv() })).code).toBe(0);
    const run = await runBin(['check'], { env: fleetEnv() });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/: a token for these credentials is in the store, valid for/);
    expect(tokenRequests()).toBe(1);
    expect(secretFree(run, [CLIENT_SECRET])).toBe(true);
  });
});
