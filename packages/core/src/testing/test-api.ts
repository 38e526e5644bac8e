/**
 * The matchers the conformance suites use: a subset of vitest's (and
 * Jest's) `expect(value)`.
 *
 * @example
 * ```ts
 * const assertion: Assertion = expect(answer.status);
 * assertion.toBe(200);
 * ```
 */
export interface Assertion {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toMatchObject(expected: object): void;
  toMatch(expected: string | RegExp): void;
  toContain(item: unknown): void;
  toHaveLength(length: number): void;
  toBeGreaterThan(than: number): void;
  toBeDefined(): void;
  toBeUndefined(): void;
  readonly not: Assertion;
  /** The matchers on what a promise rejects with. */
  readonly rejects: {
    toMatchObject(expected: object): Promise<void>;
    toThrow(): Promise<void>;
  };
}

/**
 * The runner a conformance suite registers its tests with: vitest's own
 * module (`import * as vitest from 'vitest'`) is one. The suites call the
 * runner you hand them and never import one, so `@cloud-token/core`
 * depends on no test runner and its `./testing` entry loads from CommonJS
 * (where vitest itself refuses to) and type-checks under any module
 * resolution.
 *
 * @example
 * ```ts
 * import * as vitest from 'vitest';
 * import { runTokenStoreConformance, type TestApi } from '@cloud-token/core/testing';
 *
 * const runner: TestApi = vitest;
 * runTokenStoreConformance(runner, { name: 'my store', createStore: () => store });
 * ```
 */
export interface TestApi {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void> | void, timeoutMs?: number): unknown;
  beforeAll(hook: () => Promise<void> | void): unknown;
  afterAll(hook: () => Promise<void> | void): unknown;
  beforeEach(hook: () => Promise<void> | void): unknown;
  afterEach(hook: () => Promise<void> | void): unknown;
  expect: {
    (actual: unknown): Assertion;
    objectContaining(sample: object): unknown;
  };
}
