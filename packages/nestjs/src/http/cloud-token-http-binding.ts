import { attachCloudToken, type DetachCloudToken } from '@cloud-token/axios';
import { type TokenSource, UsageError } from '@cloud-token/core';
import { HttpService } from '@nestjs/axios';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CLOUD_TOKEN_OPTIONS, CLOUD_TOKEN_SOURCE } from '../constants.js';
import { callPolicyOptionsOf } from '../module-options.js';
import { runCleanup } from '../run-cleanup.js';
import type { CloudTokenModuleOptions } from '../types.js';

/** Only the default export of `axios` (what a plain `HttpModule` hands out) has these. */
function isAxiosDefaultExport(instance: object): boolean {
  const { Axios, isCancel } = instance as { Axios?: unknown; isCancel?: unknown };
  return typeof Axios === 'function' && typeof isCancel === 'function';
}

/**
 * Attaches cloud-token to the `HttpService` of the module that lists it as a
 * provider; detaches on module destroy. A plain `HttpModule` hands out the
 * global axios instance, so `app.init()` fails with `ERR_USAGE`: use `register()`.
 *
 * @example
 * ```ts
 * @Module({ imports: [HttpModule.register({ baseURL })], providers: [CloudTokenHttpBinding] })
 * ```
 */
@Injectable()
export class CloudTokenHttpBinding implements OnModuleInit, OnModuleDestroy {
  #detach: DetachCloudToken | undefined;

  constructor(
    @Inject(HttpService) private readonly http: HttpService,
    @Inject(CLOUD_TOKEN_SOURCE) private readonly source: TokenSource,
    @Inject(CLOUD_TOKEN_OPTIONS) private readonly options: CloudTokenModuleOptions,
  ) {}

  onModuleInit(): void {
    const instance = this.http.axiosRef;
    if (isAxiosDefaultExport(instance)) {
      throw new UsageError(
        'CloudTokenHttpBinding needs HttpModule.register(): a plain HttpModule shares the global axios instance',
      );
    }
    this.#detach = attachCloudToken(instance, this.source, callPolicyOptionsOf(this.options));
  }

  onModuleDestroy(): void {
    const detach = this.#detach;
    this.#detach = undefined;
    if (detach) runCleanup('CloudTokenHttpBinding', 'detaching from HttpService', detach);
  }
}
