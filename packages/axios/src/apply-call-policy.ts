import type { AccessToken } from '@cloud-token/core';
import {
  type CallAnswer,
  type CallTracker,
  type CallTracking,
  isReplayableBody,
} from '@cloud-token/core/adapter';
import type {
  AxiosError,
  AxiosInstance,
  AxiosResponse,
  InternalAxiosRequestConfig,
  RawAxiosResponseHeaders,
} from 'axios';
import { abortSignalOf } from './abort-signal-of.js';
import { callRecordOf, clearCallRecord } from './call-record.js';
import { scrubAxiosError } from './scrub-axios-error.js';
import { scrubAxiosResponse } from './scrub-axios-response.js';

/** What the response interceptor needs from the attachment it belongs to. */
export interface CallPolicyContext {
  readonly instance: AxiosInstance;
  readonly tracking: CallTracking;
  /** False once `detach()` ran: answers of calls still in flight are given back as they are. */
  readonly isAttached: () => boolean;
}

/** The response interceptor's two sides, for `instance.interceptors.response.use()`. */
export interface CallPolicyInterceptor {
  /** A response axios accepted (2xx, or whatever the call's `validateStatus` lets through). */
  onAnswer(response: AxiosResponse): AxiosResponse | Promise<AxiosResponse>;
  /** Anything that rejected the call: an AxiosError for a refused status or a failed send, or another error, passed on. */
  onError(error: unknown): Promise<AxiosResponse>;
}

function isAxiosError(value: unknown): value is AxiosError {
  return typeof value === 'object' && value !== null && (value as AxiosError).isAxiosError === true;
}

function callAnswerOf(response: AxiosResponse): CallAnswer {
  const headers: RawAxiosResponseHeaders = response.headers;
  const retryAfter = headers['retry-after'];
  const readable = typeof retryAfter === 'string' || typeof retryAfter === 'number';
  return { status: response.status, retryAfter: readable ? String(retryAfter) : undefined };
}

/**
 * Makes the response interceptor that hands every answer, on both sides of
 * axios's `validateStatus`, to the core's call tracker and carries out its
 * decision; every rule (which answers refuse the token, invalidation, the
 * 401 renewal pause, counts, waits) is the core's:
 * - `renew-and-replay`: the request is sent again through the instance, so
 *   the request interceptor attaches the new token;
 * - `wait-and-retry`: waits on the tracker's clock, abortable by the
 *   request's `signal`, then sends it again;
 * - `return`: the response or error goes back to the caller, scrubbed of
 *   the token.
 * Replayability is judged on `config.data` as axios serialised it: a stream
 * is never sent twice. Requests marked `cloudToken: { skip: true }` and
 * errors that are not AxiosErrors (a `CloudTokenError` from the token source)
 * pass through untouched.
 *
 * @example
 * ```ts
 * const { onAnswer, onError } = createCallPolicyInterceptor({ instance, tracking, isAttached });
 * instance.interceptors.response.use(onAnswer, onError);
 * ```
 */
export function createCallPolicyInterceptor(context: CallPolicyContext): CallPolicyInterceptor {
  const { instance, tracking, isAttached } = context;

  /**
   * Settles one answer. Not async: an answer given back (the common case)
   * returns at once, without a promise or a tick of its own.
   */
  function settle(
    config: InternalAxiosRequestConfig,
    response: AxiosResponse | undefined,
    giveBack: (token: AccessToken | undefined) => AxiosResponse,
  ): AxiosResponse | Promise<AxiosResponse> {
    const record = callRecordOf(config, tracking);
    const call = record.tracker;
    if (response !== undefined && isAttached()) {
      const decision = call.settle(callAnswerOf(response), isReplayableBody(config.data));
      if (decision.action === 'renew-and-replay') return instance.request(config);
      if (decision.action === 'wait-and-retry') return waitAndRetry(config, call, decision.delayMs);
    }
    const token = record.attached ?? call.token;
    clearCallRecord(config);
    return giveBack(token);
  }

  async function waitAndRetry(
    config: InternalAxiosRequestConfig,
    call: CallTracker,
    delayMs: number,
  ): Promise<AxiosResponse> {
    try {
      await call.wait(delayMs, abortSignalOf(config));
    } catch {
      // The caller aborted the wait. Sending again lets axios reject the call
      // with its own CanceledError, without a request reaching the network.
    }
    return instance.request(config);
  }

  return {
    // Not async: axios takes a response as well as a promise of one.
    onAnswer(response) {
      if (response.config.cloudToken?.skip === true) return response;
      return settle(response.config, response, (token) => {
        scrubAxiosResponse(response, token);
        return response;
      });
    },
    async onError(error) {
      if (!isAxiosError(error) || error.config === undefined) throw error;
      if (error.config.cloudToken?.skip === true) throw error;
      return settle(error.config, error.response, (token) => {
        scrubAxiosError(error, token);
        throw error;
      });
    },
  };
}
