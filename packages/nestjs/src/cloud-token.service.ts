import type { AccessToken, GetTokenOptions } from '@cloud-token/core';
import type { ReadinessAnswer, ReadinessOptions } from '@cloud-token/core/node';
import { checkReadiness } from '@cloud-token/core/node';
import { Inject, Injectable } from '@nestjs/common';
import { CLOUD_TOKEN_LEASE } from './constants.js';
import type { TokenSourceLease } from './token-source-leases.js';

/**
 * The module's token and an authorized `fetch`, injectable wherever the module is visible.
 *
 * @example
 * ```ts
 * constructor(@Inject(CloudTokenService) private readonly cloud: CloudTokenService) {}
 * // … await this.cloud.fetch(`words/${name}/statistics`);
 * ```
 */
@Injectable()
export class CloudTokenService {
  readonly #lease: TokenSourceLease;

  constructor(@Inject(CLOUD_TOKEN_LEASE) lease: TokenSourceLease) {
    this.#lease = lease;
  }

  /** A usable token: the cached one, or a new one when none is usable. */
  getToken(options?: GetTokenOptions): Promise<AccessToken> {
    return this.#lease.source.getToken(options);
  }

  /** `fetch` with the token on allowed origins; relative URLs resolve against `baseUrl`. */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    return this.#lease.fetch(input, init);
  }

  /** Drops the cached token if it is still `token`; many callers cause one renewal. */
  invalidate(token: AccessToken | string): boolean {
    return this.#lease.source.invalidate(token);
  }

  /** A readiness probe's answer (the core's `checkReadiness`): 200, or 503 with `Retry-After`. */
  readiness(options?: ReadinessOptions): Promise<ReadinessAnswer> {
    return checkReadiness(this.#lease.source, options);
  }
}
