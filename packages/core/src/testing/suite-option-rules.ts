import { InvalidOptionsError } from '../index.js';
import { stringRule } from '../shared/option-rules.js';
import type { OptionRule } from '../shared/options-schema.js';

/** The rule of a suite's `name`: a non-empty string, always given. */
export const suiteNameRule: OptionRule<string> = (value, path) => {
  const name = stringRule(undefined, /\S/, 'a non-empty string naming the suite')(value, path);
  if (name === undefined)
    throw new InvalidOptionsError(path, 'is required: a string naming the suite');
  return name;
};

/** The rule of a function a suite cannot run without; `shape` says what it is. */
export function requiredFunctionRule<T>(shape: string): OptionRule<T> {
  return (value, path) => {
    if (typeof value !== 'function') throw new InvalidOptionsError(path, `is required: ${shape}`);
    return value as T;
  };
}

/** The rule of a capability object (like a store, not an options bag): its methods may be inherited. */
export function methodsRule<T>(methods: readonly string[]): OptionRule<T | undefined> {
  return (value, path) => {
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || value === null) {
      throw new InvalidOptionsError(path, `must be an object with ${methods.join(' and ')}`);
    }
    for (const method of methods) {
      if (typeof (value as Record<string, unknown>)[method] !== 'function') {
        throw new InvalidOptionsError(`${path}.${method}`, 'must be a function');
      }
    }
    return value as T;
  };
}
