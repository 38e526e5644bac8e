import {
  authorizedFetchSchema,
  callPolicySchema,
  clientCredentialsSchema,
  clockRule,
  cloudTokenSchema,
  optionsSchema,
  tokenSourceSchema,
} from '@cloud-token/core/adapter';
import type { CloudTokenModuleOptions } from './types.js';

/** The schema of {@link CloudTokenModuleOptions}: the core's credentials, token source and fetch tables. */
const moduleSchema = optionsSchema<CloudTokenModuleOptions>()({
  ...cloudTokenSchema.rules,
  ...authorizedFetchSchema.rules,
});

/**
 * The module options, every key checked and each own value read once, split
 * into what each core factory takes: the credentials for `clientCredentials()`,
 * and the token source's and the fetch's settings, which their factories take
 * as read.
 */
export function readModuleOptions(input: unknown) {
  const values = moduleSchema.take(input ?? null);
  return {
    credentials: clientCredentialsSchema.pick(values),
    tokenSource: tokenSourceSchema.resolve(values),
    fetch: authorizedFetchSchema.resolve(values),
  };
}

/** What an attached `HttpService` takes: the call policy and the clock of its waits. */
const httpBindingSchema = optionsSchema<
  Pick<CloudTokenModuleOptions, keyof typeof callPolicySchema.rules | 'clock'>
>()({ ...callPolicySchema.rules, clock: clockRule });

/** The own values of the module options that an attached `HttpService` takes. */
export function callPolicyOptionsOf(options: CloudTokenModuleOptions) {
  return httpBindingSchema.pick(options);
}
