import type { ClientCredentialsOptions } from '@cloud-token/core';
import type { Emulator } from '@cloud-token/emulator';

/**
 * The client credentials of the emulator's default client.
 *
 * @example
 * ```ts
 * attachCloudToken(api, emulatorCredentials(emulator));
 * ```
 */
export function emulatorCredentials(emulator: Emulator): ClientCredentialsOptions {
  return {
    tokenUrl: emulator.tokenUrl,
    clientId: 'emulator-client',
    clientSecret: 'emulator-secret',
  };
}
