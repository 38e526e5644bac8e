import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useEmulator } from '@cloud-token/emulator/testing';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { bundleGuest, type Guest, startGuest } from './support/runtime-guest.js';

// The conformance app in workerd (one isolate), against the emulator on loopback.
const cloud = useEmulator({ beforeAll, beforeEach, afterAll });
let dir = '';
let bundle = '';
let guest: Guest | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cloud-token-bundle-workerd-'));
  bundle = await bundleGuest('workerd', dir);
});
afterEach(async () => {
  await guest?.close();
  guest = undefined;
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function startWorker(): Promise<Guest> {
  const { emulator, credentials } = cloud;
  guest = await startGuest('workerd', bundle, {
    ...credentials,
    baseUrl: emulator.apiUrl,
    proxyTarget: emulator.apiUrl,
  });
  return guest;
}

async function statusOf(url: string): Promise<number> {
  const answer = await fetch(url);
  await answer.arrayBuffer();
  return answer.status;
}

it('answers 200 concurrent cold requests with 1 token request', async () => {
  const worker = await startWorker();
  cloud.emulator.control.setLatency({ tokenMs: 300 });
  const statuses = await Promise.all(
    Array.from({ length: 200 }, () => statusOf(`${worker.url}/call?to=words/herd`)),
  );
  expect(statuses.filter((status) => status === 200)).toHaveLength(200);
  expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
  expect(cloud.emulator.stats.apiRequests.total).toBe(200);
}, 60_000);

it('leaves no request hanging when the request that started the token request is cancelled', async () => {
  const worker = await startWorker();
  const { control, stats } = cloud.emulator;
  control.setLatency({ tokenMs: 1_500 });
  const starter = statusOf(`${worker.url}/give-up`);
  // The starter's token request has reached the cloud: the others join it.
  await expect.poll(() => stats.maxConcurrentTokenRequests, { timeout: 30_000 }).toBe(1);
  const followers = Promise.all(
    Array.from({ length: 199 }, () => statusOf(`${worker.url}/call?to=words/follower`)),
  );
  expect(await starter).toBe(504);
  const statuses = await followers;
  expect(statuses.filter((status) => status === 200)).toHaveLength(199);
  expect(stats.tokenRequests.total).toBe(1);
}, 60_000);
