import type { BehaviourChecks } from './behaviour-checks.js';
import type { Figure } from './figure.js';

/** What every suite gets from the runner. */
export interface SuiteContext {
  readonly checks: BehaviourChecks;
}

/** One benchmark suite: it measures, verifies its behavioural counts, and returns its figures. */
export interface Suite {
  readonly title: string;
  run(context: SuiteContext): Promise<Figure[]>;
}
