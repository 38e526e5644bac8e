import { getAccessToken } from '@cloud-token/emulator/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_SECRET, useCliCloud } from './support/cli-cloud.js';
import { collect, JWT, secretFree, spawnBin } from './support/cloud-token-bin.js';
import { type SidecarProcess, startSidecarProcess } from './support/sidecar-process.js';
import { useTestRedis } from './support/use-test-redis.js';

const cloud = useCliCloud();
const fleet = useTestRedis();
// Stopped after each test, also one that failed or timed out before its own stop.
const running: SidecarProcess[] = [];
afterEach(async () => {
  for (const sidecar of running.splice(0)) await sidecar.stop();
});

describe('cloud-token token --redis: a hundred processes at once', () => {
  it('send one token request, and all print the same token', { timeout: 900_000 }, async () => {
    // A warm emulator (keys loaded, code compiled), so that its first answer does not wait on
    // a CPU that a hundred starting processes share; then the counters start from zero.
    await getAccessToken(cloud.emulator);
    cloud.emulator.control.reset();
    // A hundred starting processes share two cores (and whatever else runs): each gets a few
    // percent of a CPU, so the holder's first fetch and Redis calls take seconds of wall time,
    // minutes on a loaded machine. A timeout is not what this test is about: an attempt that
    // timed out would be retried, a second token request (seen at 120 s under a load of 60).
    const env = cloud.env({ CLOUD_TOKEN_REDIS_URL: fleet.redis.url, CLOUD_TOKEN_TIMEOUT: '600' });
    const runs = await Promise.all(
      Array.from({ length: 100 }, () => collect(spawnBin(['token'], env))),
    );

    expect(runs.filter((run) => run.code !== 0).map((run) => run.stderr)).toEqual([]);
    expect(runs.map((run) => run.code)).toEqual(Array(100).fill(0));
    expect(new Set(runs.map((run) => run.stdout)).size).toBe(1);
    expect(runs[0]?.stdout).toMatch(JWT);
    expect(runs.every((run) => run.stderr === '')).toBe(true);
    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
    expect(
      secretFree({ stdout: '', stderr: runs.map((run) => run.stderr).join('') }, [CLIENT_SECRET]),
    ).toBe(true);
  });
});

describe('cloud-token token --sidecar: a hundred processes at once', () => {
  it('send one token request between them: the sidecar’s', { timeout: 900_000 }, async () => {
    await getAccessToken(cloud.emulator);
    cloud.emulator.control.reset();
    const sidecar = await startSidecarProcess([], cloud.env({ CLOUD_TOKEN_TIMEOUT: '600' }));
    running.push(sidecar);
    try {
      // The sidecar holds its token (the one request) before the hundred processes start.
      await sidecar.waitForLog(/"msg":"token adopted"/);
      const env = cloud.env({ CLOUD_TOKEN_SIDECAR: sidecar.url, CLOUD_TOKEN_TIMEOUT: '600' });
      const runs = await Promise.all(
        Array.from({ length: 100 }, () => collect(spawnBin(['token'], env))),
      );

      expect(runs.filter((run) => run.code !== 0).map((run) => run.stderr)).toEqual([]);
      expect(new Set(runs.map((run) => run.stdout)).size).toBe(1);
      expect(runs[0]?.stdout).toMatch(JWT);
      expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
      const metrics = await (await fetch(`${sidecar.url}/metrics`)).text();
      expect(metrics).toMatch(/^cloud_token_facade_requests_total\{outcome="issued"\} 100$/m);
    } finally {
      expect((await sidecar.stop()).code).toBe(0);
    }
    expect(sidecar.logs()).not.toContain(CLIENT_SECRET);
    expect(sidecar.logs()).not.toMatch(JWT);
  });
});
