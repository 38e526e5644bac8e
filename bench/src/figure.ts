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
}

/** A {@link Figure} with the suite that produced it, as the final table lists it. */
export interface SuiteFigure extends Figure {
  readonly suite: string;
}
