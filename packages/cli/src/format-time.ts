/**
 * A duration as people read it: `23 h 59 min`, `9 min 58 s`, `42 s`
 * (the two largest units; at least `0 s`).
 */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1_000));
  const units: [string, number][] = [
    ['d', Math.floor(seconds / 86_400)],
    ['h', Math.floor(seconds / 3_600) % 24],
    ['min', Math.floor(seconds / 60) % 60],
    ['s', seconds % 60],
  ];
  const first = units.findIndex(([, value]) => value > 0);
  if (first === -1) return '0 s';
  return units
    .slice(first, first + 2)
    .filter(([, value]) => value > 0)
    .map(([unit, value]) => `${value} ${unit}`)
    .join(' ');
}

/** A moment and how far it lies from `now`: `2026-05-01T10:00:00.000Z (in 9 min 58 s)`. */
export function formatMoment(at: number, now: number): string {
  const relative = at >= now ? `in ${formatDuration(at - now)}` : `${formatDuration(now - at)} ago`;
  return `${new Date(at).toISOString()} (${relative})`;
}
