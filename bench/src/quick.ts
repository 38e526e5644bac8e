/**
 * `--quick`: every suite in a smoke mode (a few small rounds), so CI can run
 * the whole bench in well under two minutes and still check every behavioural
 * count. Figures from a quick run are indicative only and are never written
 * to `bench/results/latest.json`.
 */
export const QUICK = process.argv.includes('--quick');

/** `full` on a normal run, `quick` with `--quick`. */
export function sized<T>(full: T, quick: T): T {
  return QUICK ? quick : full;
}
