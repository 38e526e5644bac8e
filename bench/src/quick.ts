/**
 * `--quick`: every suite in a smoke mode (a few small rounds), so CI can run
 * the whole bench in well under two minutes and still check every behavioural
 * count. Figures from a quick run are indicative only and are never written
 * to `bench/results/latest.json`.
 */
export const QUICK = process.argv.includes('--quick');

/**
 * `--brief`: a measuring run with fewer, shorter rounds, for a machine too
 * busy for the full sizes; its figures are written, marked as brief.
 */
export const BRIEF = !QUICK && process.argv.includes('--brief');

/** `full` on a normal run, `quick` with `--quick`, `brief` (if given) with `--brief`. */
export function sized<T>(full: T, quick: T, brief: T = full): T {
  return QUICK ? quick : BRIEF ? brief : full;
}
