import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runServerAdapterConformance } from '@cloud-token/core/testing';
import * as vitest from 'vitest';
import { bundleGuest, type Runtime, startGuest } from './support/runtime-guest.js';

// The app of support/guests/app.ts, bundled with a guest entry, runs in a child process of
// each runtime (the binaries come from npm), against the suite's emulator.
// workerd runs the suite without its proxy part: workerd does not tell a Worker that its
// client left while the Worker awaits the cloud (only once a response streams), so the two
// "the client leaves" proxy checks cannot hold there; its other proxy checks pass (see README).
const runtimes: [Runtime, { proxy: boolean }][] = [
  ['bun', { proxy: true }],
  ['deno', { proxy: true }],
  ['workerd', { proxy: false }],
];
for (const [runtime, { proxy }] of runtimes) {
  vitest.describe(runtime, () => {
    let dir = '';
    let bundle = '';
    vitest.beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), `cloud-token-bundle-${runtime}-`));
      bundle = await bundleGuest(runtime, dir);
    });
    vitest.afterAll(() => rm(dir, { recursive: true, force: true }));

    runServerAdapterConformance(vitest, {
      name: `Hono on ${runtime}`,
      proxy,
      mount: ({ credentials, baseUrl, proxyTarget }) =>
        startGuest(runtime, bundle, { ...credentials, baseUrl, proxyTarget }),
    });
  });
}
