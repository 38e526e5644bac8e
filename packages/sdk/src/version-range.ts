/** Versions from `from` (included) up to `below` (excluded), both `major.minor.patch`. */
export interface VersionRange {
  readonly from: string;
  readonly below: string;
}

function parts(version: string): number[] | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  return match === null ? undefined : match.slice(1, 4).map(Number);
}

function compare(left: readonly number[], right: readonly number[]): number {
  for (let index = 0; index < 3; index += 1) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Whether `version` (a release, `24.12.0`) lies in `range`; a prerelease or garbage does not. */
export function isVersionIn(version: string, range: VersionRange): boolean {
  if (!/^\d+\.\d+\.\d+$/.test(version)) return false;
  const given = parts(version);
  const from = parts(range.from);
  const below = parts(range.below);
  if (given === undefined || from === undefined || below === undefined) return false;
  return compare(given, from) >= 0 && compare(given, below) < 0;
}

/** The range as a peer dependency range: `>=20.10.0 <25.0.0`. */
export function formatRange(range: VersionRange): string {
  return `>=${range.from} <${range.below}`;
}
