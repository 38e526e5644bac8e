import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time another process has used so far, in microseconds, read from
 * `/proc`: the sum over its threads (the main thread, V8's helpers, libuv's
 * pool) of the nanoseconds each spent on a CPU (`/proc/<pid>/task/<tid>/schedstat`),
 * or, where the kernel keeps no schedstat, its `utime + stime` in clock ticks.
 */
export function processCpuMicros(pid: number): number {
  try {
    let nanoseconds = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const line = readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8');
      nanoseconds += Number(line.split(' ')[0]);
    }
    return nanoseconds / 1_000;
  } catch {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15, counted from the pid; 100 ticks a second on Linux.
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks * 10_000;
  }
}
