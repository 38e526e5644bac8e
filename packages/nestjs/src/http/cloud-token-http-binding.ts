import { attachCloudToken, type DetachCloudToken } from '@cloud-token/axios';
import { type TokenSource, UsageError } from '@cloud-token/core';
import { HttpService } from '@nestjs/axios';
import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { CLOUD_TOKEN_OPTIONS, CLOUD_TOKEN_SOURCE } from '../constants.js';
import { callPolicyOptionsOf } from '../module-options.js';
import type { CloudTokenModuleOptions } from '../types.js';

/** The default export of `axios` (what a plain `HttpModule` hands out) has these; instances do not. */
function isAxiosDefaultExport(instance: object): boolean {
  const candidate = instance as { Axios?: unknown; isCancel?: unknown; create?: unknown };
  return (
    typeof candidate.Axios === 'function' &&
    typeof candidate.isCancel === 'function' &&
    typeof candidate.create === 'function'
  );
}

/**
 * Attaches cloud-token to the `HttpService` of the module that lists it as
 * a provider (`@nestjs/axios`): its requests to allowed origins carry the
 * token, a 401 renews it and replays once, a short `Retry-After` is waited
 * out. Detached on module destroy. The module must import
 * `HttpModule.register()` (or `registerAsync()`): a plain `HttpModule` hands
 * out the global `axios` instance, and attaching there would change every
 * axios user in the process, so `app.init()` fails with `UsageError`
 * (`ERR_USAGE`). `CloudTokenModule` must be visible to the module (imported,
 * or `isGlobal`); its `baseUrl` / `allowedOrigins`, else the instance's
 * `baseURL`, say where the token may go.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [HttpModule.register({ baseURL: 'https://api.aspose.cloud/v4.0' })],
 *   providers: [CloudTokenHttpBinding, WordsService],
 * })
 * export class WordsModule {}
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
        'CloudTokenHttpBinding needs HttpModule.register() in its module: a plain HttpModule shares the global axios instance, which cloud-token does not modify',
      );
    }
    this.#detach = attachCloudToken(instance, this.source, callPolicyOptionsOf(this.options));
  }

  /** Ejects the interceptors; a failure is logged, never thrown, so `app.close()` goes on. */
  onModuleDestroy(): void {
    const detach = this.#detach;
    this.#detach = undefined;
    try {
      detach?.();
    } catch (error) {
      new Logger('CloudTokenHttpBinding').warn(
        `detaching from HttpService failed: ${error instanceof Error ? error.name : 'unknown error'}`,
      );
    }
  }
}
