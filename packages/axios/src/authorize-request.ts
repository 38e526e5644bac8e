import type { AccessToken, TokenSource } from '@cloud-token/core';
import { type CallTracking, usableToken } from '@cloud-token/core/adapter';
import type { InternalAxiosRequestConfig } from 'axios';
import { abortSignalOf } from './abort-signal-of.js';
import { type CallRecord, callRecordOf } from './call-record.js';
import { guardRedirects } from './guard-redirects.js';
import { requestDestinations } from './request-destinations.js';

/**
 * Makes the request interceptor: it sets `Authorization: Bearer <token>` on a
 * request only when every URL the request may go to is allowed to receive
 * the token, records in the core's call tracker which token it attached, and
 * guards the redirects axios follows (see `guardRedirects`). A request
 * marked `cloudToken: { skip: true }` or bound elsewhere keeps the headers
 * its caller gave it. A failure of the token source (a `CloudTokenError`)
 * rejects the call as it is.
 *
 * @example
 * ```ts
 * instance.interceptors.request.use(createRequestAuthorizer(source, tracking));
 * ```
 */
export function createRequestAuthorizer(
  source: TokenSource,
  tracking: CallTracking,
): (
  config: InternalAxiosRequestConfig,
) => InternalAxiosRequestConfig | Promise<InternalAxiosRequestConfig> {
  function attach(config: InternalAxiosRequestConfig, record: CallRecord, token: AccessToken) {
    config.headers.set('Authorization', token.authorization);
    record.tracker.carried(token);
    record.attached = token;
    guardRedirects(config, record);
    return config;
  }

  async function attachWhenObtained(config: InternalAxiosRequestConfig, record: CallRecord) {
    const signal = abortSignalOf(config);
    let token: AccessToken;
    try {
      token = await source.getToken(signal ? { signal } : undefined);
    } catch (error) {
      // axios rejects an aborted request with its own CanceledError before
      // sending it, which is the error its callers know how to recognise.
      if (config.signal?.aborted) return config;
      throw error;
    }
    return attach(config, record, token);
  }

  // Not async: with a cached token, axios gets the config itself, without a promise or a tick.
  return function authorizeRequest(config) {
    if (config.cloudToken?.skip === true) return config;
    const record = callRecordOf(config, tracking);
    const call = record.tracker;
    // Every send through the instance starts again from the call's first URL.
    call.restartHops();
    call.carried(undefined);
    record.attached = undefined;
    if (!requestDestinations(config).every((url) => call.mayCarryToken(url))) return config;
    const token = usableToken(source);
    return token === undefined ? attachWhenObtained(config, record) : attach(config, record, token);
  };
}
