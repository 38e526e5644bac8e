import { InvalidOptionsError } from '@cloud-token/core';
import {
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CloudTokenService } from './cloud-token.service.js';
import { CloudTokenConfigurableModule } from './cloud-token.module-definition.js';
import { CLOUD_TOKEN_LEASE, CLOUD_TOKEN_OPTIONS, CLOUD_TOKEN_SOURCE } from './constants.js';
import { leaseTokenSource, type TokenSourceLease } from './token-source-leases.js';
import type { CloudTokenModuleAsyncOptions, CloudTokenModuleRootOptions } from './types.js';

function readIsGlobal(isGlobal: unknown): boolean {
  if (isGlobal === undefined) return false;
  if (typeof isGlobal !== 'boolean') throw new InvalidOptionsError('isGlobal', 'must be a boolean');
  return isGlobal;
}

/**
 * The NestJS module that keeps one cloud access token alive: it provides
 * `CloudTokenService`, the raw `TokenSource` (`@InjectTokenSource()`) and its
 * options, all exported. Options are validated when the module is created
 * (`ERR_INVALID_OPTIONS` naming the option). Imports with the same
 * credentials share one token source; `app.close()` closes it once the last
 * module holding it shuts down.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     CloudTokenModule.forRoot({
 *       ...asposeCloud,
 *       clientId: process.env.ASPOSE_CLIENT_ID ?? '',
 *       clientSecret: process.env.ASPOSE_CLIENT_SECRET ?? '',
 *       isGlobal: true,
 *     }),
 *   ],
 * })
 * export class AppModule {}
 * ```
 */
@Module({
  providers: [
    { provide: CLOUD_TOKEN_LEASE, useFactory: leaseTokenSource, inject: [CLOUD_TOKEN_OPTIONS] },
    {
      provide: CLOUD_TOKEN_SOURCE,
      useFactory: (lease: TokenSourceLease) => lease.source,
      inject: [CLOUD_TOKEN_LEASE],
    },
    CloudTokenService,
  ],
  exports: [CLOUD_TOKEN_SOURCE, CLOUD_TOKEN_OPTIONS, CloudTokenService],
})
export class CloudTokenModule extends CloudTokenConfigurableModule implements OnApplicationShutdown {
  readonly #lease: TokenSourceLease;

  constructor(@Inject(CLOUD_TOKEN_LEASE) lease: TokenSourceLease) {
    super();
    this.#lease = lease;
  }

  /**
   * Configures the module with options known up front.
   *
   * @example
   * ```ts
   * CloudTokenModule.forRoot({ tokenUrl, clientId, clientSecret, baseUrl, isGlobal: true });
   * ```
   */
  static override forRoot(options: CloudTokenModuleRootOptions): DynamicModule {
    const { isGlobal, ...moduleOptions } = options ?? {};
    return { ...super.forRoot(moduleOptions), global: readIsGlobal(isGlobal) };
  }

  /**
   * Configures the module with options made by a factory, a class or an
   * existing provider (e.g. from `ConfigService`).
   *
   * @example
   * ```ts
   * CloudTokenModule.forRootAsync({
   *   imports: [ConfigModule],
   *   inject: [ConfigService],
   *   useFactory: (config: ConfigService) => ({ tokenUrl: config.getOrThrow('TOKEN_URL'), … }),
   * });
   * ```
   */
  static override forRootAsync(options: CloudTokenModuleAsyncOptions): DynamicModule {
    const { isGlobal, extraProviders = [], ...asyncOptions } = options ?? {};
    if (!Array.isArray(extraProviders)) {
      throw new InvalidOptionsError('extraProviders', 'must be an array of providers');
    }
    const definition = super.forRootAsync(asyncOptions);
    return {
      ...definition,
      global: readIsGlobal(isGlobal),
      providers: [...(definition.providers ?? []), ...extraProviders],
    };
  }

  /** Gives the module's hold on the token source back; a failure is logged, never thrown. */
  onApplicationShutdown(): void {
    try {
      this.#lease.release();
    } catch (error) {
      new Logger('CloudTokenModule').warn(
        `closing the token source failed: ${error instanceof Error ? error.name : 'unknown error'}`,
      );
    }
  }
}
