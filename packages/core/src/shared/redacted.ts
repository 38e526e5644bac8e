const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * Holds a string that must never be printed: a client secret. `String()`,
 * `JSON.stringify` and `util.inspect` all show `[redacted]`; only `reveal()`
 * gives the value back, at the one place that sends it.
 *
 * @example
 * ```ts
 * const secret = new Redacted(process.env.CLIENT_SECRET ?? '');
 * console.log(secret); // Redacted [redacted]
 * secret.reveal(); // the value, for the token request only
 * ```
 */
export class Redacted {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The wrapped value. Call it only where the value is sent. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [inspectSymbol](): string {
    return 'Redacted [redacted]';
  }
}
