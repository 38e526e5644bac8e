import type { AccessToken, GetTokenOptions } from '@cloud-token/core';
import type { ReadinessAnswer, ReadinessOptions } from '@cloud-token/core/node';
import { checkReadiness } from '@cloud-token/core/node';
import { Inject, Injectable } from '@nestjs/common';
import type { CloudTokenClient } from './cloud-token-client.js';
import { CLOUD_TOKEN_CLIENT } from './constants.js';

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
  readonly #client: CloudTokenClient;

  constructor(@Inject(CLOUD_TOKEN_CLIENT) client: CloudTokenClient) {
    this.#client = client;
  }

  /** A usable token: the cached one, or a new one when none is usable. */
  getToken(options?: GetTokenOptions): Promise<AccessToken> {
    return this.#client.source.getToken(options);
  }

  /** `fetch` with the token on allowed origins; relative URLs resolve against `baseUrl`. */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    return this.#client.fetch(input, init);
  }

  /** Drops the cached token if it is still `token`; many callers cause one renewal. */
  invalidate(token: AccessToken | string): boolean {
    return this.#client.source.invalidate(token);
  }

  /** A readiness probe's answer (the core's `checkReadiness`): 200, or 503 with `Retry-After`. */
  readiness(options?: ReadinessOptions): Promise<ReadinessAnswer> {
    return checkReadiness(this.#client.source, options);
  }
}
