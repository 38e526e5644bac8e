const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * An access token as cloud-token hands it out. The raw value is reachable only
 * through `value` (a getter, so `util.inspect`, `JSON.stringify` and
 * `String()` never show it); `authorization` is the ready header value.
 *
 * @example
 * ```ts
 * const token = await source.getToken();
 * await fetch(url, { headers: { authorization: token.authorization } });
 * console.log(token); // AccessToken { type: 'Bearer', expiresAt: '2026-11-23T10:00:00.000Z' }
 * ```
 */
export class AccessToken {
  readonly #value: string;
  /** `Bearer <token>`, made once: every call that carries the token sends this same string. */
  readonly #authorization: string;
  /** The token type; cloud-token accepts only bearer tokens, normalised to `Bearer`. */
  readonly type: 'Bearer' = 'Bearer';
  /** When the server said the token expires, in epoch milliseconds. */
  readonly expiresAt: number;
  /** When cloud-token received it, in epoch milliseconds. */
  readonly obtainedAt: number;

  constructor(value: string, times: { expiresAt: number; obtainedAt: number }) {
    this.#value = value;
    this.#authorization = `Bearer ${value}`;
    this.expiresAt = times.expiresAt;
    this.obtainedAt = times.obtainedAt;
  }

  /** The raw token. Send it; never log it. */
  get value(): string {
    return this.#value;
  }

  /** The `Authorization` header value: `Bearer <token>`. */
  get authorization(): string {
    return this.#authorization;
  }

  toString(): string {
    return '[AccessToken]';
  }

  toJSON(): Record<string, unknown> {
    return { type: this.type, expiresAt: new Date(this.expiresAt).toISOString() };
  }

  [inspectSymbol](): string {
    return `AccessToken { type: 'Bearer', expiresAt: '${new Date(this.expiresAt).toISOString()}' }`;
  }
}
