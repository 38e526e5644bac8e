import type { AccessToken, TokenSource } from '@cloud-token/core';
import type { CallPolicy } from '@cloud-token/core/adapter';
import type { InternalAxiosRequestConfig } from 'axios';
import { abortSignalOf } from './abort-signal-of.js';
import { readCallRecord, writeCallRecord } from './call-record.js';
import { requestDestinations } from './request-destinations.js';

/**
 * Makes the request interceptor: it sets `Authorization: Bearer <token>` on a
 * request only when every URL the request may go to is allowed to receive
 * the token, and records which token it attached. A request marked
 * `cloudToken: { skip: true }` or bound elsewhere keeps the headers its
 * caller gave it. A failure of the token source (a `CloudTokenError`) rejects
 * the call as it is.
 *
 * @example
 * ```ts
 * instance.interceptors.request.use(createRequestAuthorizer(source, policy));
 * ```
 */
export function createRequestAuthorizer(
  source: TokenSource,
  policy: CallPolicy,
): (config: InternalAxiosRequestConfig) => Promise<InternalAxiosRequestConfig> {
  return async function authorizeRequest(config) {
    if (config.cloudToken?.skip === true) return config;
    const record = readCallRecord(config);
    if (!requestDestinations(config).every((url) => policy.mayCarryToken(url))) {
      writeCallRecord(config, { ...record, token: undefined });
      return config;
    }
    const signal = abortSignalOf(config);
    let token: AccessToken;
    try {
      token = await source.getToken(signal ? { signal } : {});
    } catch (error) {
      // axios rejects an aborted request with its own CanceledError before
      // sending it, which is the error its callers know how to recognise.
      if (config.signal?.aborted) return config;
      throw error;
    }
    config.headers.set('Authorization', token.authorization);
    writeCallRecord(config, { ...record, token });
    return config;
  };
}
