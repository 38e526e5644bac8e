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

/** Rejects keys a factory does not know: a typo must not pass silently. */
export function assertKnownKeys(options: object, known: readonly string[], factory: string): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new InvalidOptionsError(
        key,
        `${factory} option "${key}" is not known; known options: ${known.join(', ')}`,
      );
    }
  }
}
