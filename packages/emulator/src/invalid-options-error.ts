/**
 * Thrown at creation (`startEmulator`, `useEmulator`) for an option the
 * emulator cannot use: a bad value or an unknown key. `option` names it; the
 * message never repeats the value, which may be a secret. It is a
 * `TypeError`, so code that caught those before keeps working.
 *
 * @example
 * ```ts
 * try {
 *   await startEmulator({ prot: 4010 } as EmulatorOptions);
 * } catch (error) {
 *   if (error instanceof InvalidOptionsError) console.log(error.code, error.option); // ERR_INVALID_OPTIONS prot
 * }
 * ```
 */
export class InvalidOptionsError extends TypeError {
  /** Stable, for `switch (error.code)`. */
  readonly code = 'ERR_INVALID_OPTIONS';
  /** The option at fault, e.g. `port` or `clients[1].clientSecret`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super(message);
    this.name = 'InvalidOptionsError';
    this.option = option;
  }
}

/**
 * Every key of an options type `O`, optional ones included: a key added to
 * `O` and forgotten here is a compile error, as is one `O` does not have.
 */
export type KeyTable<O> = { readonly [K in keyof O]-?: true };

/**
 * Rejects keys a factory does not know (a typo must not pass silently), and
 * returns the own values of the known ones, each read once, in an object
 * without a prototype: nothing is inherited from a polluted `Object.prototype`.
 */
export function ownOptions<O extends object>(
  options: O,
  table: NoInfer<KeyTable<O>>,
  factory: string,
): Partial<O> {
  const known = Object.keys(table);
  const values: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      const near = closestKey(key, known);
      const hint = near === undefined ? '' : `; did you mean "${near}"?`;
      throw new InvalidOptionsError(
        key,
        `${factory} option "${key}" is not known${hint} (known options: ${known.join(', ')})`,
      );
    }
    values[key] = (options as Record<string, unknown>)[key];
  }
  return values as Partial<O>;
}

/** The known key a typo most likely meant: at most 2 edits away. */
function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
