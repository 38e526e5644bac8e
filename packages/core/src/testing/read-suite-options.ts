import { InvalidOptionsError } from '../index.js';
import { readFunctionOption, readOptionsObject } from '../shared/options.js';

/**
 * Reads a conformance suite's options: every key known (a did-you-mean
 * otherwise), values from own properties only, `name` a non-empty string.
 */
export function readSuiteOptions<Options extends { name: string }>(
  options: unknown,
  keys: Record<keyof Options, true>,
): {
  name: string;
  own(key: keyof Options): unknown;
  /** The function under `key`, which must be there (`shape` says what it is). */
  required<Key extends keyof Options>(key: Key, shape: string): Options[Key];
} {
  const given = readOptionsObject(options, 'options', { known: Object.keys(keys) });
  const own = (key: keyof Options): unknown =>
    Object.hasOwn(given, key) ? given[key as string] : undefined;
  const name = own('name');
  if (typeof name !== 'string' || name === '') {
    throw new InvalidOptionsError('name', 'must be a non-empty string naming the suite');
  }
  const required = <Key extends keyof Options>(key: Key, shape: string): Options[Key] => {
    const value = readFunctionOption<Options[Key] | undefined>(own(key), String(key), undefined);
    if (value === undefined) throw new InvalidOptionsError(String(key), `is required: ${shape}`);
    return value;
  };
  return { name, own, required };
}
