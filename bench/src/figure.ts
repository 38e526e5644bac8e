/**
 * What a figure should reach. `ratio-at-least`: `value ÷ baseline` must be
 * at least `limit` (throughput against its baseline); `ratio-at-most`: at
 * most `limit` (CPU per request against its baseline); `value-at-most`: the
 * value itself must stay at or below `limit` (heap growth in bytes, a count).
 */
export interface Target {
  readonly kind: 'ratio-at-least' | 'ratio-at-most' | 'value-at-most';
  readonly limit: number;
}

/**
 * One measured figure. `baseline`, when given, is in the same unit and the
 * table shows `value ÷ baseline` as the ratio: above 1 means more (more
 * requests per second, or more nanoseconds per call) than the baseline.
 */
export interface Figure {
  readonly figure: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: number;
  /** What the baseline is, when the figure's name does not say it. */
  readonly baselineLabel?: string;
  /**
   * The ratio against the baseline, when the suite measured it pairwise: the
   * median of each round's `value ÷ baseline`, candidate and baseline run
   * back to back or at the same time. Shown and judged instead of the ratio
   * of the two medians.
   */
  readonly ratio?: number;
  /** The target issue 17 set for this figure, if any. */
  readonly target?: Target;
}

/** A {@link Figure} with the suite that produced it, as the final table lists it. */
export interface SuiteFigure extends Figure {
  readonly suite: string;
}

/**
 * The figure against its baseline: the pairwise {@link Figure.ratio} when
 * the suite measured one, else `value ÷ baseline`; `undefined` without a baseline.
 */
export function ratioOf(figure: Figure): number | undefined {
  if (figure.baseline === undefined) return undefined;
  return figure.ratio ?? figure.value / figure.baseline;
}

/** Whether `figure` meets its target; `undefined` when it has none. */
export function meetsTarget(figure: Figure): boolean | undefined {
  const { target } = figure;
  if (target === undefined) return undefined;
  if (target.kind === 'value-at-most') return figure.value <= target.limit;
  const ratio = ratioOf(figure);
  if (ratio === undefined) return undefined;
  return target.kind === 'ratio-at-most' ? ratio <= target.limit : ratio >= target.limit;
}

/** `figures` with `target` set on the one named `name`. */
export function withTarget<F extends Figure>(
  figures: readonly F[],
  name: string,
  target: Target,
): F[] {
  return figures.map((figure) => (figure.figure === name ? { ...figure, target } : figure));
}
