import { Redacted } from '@cloud-token/core';
import type { Provider } from '@nestjs/common';
import { CLOUD_TOKEN_OPTIONS } from './constants.js';
import type { CloudTokenModuleHeldOptions } from './types.js';

/**
 * The module options as the module holds them and hands them out under
 * `CLOUD_TOKEN_OPTIONS`: a frozen copy whose `clientSecret` is `Redacted`,
 * so no provider that injects them, and no `util.inspect` or
 * `JSON.stringify` of them, prints the secret. Anything that is not an
 * options object with a string secret is left as it is, for the schema to
 * report when the module is made.
 */
export function holdModuleOptions(options: unknown): unknown {
  if (typeof options !== 'object' || options === null || !Object.hasOwn(options, 'clientSecret')) {
    return options;
  }
  const { clientSecret } = options as { clientSecret: unknown };
  if (typeof clientSecret !== 'string') return options;
  const held = { ...options, clientSecret: new Redacted(clientSecret) };
  return Object.freeze(held) as Partial<CloudTokenModuleHeldOptions>;
}

/** The options as given again, for the core's schema: the secret revealed where it is read. */
export function releaseModuleOptions(input: unknown): unknown {
  if (typeof input !== 'object' || input === null) return input;
  const { clientSecret } = input as { clientSecret?: unknown };
  return clientSecret instanceof Redacted
    ? { ...input, clientSecret: clientSecret.reveal() }
    : input;
}

/**
 * `forRootAsync`'s providers with the options provider's factory (for
 * `useFactory`, `useClass` and `useExisting` alike) handing out held options.
 */
export function holdingAsyncOptions(providers: readonly Provider[]): Provider[] {
  return providers.map((provider) => {
    if (typeof provider !== 'object' || provider.provide !== CLOUD_TOKEN_OPTIONS) return provider;
    if (!('useFactory' in provider)) return provider;
    const make = provider.useFactory;
    return {
      ...provider,
      useFactory: async (...dependencies: unknown[]) =>
        holdModuleOptions(await make(...dependencies)),
    };
  });
}
