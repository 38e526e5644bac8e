import { type RegisteredClient, toRegisteredClient } from './client-registry.js';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_HOST,
  DEFAULT_PROFILE,
  DEFAULT_TOKEN_TTL_SECONDS,
} from './defaults.js';
import type { EmulatorOptions, EmulatorProfile } from './types.js';
import { assertIntegerInRange, assertNonEmptyString, assertPositiveNumber } from './validate.js';

/** {@link EmulatorOptions} checked, with every default filled in. */
export interface ResolvedOptions {
  port: number;
  host: string;
  clients: RegisteredClient[];
  profile: EmulatorProfile;
  tokenTtlSeconds: number;
  timeScale: number;
}

const profiles: readonly EmulatorProfile[] = ['aspose', 'groupdocs'];

/** Throws a `TypeError`/`RangeError` naming the first bad option. */
export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('startEmulator options must be an object');
  }
  const name = (option: string): string => `startEmulator option "${option}"`;
  const {
    port = 0,
    host = DEFAULT_HOST,
    clientId = DEFAULT_CLIENT_ID,
    clientSecret = DEFAULT_CLIENT_SECRET,
    clients = [],
    profile = DEFAULT_PROFILE,
    tokenTtlSeconds = DEFAULT_TOKEN_TTL_SECONDS,
    timeScale = 1,
  } = options;

  assertIntegerInRange(port, name('port'), 0, 65_535);
  assertNonEmptyString(host, name('host'));
  if (!Array.isArray(clients)) throw new TypeError(`${name('clients')} must be an array`);
  if (!profiles.includes(profile)) {
    throw new RangeError(`${name('profile')} must be one of ${profiles.join(', ')}`);
  }
  // expires_in is an integer in every cloud answer.
  assertIntegerInRange(tokenTtlSeconds, name('tokenTtlSeconds'), 1, Number.MAX_SAFE_INTEGER);
  assertPositiveNumber(timeScale, name('timeScale'));

  return {
    port,
    host,
    clients: [
      toRegisteredClient({ clientId, clientSecret }, 'startEmulator options'),
      ...clients.map((client, index) => toRegisteredClient(client, `${name('clients')}[${index}]`)),
    ],
    profile,
    tokenTtlSeconds,
    timeScale,
  };
}
