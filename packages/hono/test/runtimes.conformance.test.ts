import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runServerAdapterConformance } from '@cloud-token/core/testing';
import * as vitest from 'vitest';
import { bundleGuest, type Runtime, startGuest } from './support/runtime-guest.js';

// The conformance app of support/conformance-app.ts, bundled with a guest entry, runs in a
// child process of each runtime (the binaries come from npm), against the suite's emulator.
for (const runtime of ['bun', 'deno'] satisfies Runtime[]) {
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
      mount: ({ credentials, baseUrl, proxyTarget }) =>
        startGuest(runtime, bundle, { ...credentials, baseUrl, proxyTarget }),
    });
  });
}
