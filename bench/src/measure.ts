/** Timing and memory helpers shared by every suite: monotonic time, rates, percentiles, heap. */

const NS_PER_MS = 1_000_000;

/** Monotonic nanoseconds, immune to wall-clock adjustments. */
export function nowNs(): bigint {
  return process.hrtime.bigint();
}

/** Milliseconds since `startNs` (from {@link nowNs}). */
export function elapsedMs(startNs: bigint): number {
  return Number(nowNs() - startNs) / NS_PER_MS;
}

/**
 * CPU time this process has used, user plus system, in microseconds. Unlike
 * wall time it barely moves when other processes compete for the cores.
 */
export function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** Operations per second for `operations` done in `ms`. */
export function perSecond(operations: number, ms: number): number {
  return ms > 0 ? (operations * 1_000) / ms : Number.POSITIVE_INFINITY;
}

/** Average nanoseconds per operation for `operations` done in `ms`. */
export function nsPerOperation(operations: number, ms: number): number {
  return (ms * NS_PER_MS) / operations;
}

/** The nearest-rank percentile `p` (0–100) of `values`; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/** The median of `values`. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/**
 * Runs `operation` `iterations` times, one after another, each awaited;
 * resolves with the elapsed milliseconds.
 */
export async function timeSequential(
  iterations: number,
  operation: () => Promise<unknown>,
): Promise<number> {
  const started = nowNs();
  for (let i = 0; i < iterations; i += 1) await operation();
  return elapsedMs(started);
}

/** `global.gc`, present when node runs with `--expose-gc`. */
function garbageCollector(): (() => void) | undefined {
  return (globalThis as { gc?: () => void }).gc;
}

/** Whether heap figures are taken after a full collection (node `--expose-gc`). */
export function canCollectGarbage(): boolean {
  return garbageCollector() !== undefined;
}

/** Heap figures closer than this are taken as settled. */
const SETTLED_HEAP_BYTES = 16 * 1_024;
const MAX_GC_PASSES = 10;

/**
 * Heap bytes in use, after full collections when `--expose-gc` is given:
 * repeated until the figure settles, because closed sockets and finalizers
 * free what they hold only on later turns of the event loop. Without
 * `--expose-gc` the figure includes garbage and is only indicative.
 */
export async function heapUsedAfterGc(): Promise<number> {
  const gc = garbageCollector();
  let heapUsed = process.memoryUsage().heapUsed;
  if (gc === undefined) return heapUsed;
  for (let pass = 0; pass < MAX_GC_PASSES; pass += 1) {
    gc();
    await new Promise<void>((resolve) => setTimeout(resolve, 5));
    const previous = heapUsed;
    heapUsed = process.memoryUsage().heapUsed;
    if (Math.abs(heapUsed - previous) < SETTLED_HEAP_BYTES) break;
  }
  return heapUsed;
}
