import type { CallPolicyOptions, CloudTokenOptions, Redacted } from '@cloud-token/core';
import type { ConfigurableModuleAsyncOptions, Provider } from '@nestjs/common';

/**
 * Options of `CloudTokenModule`: the client credentials, the token source's
 * options and the call policy (`baseUrl` or `allowedOrigins`, `maxRetryAfterMs`, …).
 *
 * @example
 * ```ts
 * const options: CloudTokenModuleOptions = { ...asposeCloud, clientId, clientSecret };
 * ```
 */
export interface CloudTokenModuleOptions extends CloudTokenOptions, CallPolicyOptions {}

/**
 * What `CLOUD_TOKEN_OPTIONS` injects: the module options, frozen, with the
 * client secret wrapped in `Redacted` (`util.inspect`, `JSON.stringify` and
 * `String()` show `[redacted]`; `reveal()` gives it back, for the one place
 * that must send it).
 *
 * @example
 * ```ts
 * constructor(@Inject(CLOUD_TOKEN_OPTIONS) private readonly options: CloudTokenModuleHeldOptions) {}
 * // … this.options.baseUrl; this.options.clientSecret is Redacted
 * ```
 */
export type CloudTokenModuleHeldOptions = Readonly<
  Omit<CloudTokenModuleOptions, 'clientSecret'> & { clientSecret: Redacted }
>;

/**
 * A class that makes the module options, for `forRootAsync({ useClass | useExisting })`.
 *
 * @example
 * ```ts
 * class FromVault implements CloudTokenOptionsFactory { createCloudTokenOptions = () => vault.read('cloud'); }
 * ```
 */
export interface CloudTokenOptionsFactory {
  createCloudTokenOptions(): CloudTokenModuleOptions | Promise<CloudTokenModuleOptions>;
}

/**
 * What `CloudTokenModule.forRootAsync()` takes: `imports`, `inject`,
 * `useFactory` | `useClass` | `useExisting`, `isGlobal` (default false), `extraProviders`.
 *
 * @example
 * ```ts
 * const options: CloudTokenModuleAsyncOptions = { inject: [ConfigService], useFactory: (c) => c.get('cloud') };
 * ```
 */
export interface CloudTokenModuleAsyncOptions
  extends ConfigurableModuleAsyncOptions<CloudTokenModuleOptions, 'createCloudTokenOptions'> {
  isGlobal?: boolean;
  extraProviders?: Provider[];
}
