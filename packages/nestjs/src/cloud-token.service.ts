import type { AccessToken, AuthorizedFetch, GetTokenOptions, TokenSource } from '@cloud-token/core';
import { Inject, Injectable } from '@nestjs/common';
import { CLOUD_TOKEN_LEASE } from './constants.js';
import type { TokenSourceLease } from './token-source-leases.js';

/**
 * The module's token and an authorized `fetch`: inject it anywhere the
 * module is visible.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class WordsService {
 *   constructor(@Inject(CloudTokenService) private readonly cloud: CloudTokenService) {}
 *
 *   async statistics(name: string): Promise<unknown> {
 *     const answer = await this.cloud.fetch(`words/${encodeURIComponent(name)}/statistics`);
 *     return answer.json();
 *   }
 * }
 * ```
 */
@Injectable()
export class CloudTokenService {
  readonly #source: TokenSource;
  readonly #fetch: AuthorizedFetch;

  constructor(@Inject(CLOUD_TOKEN_LEASE) lease: TokenSourceLease) {
    this.#source = lease.source;
    this.#fetch = lease.fetch;
  }

  /**
   * A usable token: the cached one, or a new one when none is usable.
   *
   * @example
   * ```ts
   * const token = await cloud.getToken();
   * headers.set('authorization', token.authorization);
   * ```
   */
  getToken(options?: GetTokenOptions): Promise<AccessToken> {
    return this.#source.getToken(options);
  }

  /**
   * `fetch` with the token on allowed origins (relative URLs resolve against
   * `baseUrl`), a renewal and one replay after a 401, and short `Retry-After`
   * waits on 429/503.
   *
   * @example
   * ```ts
   * const answer = await cloud.fetch('words/report.docx/statistics');
   * ```
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    return this.#fetch(input, init);
  }

  /**
   * Drops the cached token if it is still `token` (after a 401 your own code
   * saw); many callers invalidating the same token cause one renewal.
   *
   * @example
   * ```ts
   * if (answer.status === 401) cloud.invalidate(token);
   * ```
   */
  invalidate(token: AccessToken | string): boolean {
    return this.#source.invalidate(token);
  }
}
