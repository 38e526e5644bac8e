import { execFileSync } from 'node:child_process';

/** CPU lists as `taskset -c` takes them: the measured processes', the rest's, and every one this process may use. */
interface CpuSplit {
  readonly measured: string;
  readonly rest: string;
  readonly all: string;
}

/**
 * The split of the CPUs this process may run on, or why there is none: the
 * measured processes get the last of them, the rest (the bench's own
 * process, the load generator, the API server) the others. Needs Linux,
 * `taskset` (util-linux) and at least two CPUs.
 */
function cpuSplit(): CpuSplit | string {
  if (process.platform !== 'linux') return `no CPU split on ${process.platform}`;
  let answer: string;
  try {
    answer = execFileSync('taskset', ['-c', '-p', String(process.pid)], { encoding: 'utf8' });
  } catch {
    return 'no CPU split: taskset (util-linux) is not available';
  }
  // "pid 42's current affinity list: 0,2-3"
  const all = answer.slice(answer.lastIndexOf(':') + 1).trim();
  const cpus = all.split(',').flatMap((part) => {
    const [from, to = from] = part.split('-').map(Number) as [number, number?];
    return Array.from({ length: (to as number) - from + 1 }, (_, index) => from + index);
  });
  if (cpus.length < 2) return 'no CPU split: one CPU';
  return { measured: String(cpus.at(-1)), rest: cpus.slice(0, -1).join(','), all };
}

/**
 * Sets the CPUs of every thread of `pid`; false when that failed for a
 * running process (a process that has exited meanwhile runs nowhere).
 */
function pin(pid: number, cpus: string): boolean {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return !isRunning(pid);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `measure` with the `measured` processes on one CPU of their own and
 * the `rest` on the others, then gives every process all CPUs again. Two
 * processes compared with each other then run on the same CPU, so neither
 * gets the quieter one, and the load generator and the API server do not
 * run on their CPU: on this 2-CPU machine it cut the spread
 * (standard deviation) of a pair's per-round requests/s ratios from
 * 0.03–0.08 to about 0.01, and of its CPU ratios from 0.06–0.09 to
 * 0.04–0.05 (`docs/benchmarks.md`, seventh round). Where the machine cannot
 * split, or a process cannot be pinned, says why on the console and runs
 * `measure` unpinned.
 *
 * @example
 * ```ts
 * const samples = await withCpuSplit([ours.pid, bare.pid], [generator.pid], () =>
 *   measurePairedRounds(pairs, generator, 50, ROUTE_PATH),
 * );
 * ```
 */
export async function withCpuSplit<T>(
  measured: readonly number[],
  rest: readonly number[],
  measure: () => Promise<T>,
): Promise<T> {
  const split = cpuSplit();
  const everyone = [...measured, ...rest];
  const pinned =
    typeof split !== 'string' &&
    measured.every((pid) => pin(pid, split.measured)) &&
    rest.every((pid) => pin(pid, split.rest));
  if (!pinned) {
    if (typeof split !== 'string') for (const pid of everyone) pin(pid, split.all);
    const why = typeof split === 'string' ? split : 'no CPU split: taskset could not pin';
    console.log(`${why}; the measured processes share every CPU with the rest`);
    return measure();
  }
  try {
    return await measure();
  } finally {
    for (const pid of everyone) pin(pid, split.all);
  }
}
