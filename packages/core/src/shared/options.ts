import { InvalidOptionsError } from './errors.js';

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
 * The keys of one options object: those it accepts, and those that belong to
 * another form of the options, with why they do nothing here (`logger` next
 * to `source`: the source has its own logger).
 *
 * @example
 * ```ts
 * const keys: OptionKeys = {
 *   known: ['source', 'baseUrl'],
 *   elsewhere: { logger: 'give the logger to createTokenSource(), which made the source' },
 * };
 * ```
 */
export interface OptionKeys {
  readonly known: readonly string[];
  readonly elsewhere?: Readonly<Record<string, string>>;
}

/**
 * Reads an options object: `{}` when it is `undefined`, else it must be a
 * plain object whose every own key is known. An unknown key throws an
 * {@link InvalidOptionsError} naming it (as `path.key`) and, when a known key
 * is close, the one it was probably meant to be (`baseURL` → `baseUrl`,
 * `apiBaseUrl` → `baseUrl`, `renewal.maxEarlyMS` → `renewal.maxEarlyMs`); a
 * key of another form of the options says why it does nothing here. Values
 * are never echoed.
 *
 * @example
 * ```ts
 * import { readOptionsObject } from '@cloud-token/core/adapter';
 *
 * const given = readOptionsObject(options, 'options', { known: ['baseUrl', 'prefetch'] });
 * readOptionsObject({ baseURL: 'https://…' }, 'options', { known: ['baseUrl'] });
 * // throws InvalidOptionsError: Invalid option "baseURL": is not an option here; did you mean "baseUrl"?
 * ```
 */
export function readOptionsObject(
  value: unknown,
  path: string,
  keys: OptionKeys,
): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidOptionsError(path, `must be an object; got ${describeValue(value)}`);
  }
  const prefix = path === 'options' ? '' : `${path}.`;
  for (const key of Object.keys(value)) {
    if (keys.known.includes(key)) continue;
    const why = keys.elsewhere?.[key];
    if (why !== undefined)
      throw new InvalidOptionsError(`${prefix}${key}`, `does nothing here: ${why}`);
    const near = closestKey(key, keys.known);
    throw new InvalidOptionsError(
      `${prefix}${safeKey(key)}`,
      near === undefined
        ? `is not an option here (known: ${keys.known.join(', ')})`
        : `is not an option here; did you mean "${prefix}${near}"?`,
    );
  }
  return value as Record<string, unknown>;
}

/**
 * Reads a numeric option: `fallback` when it is `undefined`, else a number
 * that follows `rule`; otherwise throws an {@link InvalidOptionsError} naming
 * `path`.
 *
 * @example
 * ```ts
 * const timeoutMs = readNumberOption(given.timeoutMs, 'timeoutMs', 10_000, 'timeout');
 * ```
 */
export function readNumberOption(
  value: unknown,
  path: string,
  fallback: number,
  rule: NumberRule,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new InvalidOptionsError(path, `${ruleText[rule]}; got ${describeValue(value)}`);
  }
  if (!follows(value, rule)) throw new InvalidOptionsError(path, ruleText[rule]);
  return value;
}

/**
 * Reads a boolean option: `fallback` when it is `undefined`, else `true` or
 * `false`; otherwise throws an {@link InvalidOptionsError} naming `path`.
 *
 * @example
 * ```ts
 * const prefetch = readBooleanOption(given.prefetch, 'prefetch', false);
 * ```
 */
export function readBooleanOption(value: unknown, path: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new InvalidOptionsError(path, `must be true or false; got ${describeValue(value)}`);
  }
  return value;
}

/**
 * Reads a function option: `fallback` when it is `undefined`, else a
 * function; otherwise throws an {@link InvalidOptionsError} naming `path`.
 *
 * @example
 * ```ts
 * const fetch = readFunctionOption(given.fetch, 'fetch', globalFetch);
 * ```
 */
export function readFunctionOption<T>(value: unknown, path: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'function') {
    throw new InvalidOptionsError(path, `must be a function; got ${describeValue(value)}`);
  }
  return value as T;
}

/**
 * The members of `options` named in `keys` (those present), as a new object:
 * how an adapter hands each core factory its part of a combined options
 * object after checking the whole object's keys.
 *
 * @example
 * ```ts
 * const policyOptions = pickOptions(options, CALL_POLICY_OPTION_KEYS);
 * ```
 */
export function pickOptions<T extends object, K extends string>(
  options: T,
  keys: readonly K[],
): Pick<T, Extract<keyof T, K>> {
  const picked: Record<string, unknown> = {};
  for (const key of keys) {
    if (Object.hasOwn(options, key)) picked[key] = (options as Record<string, unknown>)[key];
  }
  return picked as Pick<T, Extract<keyof T, K>>;
}

/**
 * The key among `known` that `key` was most likely meant to be: the same but
 * for case, a known key with a word added before or after it, or within two
 * edits of it. `undefined` when none is that close. The did-you-mean of every
 * unknown option, and of the command line's unknown flags.
 *
 * @example
 * ```ts
 * import { closestKey } from '@cloud-token/core/adapter';
 *
 * closestKey('baseURL', ['baseUrl', 'prefetch']); // 'baseUrl'
 * closestKey('client-secert-file', ['client-secret-file']); // 'client-secret-file'
 * ```
 */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const sameButCase = known.find((candidate) => candidate.toLowerCase() === lower);
  if (sameButCase !== undefined) return sameButCase;
  // `apiBaseUrl` for `baseUrl`: a known key with a word added before or after it.
  const contained = known.find(
    (candidate) =>
      candidate.length >= 4 &&
      (lower.endsWith(candidate.toLowerCase()) || lower.startsWith(candidate.toLowerCase())),
  );
  if (contained !== undefined) return contained;
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * A key is a name, not a value, but a caller may have put a secret where a
 * key belongs (`{ [secret]: true }`): only keys shaped like option names
 * (letters only, camelCase) are shown.
 */
function safeKey(key: string): string {
  return /^[a-z][a-zA-Z]{0,39}$/.test(key) ? key : `(a key of ${key.length} characters)`;
}
