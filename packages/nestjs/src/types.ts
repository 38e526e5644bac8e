import type { CallPolicyOptions, Clock, CloudTokenOptions } from '@cloud-token/core';
import type { ProblemDetailsOptions } from '@cloud-token/core/node';
import type { ConfigurableModuleAsyncOptions, Provider } from '@nestjs/common';

/**
 * Options of `CloudTokenModule`: the client credentials, the token source's
 * options (`timeoutMs`, `retry`, `logger`, …) and the call policy of
 * `CloudTokenService.fetch()` and of attached `HttpService`s (`baseUrl`,
 * `allowedOrigins`, `maxRetryAfterMs`, …). Unknown keys are rejected.
 *
 * @example
 * ```ts
 * const options: CloudTokenModuleOptions = {
 *   tokenUrl: 'https://api.aspose.cloud/connect/token',
 *   clientId: process.env.ASPOSE_CLIENT_ID ?? '',
 *   clientSecret: process.env.ASPOSE_CLIENT_SECRET ?? '',
 *   baseUrl: 'https://api.aspose.cloud/v4.0/',
 * };
 * ```
 */
export interface CloudTokenModuleOptions extends CloudTokenOptions, CallPolicyOptions {
  /** Time and timers of the token source and of `Retry-After` waits; default `systemClock`. */
  clock?: Clock;
}

/**
 * What `CloudTokenModule.forRoot()` takes: the module options and `isGlobal`.
 *
 * @example
 * ```ts
 * CloudTokenModule.forRoot({ ...asposeCloud, clientId, clientSecret, isGlobal: true });
 * ```
 */
export interface CloudTokenModuleRootOptions extends CloudTokenModuleOptions {
  /** Register the module globally, so feature modules need not import it; default `false`. */
  isGlobal?: boolean;
}

/**
 * A class that makes the module options, for `forRootAsync({ useClass })`
 * and `forRootAsync({ useExisting })`.
 *
 * @example
 * ```ts
 * @Injectable()
 * class CloudTokenConfig implements CloudTokenOptionsFactory {
 *   constructor(@Inject(ConfigService) private readonly config: ConfigService) {}
 *   createCloudTokenOptions(): CloudTokenModuleOptions {
 *     return { tokenUrl: this.config.getOrThrow('TOKEN_URL'), clientId: '…', clientSecret: '…' };
 *   }
 * }
 * ```
 */
export interface CloudTokenOptionsFactory {
  createCloudTokenOptions(): CloudTokenModuleOptions | Promise<CloudTokenModuleOptions>;
}

/**
 * What `CloudTokenModule.forRootAsync()` takes.
 *
 * @example
 * ```ts
 * CloudTokenModule.forRootAsync({
 *   isGlobal: true,
 *   imports: [ConfigModule],
 *   inject: [ConfigService],
 *   useFactory: (config: ConfigService) => ({
 *     tokenUrl: config.getOrThrow<string>('CLOUD_TOKEN_URL'),
 *     clientId: config.getOrThrow<string>('CLOUD_CLIENT_ID'),
 *     clientSecret: config.getOrThrow<string>('CLOUD_CLIENT_SECRET'),
 *   }),
 * });
 * ```
 */
export interface CloudTokenModuleAsyncOptions
  extends ConfigurableModuleAsyncOptions<CloudTokenModuleOptions, 'createCloudTokenOptions'> {
  /** Register the module globally, so feature modules need not import it; default `false`. */
  isGlobal?: boolean;
  /** More providers for the module, e.g. what `useClass` injects. */
  extraProviders?: Provider[];
}

/**
 * Options of `CloudTokenExceptionFilter`: the RFC 9457 `type` of each error
 * code (default `about:blank`).
 *
 * @example
 * ```ts
 * new CloudTokenExceptionFilter(httpAdapter, {
 *   problemType: (code) => `https://docs.example.com/problems/${code.toLowerCase()}`,
 * });
 * ```
 */
export type CloudTokenExceptionFilterOptions = ProblemDetailsOptions;
