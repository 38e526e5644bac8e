import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, type Emulator } from '@cloud-token/emulator';

/**
 * The client credentials of `emulator`'s default client, in the shape of the
 * core's `ClientCredentialsOptions` (spread them to override one).
 *
 * @example
 * ```ts
 * attachCloudToken(api, emulatorCredentials(emulator));
 * cloudToken({ ...emulatorCredentials(emulator), clientSecret: 'wrong', baseUrl: emulator.apiUrl });
 * ```
 */
export function emulatorCredentials(emulator: Emulator): {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
} {
  return {
    tokenUrl: emulator.tokenUrl,
    clientId: DEFAULT_CLIENT_ID,
    clientSecret: DEFAULT_CLIENT_SECRET,
  };
}
