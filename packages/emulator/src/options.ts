import { type RegisteredClient, toRegisteredClient } from './client-registry.js';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_HOST,
  DEFAULT_PROFILE,
  DEFAULT_REQUEST_LOG_SIZE,
  DEFAULT_TOKEN_TTL_SECONDS,
} from './defaults.js';
import { InvalidOptionsError, type KeyTable, ownOptions } from './invalid-options-error.js';
import type { EmulatorOptions, EmulatorProfile } from './types.js';
import {
  argumentOf,
  assertHeaderValue,
  assertIntegerInRange,
  assertNonEmptyString,
  assertPositiveNumber,
  invalidRange,
  invalidType,
} from './validate.js';

/** {@link EmulatorOptions} checked, with every default filled in. */
export interface ResolvedOptions {
  port: number;
  host: string;
  clients: RegisteredClient[];
  profile: EmulatorProfile;
  tokenTtlSeconds: number;
  timeScale: number;
  requestLogSize: number;
  controlToken: string | undefined;
}

const profiles: readonly EmulatorProfile[] = ['aspose', 'groupdocs'];

const knownOptions: KeyTable<EmulatorOptions> = {
  port: true,
  host: true,
  clientId: true,
  clientSecret: true,
  clients: true,
  profile: true,
  tokenTtlSeconds: true,
  timeScale: true,
  requestLogSize: true,
  controlToken: true,
};

/** The largest request log a caller may ask for: beyond it, memory is the risk the bound exists for. */
export const maxRequestLogSize = 1_000_000;

/** Throws an {@link InvalidOptionsError} naming the first bad option. */
export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError('options', 'startEmulator options must be an object');
  }
  const given = ownOptions(options, knownOptions, 'startEmulator');
  try {
    return check(given);
  } catch (error) {
    const argument = argumentOf(error);
    if (argument === undefined) throw error;
    const option = argument
      .replace(/^startEmulator option "([^"]+)"/, '$1')
      .replace(/^startEmulator options\./, '');
    throw new InvalidOptionsError(option, (error as Error).message);
  }
}

function check(options: EmulatorOptions): ResolvedOptions {
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
    requestLogSize = DEFAULT_REQUEST_LOG_SIZE,
    controlToken,
  } = options;

  assertIntegerInRange(port, name('port'), 0, 65_535);
  assertNonEmptyString(host, name('host'));
  if (!Array.isArray(clients)) throw invalidType(name('clients'), 'must be an array');
  if (!profiles.includes(profile)) {
    throw invalidRange(name('profile'), `must be one of ${profiles.join(', ')}`);
  }
  // expires_in is an integer in every cloud answer.
  assertIntegerInRange(tokenTtlSeconds, name('tokenTtlSeconds'), 1, Number.MAX_SAFE_INTEGER);
  assertPositiveNumber(timeScale, name('timeScale'));
  assertIntegerInRange(requestLogSize, name('requestLogSize'), 0, maxRequestLogSize);
  if (controlToken !== undefined) {
    // Compared with what an Authorization header carries, so it must fit in one.
    assertHeaderValue(controlToken, name('controlToken'));
    if (controlToken.length < 8)
      throw invalidRange(name('controlToken'), 'must be at least 8 characters');
  }

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
    requestLogSize,
    controlToken,
  };
}
