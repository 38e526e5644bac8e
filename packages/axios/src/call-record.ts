import type { AccessToken } from '@cloud-token/core';
import type { CallTracker, CallTracking } from '@cloud-token/core/adapter';
import type { AxiosRequestConfig } from 'axios';
import type { CloudTokenRequestConfig } from './types.js';

/**
 * The core's tracker of one call travels under the public `cloudToken` key
 * because axios copies that key into the config of every replay (a class
 * instance by reference, so the replay shares it); the public type leaves it
 * out. Internal: not exported from the package.
 */
interface RecordingRequestConfig extends CloudTokenRequestConfig {
  record?: CallTracker;
}

function recordingConfigOf(config: AxiosRequestConfig): RecordingRequestConfig | undefined {
  return config.cloudToken;
}

/**
 * The tracker of the call this config belongs to; a new one, stored on the
 * config next to the caller's own `cloudToken` options, for a first send.
 *
 * @example
 * ```ts
 * const call = callTrackerOf(config, tracking);
 * call.carried(token);
 * ```
 */
export function callTrackerOf(config: AxiosRequestConfig, tracking: CallTracking): CallTracker {
  const existing = recordingConfigOf(config)?.record;
  if (existing !== undefined) return existing;
  const record = tracking.start(config.method ?? 'GET');
  const cloudToken: RecordingRequestConfig = { ...config.cloudToken, record };
  config.cloudToken = cloudToken;
  return record;
}

/**
 * Removes the tracker once the call is answered, so a config the caller sends
 * again (a retry of their own) starts a new call with fresh counts.
 *
 * @example
 * ```ts
 * clearCallRecord(response.config);
 * ```
 */
export function clearCallRecord(config: AxiosRequestConfig): void {
  const recording = recordingConfigOf(config);
  if (recording?.record === undefined) return;
  const { record: _answered, ...options } = recording;
  config.cloudToken = options;
}

/** The token the request interceptor put into a config's headers (a redirect may have dropped it since). */
const attachedTokens = new WeakMap<AxiosRequestConfig, AccessToken>();

/**
 * Records that our interceptor set `token` as this config's `Authorization`,
 * so that the header is scrubbed from what reaches the caller even when a
 * redirect dropped it from the wire (and the tracker says no token was carried).
 *
 * @example
 * ```ts
 * config.headers.set('Authorization', token.authorization);
 * noteAttachedToken(config, token);
 * ```
 */
export function noteAttachedToken(
  config: AxiosRequestConfig,
  token: AccessToken | undefined,
): void {
  if (token === undefined) attachedTokens.delete(config);
  else attachedTokens.set(config, token);
}

/**
 * The token our interceptor last put into this config's headers, if any.
 *
 * @example
 * ```ts
 * scrubAxiosResponse(response, attachedTokenOf(response.config));
 * ```
 */
export function attachedTokenOf(config: AxiosRequestConfig): AccessToken | undefined {
  return attachedTokens.get(config);
}
