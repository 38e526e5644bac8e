import type { FetchLike, Logger } from '../types.js';
import { type Clock, systemClock } from './clock.js';
import { InvalidOptionsError } from './errors.js';
import type { OptionRule } from './options-schema.js';

/** The longest delay a timer accepts; longer ones fire at once in Node and browsers. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * What a numeric option must be:
 * - `timeout`: milliseconds, more than 0 and at most what a timer accepts;
 * - `delay`: milliseconds from 0 to what a timer accepts;
 * - `duration`: finite milliseconds, 0 or more;
 * - `positive`: finite milliseconds, more than 0;
 * - `fraction`: from 0 up to (not including) 1;
 * - `count`: an integer of 1 or more;
 * - `whole`: an integer of 0 or more.
 *
 * @example
 * ```ts
 * const rule: NumberRule = 'timeout';
 * ```
 */
export type NumberRule =
  | 'timeout'
  | 'delay'
  | 'duration'
  | 'positive'
  | 'fraction'
  | 'count'
  | 'whole';

const ruleText: Record<NumberRule, string> = {
  timeout: `must be a number of milliseconds greater than 0 and at most ${MAX_TIMER_MS}`,
  delay: `must be a number of milliseconds from 0 to ${MAX_TIMER_MS}`,
  duration: 'must be a finite number of milliseconds, 0 or more',
  positive: 'must be a finite number of milliseconds greater than 0',
  fraction: 'must be a number from 0 up to (not including) 1',
  count: 'must be an integer of 1 or more',
  whole: 'must be a whole number, 0 or more',
};

function follows(value: number, rule: NumberRule): boolean {
  switch (rule) {
    case 'timeout':
      return value > 0 && value <= MAX_TIMER_MS;
    case 'delay':
      return value >= 0 && value <= MAX_TIMER_MS;
    case 'duration':
      return Number.isFinite(value) && value >= 0;
    case 'positive':
      return Number.isFinite(value) && value > 0;
    case 'fraction':
      return value >= 0 && value < 1;
    case 'count':
      return Number.isSafeInteger(value) && value >= 1;
    case 'whole':
      return Number.isSafeInteger(value) && value >= 0;
  }
}

/**
 * Describes a value's type without ever showing the value: it may be a
 * secret put in the wrong field.
 *
 * @example
 * ```ts
 * describeValue(null); // 'null'
 * describeValue('s3cr3t'); // 'a string'
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/**
 * The rule of a numeric option: `fallback` when absent, else a number that
 * follows `rule`; otherwise an `InvalidOptionsError` naming the option.
 *
 * @example
 * ```ts
 * const rules = { timeoutMs: numberRule('timeout', 10_000) };
 * ```
 */
export function numberRule(rule: NumberRule, fallback: number): OptionRule<number> {
  return (value, path) => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || Number.isNaN(value)) {
      throw new InvalidOptionsError(path, `${ruleText[rule]}; got ${describeValue(value)}`);
    }
    if (!follows(value, rule)) throw new InvalidOptionsError(path, ruleText[rule]);
    return value;
  };
}

/**
 * The rule of a boolean option: `fallback` when absent, else `true` or `false`.
 *
 * @example
 * ```ts
 * const rules = { prefetch: booleanRule(false) };
 * ```
 */
export function booleanRule(fallback: boolean): OptionRule<boolean> {
  return (value, path) => {
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') {
      throw new InvalidOptionsError(path, `must be true or false; got ${describeValue(value)}`);
    }
    return value;
  };
}

/**
 * The rule of a function option: `fallback` when absent, else a function.
 *
 * @example
 * ```ts
 * const rules = { onError: functionRule<((error: unknown) => void) | undefined>(undefined) };
 * ```
 */
export function functionRule<T>(fallback: T): OptionRule<T> {
  return (value, path) => {
    if (value === undefined) return fallback;
    if (typeof value !== 'function') {
      throw new InvalidOptionsError(path, `must be a function; got ${describeValue(value)}`);
    }
    return value as T;
  };
}

/**
 * The rule of a string option: `fallback` when absent, else a string that
 * `pattern` matches; `expected` says what it must be.
 *
 * @example
 * ```ts
 * const rules = { keyPrefix: stringRule('ct', /^[^\s{}]+$/, 'a non-empty string without braces or spaces') };
 * ```
 */
export function stringRule<T extends string | undefined>(
  fallback: T,
  pattern: RegExp,
  expected: string,
): OptionRule<string | T> {
  return (value, path) => {
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !pattern.test(value)) {
      throw new InvalidOptionsError(path, `must be ${expected}`);
    }
    return value;
  };
}

/**
 * The rule of an injected clock: {@link systemClock} when absent, else an
 * object whose `now`, `setTimeout` and `clearTimeout` are functions (and
 * `monotonic`, when present). Names the missing method (`clock.setTimeout`).
 *
 * @example
 * ```ts
 * const rules = { clock: clockRule };
 * clockRule({ now: () => 0 }, 'clock'); // throws: Invalid option "clock.setTimeout": must be a function
 * ```
 */
export const clockRule: OptionRule<Clock> = (value, path) => {
  if (value === undefined) return systemClock;
  const clock = objectOption(value, path);
  for (const method of ['now', 'setTimeout', 'clearTimeout']) {
    if (typeof clock[method] !== 'function') {
      throw new InvalidOptionsError(`${path}.${method}`, 'must be a function');
    }
  }
  if (clock.monotonic !== undefined && typeof clock.monotonic !== 'function') {
    throw new InvalidOptionsError(`${path}.monotonic`, 'must be a function when present');
  }
  return value as Clock;
};

/**
 * The rule of a logger: `undefined` (log nowhere) when absent, else an
 * object whose `debug`, `info`, `warn` and `error`, those present, are functions.
 *
 * @example
 * ```ts
 * const rules = { logger: loggerRule };
 * ```
 */
export const loggerRule: OptionRule<Logger | undefined> = (value, path) => {
  if (value === undefined) return undefined;
  const logger = objectOption(value, path);
  for (const level of ['debug', 'info', 'warn', 'error']) {
    if (logger[level] !== undefined && typeof logger[level] !== 'function') {
      throw new InvalidOptionsError(`${path}.${level}`, 'must be a function when present');
    }
  }
  return value as Logger;
};

/**
 * The `fetch` used when none is injected: the global one, looked up at call
 * time, so a fetch installed or replaced after creation still applies.
 *
 * @example
 * ```ts
 * const sendsThroughTheGlobalFetch = settings.fetch === globalFetch;
 * ```
 */
export const globalFetch: FetchLike = (input, init) => globalThis.fetch(input, init);

/**
 * The rule of an injected `fetch`: the global `fetch`, looked up at call
 * time, when absent; else a function.
 *
 * @example
 * ```ts
 * const rules = { fetch: fetchRule };
 * ```
 */
export const fetchRule: OptionRule<FetchLike> = functionRule(globalFetch);

/** A capability object (a clock, a logger), whose methods may come from its class. */
function objectOption(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) {
    throw new InvalidOptionsError(path, `must be an object; got ${describeValue(value)}`);
  }
  return value as Record<string, unknown>;
}
