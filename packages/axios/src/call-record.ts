import type { AccessToken } from '@cloud-token/core';
import type { CallTracker, CallTracking } from '@cloud-token/core/adapter';
import type { AxiosRequestConfig } from 'axios';
import type { CloudTokenRequestConfig } from './types.js';

type BeforeRedirect = NonNullable<AxiosRequestConfig['beforeRedirect']>;

/**
 * What cloud-token keeps of one call while it lasts: the core's tracker, the
 * token our interceptor put into the headers, and the redirect hook it
 * installed. It travels under the public `cloudToken` key because axios
 * copies that key into the config of every replay (a class instance by
 * reference, so the replay shares it); the public type leaves it out.
 * Private fields: `util.inspect` and `JSON.stringify` of a config in flight
 * show none of it. Internal: not exported from the package.
 *
 * @example
 * ```ts
 * const record = callRecordOf(config, tracking);
 * record.tracker.carried(token);
 * record.attached = token;
 * ```
 */
export class CallRecord {
  readonly #tracker: CallTracker;
  readonly #callerOptions: CloudTokenRequestConfig | undefined;
  #attached: AccessToken | undefined = undefined;
  #redirectGuard: BeforeRedirect | undefined = undefined;
  #callersRedirectHook: BeforeRedirect | undefined = undefined;

  constructor(tracker: CallTracker, callerOptions: CloudTokenRequestConfig | undefined) {
    this.#tracker = tracker;
    this.#callerOptions = callerOptions;
  }

  /** The core's tracker of this call. */
  get tracker(): CallTracker {
    return this.#tracker;
  }

  /** The caller's own `cloudToken` options, given back with the answer. */
  get callerOptions(): CloudTokenRequestConfig | undefined {
    return this.#callerOptions;
  }

  /**
   * The token our interceptor last set as the `Authorization` header, so it
   * is scrubbed from what reaches the caller even when a redirect dropped
   * it from the wire (and the tracker says no token was carried).
   */
  get attached(): AccessToken | undefined {
    return this.#attached;
  }

  set attached(token: AccessToken | undefined) {
    this.#attached = token;
  }

  /** Our `beforeRedirect` hook on the config, if one is installed. */
  get redirectGuard(): BeforeRedirect | undefined {
    return this.#redirectGuard;
  }

  /** The caller's own `beforeRedirect` hook, which ours runs after it decides. */
  get callersRedirectHook(): BeforeRedirect | undefined {
    return this.#callersRedirectHook;
  }

  /** Records our hook `guard`, installed in place of the caller's `callers`. */
  guardRedirects(guard: BeforeRedirect, callers: BeforeRedirect | undefined): void {
    this.#redirectGuard = guard;
    this.#callersRedirectHook = callers;
  }
}

interface RecordingRequestConfig extends CloudTokenRequestConfig {
  record?: CallRecord;
}

function recordOf(config: AxiosRequestConfig): CallRecord | undefined {
  return (config.cloudToken as RecordingRequestConfig | undefined)?.record;
}

/**
 * The record of the call this config belongs to; a new one, stored on the
 * config next to the caller's own `cloudToken` options, for a first send.
 *
 * @example
 * ```ts
 * const call = callRecordOf(config, tracking).tracker;
 * call.carried(token);
 * ```
 */
export function callRecordOf(config: AxiosRequestConfig, tracking: CallTracking): CallRecord {
  const existing = recordOf(config);
  if (existing !== undefined) return existing;
  const callerOptions = config.cloudToken;
  const record = new CallRecord(tracking.start(config.method ?? 'GET'), callerOptions);
  const recording: RecordingRequestConfig =
    callerOptions === undefined ? { record } : { ...callerOptions, record };
  config.cloudToken = recording;
  return record;
}

/**
 * Gives the config back as the caller made it once the call is answered:
 * their own `cloudToken` options and `beforeRedirect` hook, and no record,
 * so a config the caller sends again (a retry of their own) starts a new
 * call with fresh counts.
 *
 * @example
 * ```ts
 * clearCallRecord(response.config);
 * ```
 */
export function clearCallRecord(config: AxiosRequestConfig): void {
  const record = recordOf(config);
  if (record === undefined) return;
  config.cloudToken = record.callerOptions;
  const guard = record.redirectGuard;
  if (guard !== undefined && config.beforeRedirect === guard) {
    config.beforeRedirect = record.callersRedirectHook;
  }
}
