import { InvalidOptionsError } from './errors.js';
import { describeValue } from './option-rules.js';

/**
 * How one option is read: its value (an own property of the options object,
 * `undefined` when absent) and its dotted path in, the value to use out
 * (a default filled in), or an `InvalidOptionsError` naming the path. Values
 * are never echoed: any of them may be a secret in the wrong place.
 *
 * @example
 * ```ts
 * const prefix: OptionRule<string> = (value, path) => {
 *   if (value === undefined) return '';
 *   if (typeof value !== 'string') throw new InvalidOptionsError(path, 'must be a string');
 *   return value;
 * };
 * ```
 */
export type OptionRule<T> = (value: unknown, path: string) => T;

/**
 * A rule for every key of `O`, optional ones included: a key added to `O`
 * and forgotten in the table is a compile error.
 *
 * @example
 * ```ts
 * const rules: OptionRules<{ prefix?: string }> = { prefix: stringRule };
 * ```
 */
export type OptionRules<O> = { readonly [K in keyof O]-?: OptionRule<unknown> };

/**
 * What a table of rules reads: each key's rule's result.
 *
 * @example
 * ```ts
 * type Read = ReadOptions<{ timeoutMs: OptionRule<number> }>; // { readonly timeoutMs: number }
 * ```
 */
export type ReadOptions<Rules> = {
  readonly [K in keyof Rules]: Rules[K] extends OptionRule<infer T> ? T : never;
};

/**
 * The own values of an options object's known keys, taken once (see
 * {@link OptionsSchema.take}): not checked yet, with no prototype, so no
 * key can be inherited from a polluted `Object.prototype`.
 *
 * @example
 * ```ts
 * const values: OptionValues<ProxyOptions> = proxySchema.take(options);
 * ```
 */
export type OptionValues<O> = { readonly [K in keyof O]?: unknown };

/**
 * Keys an options object does not take, each with why (`logger` next to a
 * ready `source`: that source has its own logger).
 *
 * @example
 * ```ts
 * const elsewhere: ElsewhereKeys = { logger: 'give the logger to createTokenSource()' };
 * ```
 */
export type ElsewhereKeys = Readonly<Record<string, string>>;

/**
 * Any schema, for code that composes schemas without knowing their options
 * (an adapter's own keys added to a core factory's).
 *
 * @example
 * ```ts
 * function withMine(schema: SomeOptionsSchema): SomeOptionsSchema {
 *   return schema.extend(mySchema);
 * }
 * ```
 */
export interface SomeOptionsSchema<R = unknown> {
  readonly keys: readonly string[];
  readonly rules: Readonly<Record<string, OptionRule<unknown>>>;
  readonly elsewhere: ElsewhereKeys;
  take(value: unknown, path?: string): Readonly<Record<string, unknown>>;
  resolve(values: object, path?: string): R;
  read(value: unknown, path?: string): R;
  pick(values: object): object;
  extend(other: SomeOptionsSchema): SomeOptionsSchema;
}

/**
 * One factory's options: the complete table of their keys and rules, read
 * from own properties only, once.
 *
 * @example
 * ```ts
 * const settings = readinessSchema.read(options); // { timeoutMs: 5000 } when options is undefined
 * ```
 */
export interface OptionsSchema<O extends object, Rules = OptionRules<O>> {
  /** Every key, in table order. */
  readonly keys: readonly (keyof O & string)[];
  /** The rule of each key, to spread into a larger table (`{ ...callPolicySchema.rules, clock }`). */
  readonly rules: Rules;
  /** Keys of other forms of these options, each with why it does nothing here. */
  readonly elsewhere: ElsewhereKeys;
  /**
   * Checks that `value` is an options object (`undefined` counts as `{}`)
   * whose every own key is known, and copies the own values of its keys
   * once. An unknown key throws an `InvalidOptionsError` naming it (as
   * `path.key`) with the closest known key (`baseURL` → `baseUrl`,
   * `client_id` → `clientId`), or with why it does nothing here.
   */
  take(value: unknown, path?: string): OptionValues<O>;
  /** Applies every rule to taken values (other keys among them are left alone). */
  resolve(values: object, path?: string): ReadOptions<Rules>;
  /**
   * `take` then `resolve`. What a schema with the same rules for these keys
   * already read (this one, or a larger table spreading them) is returned as
   * it is: options read once are never read again.
   */
  read(value: unknown, path?: string): ReadOptions<Rules>;
  /** The own values of this schema's keys among `values`, for the factory these options belong to. */
  pick(values: object): O;
  /** The same table with other keys explained. */
  withElsewhere(elsewhere: ElsewhereKeys): OptionsSchema<O, Rules>;
  /** A schema of both tables, for an adapter adding keys of its own to a core factory's options. */
  extend<E extends object, RE>(other: OptionsSchema<E, RE>): OptionsSchema<O & E, Rules & RE>;
  extend(other: SomeOptionsSchema): SomeOptionsSchema;
}

/** What keys of a table exist that the options type does not have: each must be `never`. */
type NoExtraKeys<Rules, O> = Record<Exclude<keyof Rules, keyof O>, never>;

/**
 * Makes the schema of an options type `O` from a table with a rule for every
 * key of `O` (a missing key or an extra one is a compile error), so the
 * runtime key list and the type cannot drift. Compose tables by spreading
 * another schema's `rules`. `elsewhere` explains keys that belong to another
 * form of the options (those the table knows are left out of it).
 *
 * @example
 * ```ts
 * import { numberRule, optionsSchema } from '@cloud-token/core/adapter';
 *
 * interface ProbeOptions { timeoutMs?: number }
 * const probeSchema = optionsSchema<ProbeOptions>()({ timeoutMs: numberRule('timeout', 5_000) });
 * probeSchema.read({ timeoutMS: 1 }); // throws: Invalid option "timeoutMS": … did you mean "timeoutMs"?
 * ```
 */
export function optionsSchema<O extends object>() {
  return <Rules extends OptionRules<O>>(
    rules: Rules & NoExtraKeys<Rules, O>,
    settings: { readonly elsewhere?: ElsewhereKeys } = {},
  ): OptionsSchema<O, Rules> => makeSchema(rules, settings.elsewhere ?? {}) as never;
}

/**
 * `why` for each of `keys`: the `elsewhere` of keys that belong to another
 * factory.
 *
 * @example
 * ```ts
 * const elsewhere = keysBelongTo(tokenSourceSchema.keys, 'it is an option of createTokenSource()');
 * ```
 */
export function keysBelongTo(keys: readonly string[], why: string): ElsewhereKeys {
  return Object.fromEntries(keys.map((key) => [key, why]));
}

/**
 * The rule of a nested group of options (`retry: { attempts }`): read with
 * its own schema, its keys reported as dotted paths (`retry.attempts`).
 *
 * @example
 * ```ts
 * const rules = { retry: groupRule(retrySchema) };
 * ```
 */
export function groupRule<R>(schema: SomeOptionsSchema<R>): OptionRule<R> {
  return (value, path) => schema.read(value, path);
}

/** Marks what a schema read, with the table that read it; private to this module. */
const readWith = Symbol('read with');

function makeSchema(
  rules: Readonly<Record<string, OptionRule<unknown>>>,
  elsewhereGiven: ElsewhereKeys,
): SomeOptionsSchema<Readonly<Record<string, unknown>>> & {
  withElsewhere(elsewhere: ElsewhereKeys): SomeOptionsSchema;
} {
  const keys = Object.keys(rules);
  const known = new Set<string>(keys);
  const elsewhere: ElsewhereKeys = Object.freeze(
    Object.fromEntries(Object.entries(elsewhereGiven).filter(([key]) => !known.has(key))),
  );
  const ruleOf = rules;

  function take(value: unknown, path = 'options'): Readonly<Record<string, unknown>> {
    const values: Record<string, unknown> = Object.create(null);
    if (value === undefined) return values;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InvalidOptionsError(path, `must be an object; got ${describeValue(value)}`);
    }
    for (const key of Object.keys(value)) {
      if (!known.has(key)) throw unknownKey(key, path);
      values[key] = (value as Record<string, unknown>)[key];
    }
    return values;
  }

  function unknownKey(key: string, path: string): InvalidOptionsError {
    const prefix = path === 'options' ? '' : `${path}.`;
    if (Object.hasOwn(elsewhere, key)) {
      return new InvalidOptionsError(`${prefix}${key}`, `does nothing here: ${elsewhere[key]}`);
    }
    const near = closestKey(key, keys);
    return new InvalidOptionsError(
      `${prefix}${shownKey(key)}`,
      near === undefined
        ? `is not an option here (known: ${keys.join(', ')})`
        : `is not an option here; did you mean "${prefix}${near}"?`,
    );
  }

  function resolve(values: object, path = 'options'): Record<string, unknown> {
    const prefix = path === 'options' ? '' : `${path}.`;
    const given = values as Record<string, unknown>;
    // Defined, not assigned: a read-only key on a polluted Object.prototype cannot block it.
    const resolved: Record<string, unknown> = Object.fromEntries(
      keys.map((key) => {
        const rule = ruleOf[key] as OptionRule<unknown>;
        return [key, rule(Object.hasOwn(given, key) ? given[key] : undefined, `${prefix}${key}`)];
      }),
    );
    Object.defineProperty(resolved, readWith, { value: ruleOf });
    return Object.freeze(resolved);
  }

  function alreadyRead(value: unknown): boolean {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, readWith)) {
      return false;
    }
    const table = (value as { [readWith]: Readonly<Record<string, unknown>> })[readWith];
    return keys.every((key) => table[key] === ruleOf[key]);
  }

  return Object.freeze({
    keys: Object.freeze(keys),
    rules,
    elsewhere,
    take,
    resolve,
    read(value: unknown, path = 'options') {
      if (alreadyRead(value)) return value as Record<string, unknown>;
      return resolve(take(value, path), path);
    },
    pick(values: object): object {
      const picked: Record<string, unknown> = Object.create(null);
      for (const key of keys) {
        if (Object.hasOwn(values, key)) picked[key] = (values as Record<string, unknown>)[key];
      }
      return picked;
    },
    withElsewhere(more: ElsewhereKeys) {
      return makeSchema(rules, { ...elsewhere, ...more });
    },
    extend(other: SomeOptionsSchema) {
      return makeSchema({ ...rules, ...other.rules }, { ...elsewhere, ...other.elsewhere });
    },
  });
}

/**
 * The key among `known` that `key` was most likely meant to be: the same but
 * for case and `_`/`-` (`client_id` → `clientId`), a known key with a word
 * added before or after it (`apiBaseUrl` → `baseUrl`), or within two edits.
 * `undefined` when none is that close. The did-you-mean of every unknown
 * option, and of the command line's unknown flags.
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
  const plain = (text: string) => text.toLowerCase().replace(/[-_]/g, '');
  const lower = plain(key);
  const sameButCase = known.find((candidate) => plain(candidate) === lower);
  if (sameButCase !== undefined) return sameButCase;
  const contained = known.find(
    (candidate) =>
      candidate.length >= 4 &&
      (lower.endsWith(plain(candidate)) || lower.startsWith(plain(candidate))),
  );
  if (contained !== undefined) return contained;
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = editDistance(lower, plain(candidate));
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
 * A key as an error may show it. Keys are names (`client_id`, `token_url`,
 * `maxRetryAfterMS`), shown with their suggestion; only a key that itself
 * looks like a credential value (`{ [secret]: true }`: a JWT, a long or
 * random-looking string, digits scattered through letters) is replaced by
 * its length.
 */
export function shownKey(key: string): string {
  return looksLikeCredential(key) ? `(a key of ${key.length} characters)` : key;
}

function looksLikeCredential(key: string): boolean {
  if (key.length === 0 || key.length > 48) return true;
  // Names use letters, digits and `_`, `-`, `.`, `$`; base64, URLs and passwords use more.
  if (!/^[A-Za-z_$][\w$.-]*$/.test(key)) return true;
  // `eyJ…`: the base64url of `{"`, how every JWT starts.
  if (key.startsWith('eyJ')) return true;
  // `oauth2Url` has one run of digits; `s3cr3t`, a UUID or hex has several.
  if ((key.match(/\d+/g) ?? []).length > 1) return true;
  // Six consonants in a row (y counts as a vowel) appear in no option name.
  if (/[b-df-hj-np-tv-xz]{6}/i.test(key)) return true;
  const upper = key.replace(/[^A-Z]/g, '').length;
  const lower = key.replace(/[^a-z]/g, '').length;
  // camelCase has a capital per word; random text flips case every other letter.
  if (key.length >= 12 && upper > 0 && lower > 0 && upper / (upper + lower) > 0.34) return true;
  // One long word with no boundary at all is a value, not a name.
  return key.length >= 32 && !/[A-Z_.-]/.test(key);
}

/**
 * Takes options that come in forms (a ready `source`, or the credentials to
 * make one): the own values of every form's keys (and `extra`'s, an
 * adapter's own keys) taken once, `choose` picks the form from them, and
 * that form's schema checks them: a key of another form says why it does
 * nothing here.
 *
 * @example
 * ```ts
 * const { form, values } = takeForm(options, { source: sourceForm, credentials: credentialsForm }, (taken) =>
 *   taken.source === undefined ? 'credentials' : 'source',
 * );
 * ```
 */
export function takeForm<F extends string>(
  value: unknown,
  forms: Readonly<Record<F, SomeOptionsSchema>>,
  choose: (values: Readonly<Record<string, unknown>>) => F,
  extra?: SomeOptionsSchema,
): { form: F; values: Readonly<Record<string, unknown>> } {
  const withExtra = (schema: SomeOptionsSchema) =>
    extra === undefined ? schema : schema.extend(extra);
  const schemas: SomeOptionsSchema[] = Object.values(forms);
  const every = withExtra(schemas.reduce((all, schema) => all.extend(schema)));
  const values = every.take(value);
  const form = choose(values);
  withExtra(forms[form]).take(values);
  return { form, values };
}

/**
 * What an adapter adds to a core factory whose options it passes on (the
 * request clients, the proxy): the schema of its own keys in the same
 * object (Koa's `stateKey`, `prefix`), checked with the others and read once.
 *
 * @example
 * ```ts
 * const clients = createRequestClients(options, { options: stateKeySchema });
 * clients.adapterOptions.stateKey;
 * ```
 */
export interface AdapterOptions<A> {
  readonly options?: SomeOptionsSchema<A>;
}
