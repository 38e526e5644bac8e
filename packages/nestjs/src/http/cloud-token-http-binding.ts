import { attachCloudToken, type DetachCloudToken } from '@cloud-token/axios';
import { type TokenSource, UsageError } from '@cloud-token/core';
import { HttpService } from '@nestjs/axios';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { markBoundCallFailure } from '../bound-call-failure.js';
import { CLOUD_TOKEN_OPTIONS, CLOUD_TOKEN_SOURCE } from '../constants.js';
import { callPolicyOptionsOf } from '../module-options.js';
import { runCleanup } from '../run-cleanup.js';
import type { CloudTokenModuleHeldOptions } from '../types.js';

/**
 * Attaches cloud-token to the `HttpService` of the module listing it (detached on destroy).
 * A plain `HttpModule` shares the global axios, so `app.init()` fails: use `register()`.
 * The errors its calls give back once the call policy is done with them (a 429 whose
 * `Retry-After` is too long, say) are marked, and `CloudTokenExceptionFilter` answers
 * them as the other paths answer that fault; no other axios error is touched.
 *
 * @example
 * ```ts
 * @Module({ imports: [HttpModule.register({ baseURL })], providers: [CloudTokenHttpBinding] })
 * ```
 */
@Injectable()
export class CloudTokenHttpBinding implements OnModuleInit, OnModuleDestroy {
  #detach: DetachCloudToken | undefined;
  readonly #attach: () => DetachCloudToken;

  constructor(
    @Inject(HttpService) http: HttpService,
    @Inject(CLOUD_TOKEN_SOURCE) source: TokenSource,
    @Inject(CLOUD_TOKEN_OPTIONS) options: CloudTokenModuleHeldOptions,
  ) {
    // A closure, not properties: `util.inspect` of this provider shows no credentials.
    const policy = callPolicyOptionsOf(options);
    this.#attach = () => {
      // Only the default export of `axios` (what a plain `HttpModule` hands out) has these.
      const { Axios, isCancel } = http.axiosRef as { Axios?: unknown; isCancel?: unknown };
      if (typeof Axios === 'function' && typeof isCancel === 'function') {
        throw new UsageError(
          'CloudTokenHttpBinding needs HttpModule.register(): a plain HttpModule shares the global axios instance',
        );
      }
      const detach = attachCloudToken(http.axiosRef, source, policy);
      // Registered after the policy's interceptor: it sees what the policy gives back.
      const { response } = http.axiosRef.interceptors;
      const marker = response.use(undefined, (error: unknown) => {
        markBoundCallFailure(error);
        throw error;
      });
      return () => {
        response.eject(marker);
        detach();
      };
    };
  }

  onModuleInit(): void {
    this.#detach = this.#attach();
  }

  onModuleDestroy(): void {
    const detach = this.#detach;
    this.#detach = undefined;
    if (detach) runCleanup('CloudTokenHttpBinding', 'detaching from HttpService', detach);
  }
}
