import { describe, expect, expectTypeOf, it } from 'vitest';
import { numberRule } from '../../src/shared/option-rules.js';
import { optionsSchema } from '../../src/shared/options-schema.js';

interface ProbeOptions {
  timeoutMs?: number;
  retries?: number;
}

/*
 * Type-level tests: `tsc --noEmit -p packages/core` checks that each
 * `@ts-expect-error` below stands on an error, so a table that could drift
 * from its options type would fail the typecheck.
 */
describe('optionsSchema tables and their options type', () => {
  it('is a compile error to forget a key of the type in the table', () => {
    // @ts-expect-error `retries` is missing from the table.
    const schema = optionsSchema<ProbeOptions>()({ timeoutMs: numberRule('timeout', 1) });
    expect(schema.keys).toEqual(['timeoutMs']);
  });

  it('is a compile error to have a key in the table the type does not have', () => {
    const schema = optionsSchema<ProbeOptions>()({
      timeoutMs: numberRule('timeout', 1),
      retries: numberRule('whole', 0),
      // @ts-expect-error `retrys` is not a key of ProbeOptions.
      retrys: numberRule('whole', 0),
    });
    expect(schema.keys).toHaveLength(3);
  });

  it('types what it reads from the rules', () => {
    const schema = optionsSchema<ProbeOptions>()({
      timeoutMs: numberRule('timeout', 1),
      retries: numberRule('whole', 0),
    });
    expectTypeOf(schema.read(undefined)).toEqualTypeOf<{
      readonly timeoutMs: number;
      readonly retries: number;
    }>();
    expectTypeOf<(typeof schema.keys)[number]>().toEqualTypeOf<keyof ProbeOptions>();
  });
});
