import { cpuMicros, elapsedMs, nowNs, perSecond } from './measure.js';

/** What one load run measured. */
export interface LoadResult {
  readonly requestsPerSecond: number;
  /** Process CPU time per request (client, server and emulator alike, when all run here). */
  readonly cpuMicrosPerRequest: number;
  /** Latency of every request, in milliseconds. */
  readonly latenciesMs: number[];
}

/**
 * Sends `total` requests, at most `concurrency` at a time (1 = one after
 * another), and measures throughput and each request's latency. `request`
 * must reject on a wrong answer: a failed request stops the run.
 */
export async function runLoad(
  total: number,
  concurrency: number,
  request: () => Promise<void>,
): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let issued = 0;
  async function worker(): Promise<void> {
    while (issued < total) {
      issued += 1;
      const started = nowNs();
      await request();
      latenciesMs.push(elapsedMs(started));
    }
  }
  const started = nowNs();
  const cpuBefore = cpuMicros();
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return {
    requestsPerSecond: perSecond(total, elapsedMs(started)),
    cpuMicrosPerRequest: (cpuMicros() - cpuBefore) / total,
    latenciesMs,
  };
}
