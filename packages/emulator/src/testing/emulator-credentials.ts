import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../defaults.js';
import type { Emulator } from '../types.js';

/**
 * Client credentials in the shape `@cloud-token/core`'s `clientCredentials`
 * takes. The secret is the emulator's public default: it opens nothing but
 * a local emulator.
 *
 * @example
 * ```ts
 * const { tokenUrl, clientId, clientSecret }: EmulatorCredentials = emulatorCredentials(emulator);
 * ```
 */
export interface EmulatorCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

/**
 * The client credentials of `emulator`'s default client, in the shape of the
 * core's `ClientCredentialsOptions` (spread them to override one).
 *
 * @example
 * ```ts
 * const source = createTokenSource(clientCredentials(emulatorCredentials(emulator)));
 * cloudToken({ ...emulatorCredentials(emulator), clientSecret: 'wrong', baseUrl: emulator.apiUrl });
 * ```
 */
export function emulatorCredentials(emulator: Emulator): EmulatorCredentials {
  return {
    tokenUrl: emulator.tokenUrl,
    clientId: DEFAULT_CLIENT_ID,
    clientSecret: DEFAULT_CLIENT_SECRET,
  };
}
