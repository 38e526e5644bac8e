import {
  type ClientCredentialsOptions,
  clientCredentials,
  createTokenSource,
  memoryTokenStore,
  type TokenSource,
  type TokenSourceOptions,
} from '@cloud-token/core';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type Emulator,
  startEmulator,
} from '@cloud-token/emulator';

/** The API path every load suite requests, relative to the emulator's API base. */
export const API_PATH = 'words/bench.docx/statistics';

/** Starts an emulator on loopback for `use`, and closes it whatever happens. */
export async function withEmulator<T>(use: (emulator: Emulator) => Promise<T>): Promise<T> {
  const emulator = await startEmulator();
  try {
    return await use(emulator);
  } finally {
    await emulator.close();
  }
}

/** The emulator's default client credentials, for adapters that take options. */
export function emulatorCredentials(
  emulator: Emulator,
  clientSecret = DEFAULT_CLIENT_SECRET,
): ClientCredentialsOptions {
  return { tokenUrl: emulator.tokenUrl, clientId: DEFAULT_CLIENT_ID, clientSecret };
}

/**
 * A token source for the emulator's default client (or a wrong `clientSecret`),
 * with a token store of its own: the default store is shared by every source
 * of the same credentials in the process, so a source made later would find
 * an earlier one's token, and the suites count each source's token requests.
 */
export function emulatorSource(
  emulator: Emulator,
  options?: TokenSourceOptions,
  clientSecret?: string,
): TokenSource {
  return createTokenSource(clientCredentials(emulatorCredentials(emulator, clientSecret)), {
    store: memoryTokenStore(),
    ...options,
  });
}
