import { InvalidOptionsError } from '@cloud-token/core';
import { booleanRule, optionsSchema } from '@cloud-token/core/adapter';
import {
  ConfigurableModuleBuilder,
  type DynamicModule,
  Module,
  type Provider,
} from '@nestjs/common';
import { CloudTokenService } from './cloud-token.service.js';
import { type CloudTokenClient, cloudTokenClient } from './cloud-token-client.js';
import { CloudTokenSourcesModule } from './cloud-token-sources.module.js';
import {
  CLOUD_TOKEN_CLIENT,
  CLOUD_TOKEN_OPTIONS,
  CLOUD_TOKEN_POOL,
  CLOUD_TOKEN_SOURCE,
} from './constants.js';
import type { CloudTokenModuleAsyncOptions, CloudTokenModuleOptions } from './types.js';

type RootOptions = CloudTokenModuleOptions & { isGlobal?: boolean };
// The base of CloudTokenModule: forRoot/forRootAsync and the options provider.
const { ConfigurableModuleClass: CloudTokenConfigurableModule } =
  new ConfigurableModuleBuilder<CloudTokenModuleOptions>({
    optionsInjectionToken: CLOUD_TOKEN_OPTIONS,
  })
    .setClassMethodName('forRoot')
    .setFactoryMethodName('createCloudTokenOptions')
    .build();
const sourceOf = (client: CloudTokenClient) => client.source;

/** What `forRoot`/`forRootAsync` take besides the module options, read from own properties. */
const extrasSchema = optionsSchema<
  Pick<CloudTokenModuleAsyncOptions, 'isGlobal' | 'extraProviders'>
>()({
  isGlobal: booleanRule(false),
  extraProviders: (value, path): Provider[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw new InvalidOptionsError(path, 'must be an array of providers');
    return value;
  },
});

function extrasOf(options: object) {
  return extrasSchema.resolve(extrasSchema.pick(options));
}

/**
 * Keeps one access token alive; exports `CloudTokenService`, the `TokenSource`
 * and the options. Options are validated when the module is created; imports
 * with the same credentials share one source (the core's token source pool,
 * one per application), closed when the application shuts down.
 *
 * @example
 * ```ts
 * @Module({ imports: [CloudTokenModule.forRoot({ ...asposeCloud, clientId, clientSecret, isGlobal: true })] })
 * export class AppModule {}
 * ```
 */
@Module({
  imports: [CloudTokenSourcesModule],
  providers: [
    {
      provide: CLOUD_TOKEN_CLIENT,
      useFactory: cloudTokenClient,
      inject: [CLOUD_TOKEN_OPTIONS, CLOUD_TOKEN_POOL],
    },
    { provide: CLOUD_TOKEN_SOURCE, useFactory: sourceOf, inject: [CLOUD_TOKEN_CLIENT] },
    CloudTokenService,
  ],
  exports: [CLOUD_TOKEN_SOURCE, CLOUD_TOKEN_OPTIONS, CloudTokenService],
})
export class CloudTokenModule extends CloudTokenConfigurableModule {
  // `isGlobal` and `extraProviders` are read here, not through the builder's extras
  // (nestjs/nest#15661, #10307), as @nestjs/cache-manager does.

  /** Configures the module with options known up front, and `isGlobal` (default false). */
  static override forRoot(options: RootOptions): DynamicModule {
    // The rest copies own properties only; the module options are checked when the module is made.
    const { isGlobal: _isGlobal, ...moduleOptions } = options ?? {};
    const { isGlobal } = extrasOf(options ?? {});
    return { ...super.forRoot(moduleOptions), global: isGlobal };
  }

  /** Configures the module with options from a factory, a class or an existing provider. */
  static override forRootAsync(options: CloudTokenModuleAsyncOptions): DynamicModule {
    const { isGlobal: _isGlobal, extraProviders: _extra, ...asyncOptions } = options ?? {};
    const { isGlobal, extraProviders } = extrasOf(options ?? {});
    const { providers = [], ...definition } = super.forRootAsync(asyncOptions);
    return { ...definition, global: isGlobal, providers: [...providers, ...extraProviders] };
  }
}
