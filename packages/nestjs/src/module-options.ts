import {
  CALL_POLICY_OPTION_KEYS,
  CLIENT_CREDENTIALS_OPTION_KEYS as CREDENTIAL_KEYS,
  AUTHORIZED_FETCH_OPTION_KEYS as FETCH_KEYS,
  pickOptions,
  readOptionsObject,
  TOKEN_SOURCE_OPTION_KEYS as SOURCE_KEYS,
} from '@cloud-token/core/adapter';
import type { CloudTokenModuleOptions } from './types.js';

const known = [...new Set<string>([...CREDENTIAL_KEYS, ...SOURCE_KEYS, ...FETCH_KEYS])];

/** The module options, checked for unknown keys, split into what each core factory takes. */
export function splitModuleOptions(input: unknown) {
  const options: CloudTokenModuleOptions = Object(
    readOptionsObject(input ?? null, 'options', { known }),
  );
  return {
    credentials: pickOptions(options, CREDENTIAL_KEYS),
    tokenSource: pickOptions(options, SOURCE_KEYS),
    fetch: pickOptions(options, FETCH_KEYS),
  };
}

/** What an attached `HttpService` needs: the call policy and the clock of its waits. */
export function callPolicyOptionsOf(options: CloudTokenModuleOptions) {
  return pickOptions(options, [...CALL_POLICY_OPTION_KEYS, 'clock'] as const);
}
