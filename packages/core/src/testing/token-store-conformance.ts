import type { TokenStore } from '../index.js';
import { booleanRule, functionRule, numberRule } from '../shared/option-rules.js';
import { optionsSchema } from '../shared/options-schema.js';
import { describeStoreContract } from './store-contract-checks.js';
import { describeEncryption } from './store-encryption-checks.js';
import { useStoreFixture } from './store-fixture.js';
import { describeStoreUnderSources } from './store-source-checks.js';
import { methodsRule, requiredFunctionRule, suiteNameRule } from './suite-option-rules.js';
import type { TestApi } from './test-api.js';

/**
 * How the suite sees a store's records at rest, for a store that encrypts
 * them (see {@link TokenStoreConformanceOptions.encryption}).
 *
 * @example
 * ```ts
 * const atRest: StoreAtRest = {
 *   readRecord: async (key) => JSON.stringify(await redis.hgetall(store.keysOf(key).token)),
 *   copyRecord: async (from, to) => {
 *     await redis.hset(store.keysOf(to).token, await redis.hgetall(store.keysOf(from).token));
 *   },
 * };
 * ```
 */
export interface StoreAtRest {
  /** Everything the backend holds for the token of `key`, as text. */
  readRecord(key: string): Promise<string>;
  /** Copies the token record of `from` over that of `to`, as someone with write access to the backend could. */
  copyRecord(from: string, to: string): Promise<void>;
}

/**
 * Real faults of a store's backend (see {@link TokenStoreConformanceOptions.faults}).
 * Each starts the fault and resolves with a function that ends it, which
 * resolves once the store answers again.
 *
 * @example
 * ```ts
 * const faults: StoreFaults = {
 *   fail: async () => { await server.kill(); return () => server.restartAndWait(); },
 *   hang: async () => { await redis.call('CLIENT', 'PAUSE', '2000', 'ALL'); return () => pauseOver(); },
 * };
 * ```
 */
export interface StoreFaults {
  /** Every store call rejects (the backend is down). */
  fail(): Promise<() => Promise<void>>;
  /** Every store call hangs (the backend does not answer). */
  hang(): Promise<() => Promise<void>>;
}

/**
 * Options of {@link runTokenStoreConformance}.
 *
 * @example
 * ```ts
 * const options: TokenStoreConformanceOptions = { name: 'memory', createStore: () => shared };
 * ```
 */
export interface TokenStoreConformanceOptions {
  /** Names the suite's `describe` block. */
  name: string;
  /**
   * A handle on the store under test. Every handle it returns must see the
   * same records, as two processes' connections to one server do; an
   * in-process store may return the same object every time. Tests use keys
   * of their own, so one backend serves the whole suite.
   */
  createStore(): TokenStore | Promise<TokenStore>;
  /** Closes a handle `createStore` made (its connections), after each test. */
  closeStore?(store: TokenStore): void | Promise<void>;
  /** Whether the store implements `subscribe` (wake-ups); default `true`. */
  subscribe?: boolean;
  /** How long a token record may outlive the token's expiry; default 0. */
  tokenGraceMs?: number;
  /** For a store that encrypts tokens at rest: how the suite reads and moves raw records. */
  encryption?: StoreAtRest;
  /**
   * Real faults of the backend, for the fallback tests. Without them the
   * suite makes every store method reject or hang itself.
   */
  faults?: StoreFaults;
}

const tokenStoreConformanceSchema = optionsSchema<TokenStoreConformanceOptions>()({
  name: suiteNameRule,
  createStore:
    requiredFunctionRule<TokenStoreConformanceOptions['createStore']>('() => TokenStore'),
  closeStore: functionRule<TokenStoreConformanceOptions['closeStore']>(undefined),
  subscribe: booleanRule(true),
  tokenGraceMs: numberRule('duration', 0),
  encryption: methodsRule<StoreAtRest>(['readRecord', 'copyRecord']),
  faults: methodsRule<StoreFaults>(['fail', 'hang']),
});

/**
 * Registers, with the test runner you pass (vitest), the conformance suite
 * of a `TokenStore`: the contract the core's token source relies on, proven
 * on the store's own handles and under real token sources against an
 * emulator of the cloud that the suite starts on loopback. Call it at the
 * top level of a test file.
 *
 * It proves: the renewal lock is exclusive, owner-only and lapses after its
 * TTL; the fencing generation grows, and a stale holder cannot overwrite a
 * newer token nor move its expiry back; a written token reads back and goes
 * after it expires; guard updates merge as the core's rules say (failures
 * in their window, deadlines only later, rejections cleared), the record
 * living as long as the longest TTL; subscribers are woken; two token
 * sources on two handles share one token, one rejection, one 429 cooldown
 * and one failure budget; a stored token is adopted while usable and never
 * once expired; when every store call fails or hangs, a source serves tokens
 * on its local path, says so once, and rejoins the store. With `encryption`,
 * also that no token is readable at rest and that a record copied under
 * another credential's key is a miss.
 *
 * @example
 * ```ts
 * import * as vitest from 'vitest';
 * import { memoryTokenStore } from '@cloud-token/core';
 * import { runTokenStoreConformance } from '@cloud-token/core/testing';
 *
 * const store = memoryTokenStore();
 * runTokenStoreConformance(vitest, { name: 'memoryTokenStore', createStore: () => store });
 * ```
 */
export function runTokenStoreConformance(
  test: TestApi,
  options: TokenStoreConformanceOptions,
): void {
  const { name, createStore, closeStore, subscribe, tokenGraceMs, encryption, faults } =
    tokenStoreConformanceSchema.read(options);

  test.describe(`cloud-token token-store conformance: ${name}`, () => {
    const fixture = useStoreFixture(test, { createStore, closeStore });
    describeStoreContract(test, fixture, { tokenGraceMs, subscribe });
    describeStoreUnderSources(test, fixture, faults);
    if (encryption !== undefined) describeEncryption(test, fixture, encryption);
  });
}
