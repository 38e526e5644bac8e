import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, type Emulator } from '@cloud-token/emulator';

/** Module options for `emulator`'s default client, with its API as `baseUrl`. */
export function cloudOptions(emulator: Emulator): {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  baseUrl: string;
} {
  return {
    tokenUrl: emulator.tokenUrl,
    clientId: DEFAULT_CLIENT_ID,
    clientSecret: DEFAULT_CLIENT_SECRET,
    baseUrl: emulator.apiUrl,
  };
}
