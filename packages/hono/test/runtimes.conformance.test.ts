import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runServerAdapterConformance } from '@cloud-token/core/testing';
import * as vitest from 'vitest';
import { bundleGuest, type Runtime, startGuest } from './support/runtime-guest.js';

// The app of support/guests/app.ts, bundled with a guest entry, runs in a child process of
// each runtime (the binaries come from npm), against the suite's emulator.
// In workerd, the client that leaves before any answer resets its connection: workerd does
// not notice a client that closes it while the Worker awaits the cloud (workerd.test.ts).
const runtimes: [Runtime, { clientLeaves: 'close' | 'reset' }][] = [
  ['bun', { clientLeaves: 'close' }],
  ['deno', { clientLeaves: 'close' }],
  ['workerd', { clientLeaves: 'reset' }],
];
for (const [runtime, { clientLeaves }] of runtimes) {
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
      clientLeaves,
      mount: ({ credentials, baseUrl, proxyTarget }) =>
        startGuest(runtime, bundle, { ...credentials, baseUrl, proxyTarget }),
    });
  });
}
