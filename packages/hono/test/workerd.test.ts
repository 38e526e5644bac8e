import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendRawRequest, startRecordingUpstream } from '@cloud-token/core/testing';
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

async function startWorker(proxyTarget = cloud.emulator.apiUrl): Promise<Guest> {
  const { emulator, credentials } = cloud;
  guest = await startGuest('workerd', bundle, {
    ...credentials,
    baseUrl: emulator.apiUrl,
    proxyTarget,
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

// What keeps the conformance suite's "client leaves" check on a connection reset here: with
// `enable_request_signal` (and `request_signal_passthrough` too), a client that closes its
// connection while the Worker awaits the cloud is not noticed; `request.signal` stays quiet.
it('does not notice a client that closes its connection while the Worker awaits the cloud', async () => {
  const upstream = await startRecordingUpstream((received, response) => {
    if (received.url !== '/slow') response.end('ok');
  });
  const worker = await startWorker(upstream.url);
  let abandoned = false;
  upstream.events.on('abandoned', () => {
    abandoned = true;
  });
  const arrived = once(upstream.events, 'arrived');
  const client = request(`${worker.url}/proxy/slow`, { agent: false });
  client.on('error', () => {
    // The client's side of leaving.
  });
  client.end();
  await arrived;
  const closed = new Promise((resolve) => client.on('close', resolve));
  client.destroy();
  await closed;

  // A later request goes through the same Worker and back; the first is still awaited.
  expect((await sendRawRequest(`${worker.url}/proxy/after`)).status).toBe(200);
  expect(abandoned).toBe(false);
  // Only stopping workerd ends it.
  const ended = once(upstream.events, 'abandoned');
  await worker.close();
  guest = undefined;
  await ended;
  expect(abandoned).toBe(true);
  await upstream.close();
}, 60_000);
