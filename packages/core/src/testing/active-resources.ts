import { systemClock } from '../index.js';
import { sleep } from '../shared/clock.js';

/** How many of each kind of resource keeps the event loop busy (timers, sockets, servers). */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** The kinds of which `now` has more than `baseline`, with how many more. */
export function resourcesBeyond(
  now: Record<string, number>,
  baseline: Record<string, number>,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(now)
      .filter(([kind, count]) => count > (baseline[kind] ?? 0))
      .map(([kind, count]) => [kind, count - (baseline[kind] ?? 0)]),
  );
}

/**
 * The resources beyond `baseline` once closing sockets had a bounded while
 * to end (a peer's close reaches the other side a moment later); `{}` when
 * everything opened since the baseline is gone.
 */
export async function resourcesLeftBeyond(
  baseline: Record<string, number>,
): Promise<Record<string, number>> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (Object.keys(resourcesBeyond(activeResources(), baseline)).length === 0) break;
    await new Promise((resolve) => setImmediate(resolve));
    await sleep(10, systemClock);
  }
  return resourcesBeyond(activeResources(), baseline);
}
