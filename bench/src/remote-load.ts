import type { BenchChild } from './child-process.js';
import type { LoadRunner } from './compare-load.js';
import { cpuMicros } from './measure.js';

/** The load generator child (`children/load-generator.ts`). */
export type LoadGenerator = BenchChild<Record<string, never>>;

/**
 * A runner that loads `url` from the load generator's process. CPU per
 * request is this process's: the server under test runs here, its client
 * does not.
 */
export function remoteRunner(generator: LoadGenerator, url: string): LoadRunner {
  return async (total, concurrency) => {
    const before = cpuMicros();
    const { requestsPerSecond, latenciesMs } = await generator.request<{
      requestsPerSecond: number;
      latenciesMs: number[];
    }>({ url, total, concurrency });
    return { requestsPerSecond, latenciesMs, cpuMicrosPerRequest: (cpuMicros() - before) / total };
  };
}
