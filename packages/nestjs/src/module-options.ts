import {
  AUTHORIZED_FETCH_OPTION_KEYS,
  CALL_POLICY_OPTION_KEYS,
  CLIENT_CREDENTIALS_OPTION_KEYS,
  pickOptions,
  readOptionsObject,
  TOKEN_SOURCE_OPTION_KEYS,
} from '@cloud-token/core/adapter';
import type { CloudTokenModuleOptions } from './types.js';

const moduleOptionKeys: readonly string[] = [
  ...new Set<string>([
    ...CLIENT_CREDENTIALS_OPTION_KEYS,
    ...TOKEN_SOURCE_OPTION_KEYS,
    ...AUTHORIZED_FETCH_OPTION_KEYS,
  ]),
];

/**
 * The module options split into what each core factory takes, after checking
 * that the whole object has no unknown key (the core's toolkit: never echoes a value).
 */
export function splitModuleOptions(input: unknown) {
  const options = readOptionsObject(input ?? null, 'options', {
    known: moduleOptionKeys,
  }) as unknown as CloudTokenModuleOptions;
  return {
    credentials: pickOptions(options, CLIENT_CREDENTIALS_OPTION_KEYS),
    tokenSource: pickOptions(options, TOKEN_SOURCE_OPTION_KEYS),
    fetch: pickOptions(options, AUTHORIZED_FETCH_OPTION_KEYS),
  };
}

/** The options that govern calls carrying the token through an attached `HttpService`. */
export function callPolicyOptionsOf(options: CloudTokenModuleOptions) {
  return pickOptions(options, [...CALL_POLICY_OPTION_KEYS, 'clock'] as const);
}
