/*
 * Argument checks shared by the options and the control switches. Messages
 * name the argument and never repeat a string's value: it may be a secret.
 * Each error carries the argument's name in `argument`, so that the HTTP
 * control plane can name the bad field without parsing messages.
 */

/** A `TypeError`/`RangeError` that knows which argument was wrong. */
export type ArgumentError = (TypeError | RangeError) & { argument: string };

/** The argument name of an error thrown by the checks below, if it is one. */
export function argumentOf(error: unknown): string | undefined {
  if (!(error instanceof TypeError || error instanceof RangeError)) return undefined;
  const argument = (error as Partial<ArgumentError>).argument;
  return typeof argument === 'string' ? argument : undefined;
}

export function invalidType(name: string, message: string): ArgumentError {
  return Object.assign(new TypeError(`${name} ${message}`), { argument: name });
}

export function invalidRange(name: string, message: string): ArgumentError {
  return Object.assign(new RangeError(`${name} ${message}`), { argument: name });
}

export function assertNonEmptyString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw invalidType(name, 'must be a non-empty string');
  }
}

export function assertIntegerInRange(
  value: unknown,
  name: string,
  min: number,
  max: number,
): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw invalidType(name, 'must be an integer');
  }
  if (value < min || value > max) {
    throw invalidRange(name, `must be from ${min} to ${max} (got ${value})`);
  }
}

export function assertPositiveNumber(value: unknown, name: string): asserts value is number {
  assertFiniteNumber(value, name);
  if (value <= 0) throw invalidRange(name, `must be greater than 0 (got ${value})`);
}

export function assertNonNegativeNumber(value: unknown, name: string): asserts value is number {
  assertFiniteNumber(value, name);
  if (value < 0) throw invalidRange(name, `must not be negative (got ${value})`);
}

/** Header values go on the wire as they are: reject what would break the header. */
export function assertHeaderValue(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string' || !/^[\x20-\x7e]+$/.test(value)) {
    throw invalidType(name, 'must be a non-empty string of printable ASCII characters');
  }
}

function assertFiniteNumber(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw invalidType(name, 'must be a finite number');
  }
}
