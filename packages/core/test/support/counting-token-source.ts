import { AccessToken, type TokenSource } from '@cloud-token/core';

/**
 * A {@link TokenSource} that needs no token endpoint: it hands out
 * `token-1`, and after a successful compare-and-invalidate `token-2`, and so
 * on (or always the same value with `rotate: false`, like a static external
 * token), counting every call.
 *
 * @example
 * ```ts
 * const source = createCountingTokenSource();
 * await api('/x');
 * expect(source.calls.getToken).toBe(1);
 * ```
 */
export interface CountingTokenSource extends TokenSource {
  readonly calls: { getToken: number; invalidate: number; renewals: number };
  /** Every token value handed out, in order. */
  readonly issued: string[];
}

/**
 * Creates a {@link CountingTokenSource}; `fail` makes every `getToken()` reject with it.
 *
 * @example
 * ```ts
 * const source = createCountingTokenSource({ rotate: false, prefix: 'foreign-signed' });
 * ```
 */
export function createCountingTokenSource(
  options: { rotate?: boolean; prefix?: string; fail?: unknown } = {},
): CountingTokenSource {
  const prefix = options.prefix ?? 'token';
  const calls = { getToken: 0, invalidate: 0, renewals: 0 };
  const issued: string[] = [];
  let generation = 1;
  let current = mint();

  function mint(): AccessToken {
    return new AccessToken(`${prefix}-${generation}`, {
      expiresAt: Date.UTC(2100, 0, 1),
      obtainedAt: Date.UTC(2030, 0, 1),
    });
  }

  return {
    identity: `counting:${prefix}`,
    calls,
    issued,
    async getToken(getOptions) {
      calls.getToken += 1;
      getOptions?.signal?.throwIfAborted();
      if (options.fail !== undefined) throw options.fail;
      issued.push(current.value);
      return current;
    },
    invalidate(token) {
      calls.invalidate += 1;
      const value = typeof token === 'string' ? token : token.value;
      if (value !== current.value || options.rotate === false) return false;
      generation += 1;
      calls.renewals += 1;
      current = mint();
      return true;
    },
    peek: () => current,
    close() {},
  };
}
