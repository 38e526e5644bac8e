import type { AccessToken } from '@cloud-token/core';
import type { AxiosRequestConfig } from 'axios';
import type { CloudTokenRequestConfig } from './types.js';

/**
 * What cloud-token remembers about one call (a caller's request with the
 * replays and retries cloud-token makes of it). Internal: not exported from
 * the package.
 */
export interface CallRecord {
  /** The token the latest send carried; `undefined` when it carried none of ours. */
  readonly token: AccessToken | undefined;
  /** 401 replays made so far. */
  readonly unauthorizedReplays: number;
  /** 429/503 retries made so far. */
  readonly rateLimitRetries: number;
}

/**
 * The record travels under the public `cloudToken` key because axios copies
 * that key (a plain object) into the config of every replay; the public type
 * leaves it out.
 */
interface RecordingRequestConfig extends CloudTokenRequestConfig {
  record?: CallRecord;
}

const freshRecord: CallRecord = { token: undefined, unauthorizedReplays: 0, rateLimitRetries: 0 };

function recordingConfigOf(config: AxiosRequestConfig): RecordingRequestConfig | undefined {
  return config.cloudToken;
}

/** The record of the call this config belongs to; a fresh one for a first send. */
export function readCallRecord(config: AxiosRequestConfig): CallRecord {
  return recordingConfigOf(config)?.record ?? freshRecord;
}

/** Stores the record on the config, next to the caller's own `cloudToken` options. */
export function writeCallRecord(config: AxiosRequestConfig, record: CallRecord): void {
  const cloudToken: RecordingRequestConfig = { ...config.cloudToken, record };
  config.cloudToken = cloudToken;
}

/**
 * Removes the record once the call is answered, so a config the caller sends
 * again (a retry of their own) starts a new call with fresh counts.
 */
export function clearCallRecord(config: AxiosRequestConfig): void {
  const recording = recordingConfigOf(config);
  if (recording?.record === undefined) return;
  const { record: _answered, ...options } = recording;
  config.cloudToken = options;
}
