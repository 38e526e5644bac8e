import { startEmulator } from '@cloud-token/emulator';
import { type Clock, CloudTokenModule } from '@cloud-token/nestjs';
import { expect, it } from 'vitest';
import { cloudOptions } from './support/cloud-options.js';
import { getMany, useNestApps } from './support/nest-apps.js';
import { nestVersion } from './support/nest-major.js';
import { wordsModule } from './support/words-module.js';

const apps = useNestApps();

/** How many of each kind of resource keeps the event loop busy (timers, sockets, servers). */
function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** Whether `now` has no more of any kind than `baseline`. */
function withinBaseline(now: Record<string, number>, baseline: Record<string, number>): boolean {
  return Object.entries(now).every(([kind, count]) => count <= (baseline[kind] ?? 0));
}

/** Sockets end asynchronously once their peer closes; look again for a bounded while. */
async function settle(baseline: Record<string, number>): Promise<Record<string, number>> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (withinBaseline(activeResources(), baseline)) break;
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return activeResources();
}

/**
 * The system clock without `unref()`: the default clock's timers never keep
 * the process alive, so `getActiveResourcesInfo()` would not list them.
 * With this one, every timer the library leaves running shows up.
 */
const keepAliveClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as NodeJS.Timeout),
};

it(`leaves no timer or socket behind after app.close() (${nestVersion})`, async () => {
  const baseline = activeResources();
  const emulator = await startEmulator();
  const { app, url } = await apps.start({
    imports: [
      CloudTokenModule.forRoot({
        ...cloudOptions(emulator),
        clock: keepAliveClock,
        isGlobal: true,
      }),
      wordsModule(emulator.apiUrl),
    ],
  });
  expect(await getMany(`${url}/words/http`, 20)).toEqual(Array.from({ length: 20 }, () => 200));
  expect(await getMany(`${url}/words/fetch`, 20)).toEqual(Array.from({ length: 20 }, () => 200));
  // The measure sees what the app holds while it runs (its sockets to the emulator among them).
  expect(withinBaseline(activeResources(), baseline)).toBe(false);

  await app.close();
  await emulator.close();
  expect(emulator.stats.tokenRequests.total).toBe(1);
  const after = await settle(baseline);
  const extra = Object.fromEntries(
    Object.entries(after).filter(([kind, count]) => count > (baseline[kind] ?? 0)),
  );
  expect(extra).toEqual({});
});
