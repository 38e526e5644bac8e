import type { CallPolicyOptions, CloudTokenOptions } from '@cloud-token/core';
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
