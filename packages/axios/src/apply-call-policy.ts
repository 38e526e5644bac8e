import type { Clock, TokenSource } from '@cloud-token/core';
import {
  type CallAnswer,
  type CallPolicy,
  isReplayableBody,
  sleep,
} from '@cloud-token/core/adapter';
import type {
  AxiosError,
  AxiosInstance,
  AxiosResponse,
  InternalAxiosRequestConfig,
  RawAxiosResponseHeaders,
} from 'axios';
import { abortSignalOf } from './abort-signal-of.js';
import {
  type CallRecord,
  clearCallRecord,
  readCallRecord,
  writeCallRecord,
} from './call-record.js';
import { scrubAxiosError } from './scrub-axios-error.js';

/** What the response interceptor needs from the attachment it belongs to. */
export interface CallPolicyContext {
  readonly instance: AxiosInstance;
  readonly source: TokenSource;
  readonly policy: CallPolicy;
  readonly clock: Clock;
  /** False once `detach()` ran: answers of calls still in flight are given back as they are. */
  readonly isAttached: () => boolean;
}

/** The response interceptor's two sides, for `instance.interceptors.response.use()`. */
export interface CallPolicyInterceptor {
  /** A response axios accepted (2xx, or whatever the call's `validateStatus` lets through). */
  onAnswer(response: AxiosResponse): Promise<AxiosResponse>;
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
 * Makes the response interceptor that applies the core's call policy to every
 * answer, on both sides of axios's `validateStatus`:
 * - `renew-and-replay` (a 401 to a request that carried our token):
 *   `source.invalidate(thatToken)`, then the request is sent again through
 *   the instance, so the request interceptor attaches the new token;
 * - `wait-and-retry` (a 429/503 with a short `Retry-After`): waits on the
 *   clock, abortable by the request's `signal`, then sends it again;
 * - `return`: the response or error goes back to the caller; an AxiosError
 *   is first scrubbed of the token.
 * Replayability is judged on `config.data` as axios serialised it: a stream
 * is never sent twice. Requests marked `cloudToken: { skip: true }` and
 * errors that are not AxiosErrors (a `CloudTokenError` from the token source)
 * pass through untouched.
 *
 * @example
 * ```ts
 * const { onAnswer, onError } = createCallPolicyInterceptor({ instance, source, policy, clock, isAttached });
 * instance.interceptors.response.use(onAnswer, onError);
 * ```
 */
export function createCallPolicyInterceptor(context: CallPolicyContext): CallPolicyInterceptor {
  const { instance, source, policy, clock, isAttached } = context;

  async function waitThenResend(
    config: InternalAxiosRequestConfig,
    delayMs: number,
  ): Promise<AxiosResponse> {
    try {
      await sleep(delayMs, clock, abortSignalOf(config));
    } catch {
      // The caller aborted the wait. Sending again lets axios reject the call
      // with its own CanceledError, without a request reaching the network.
    }
    return instance.request(config);
  }

  async function settle(
    config: InternalAxiosRequestConfig,
    response: AxiosResponse | undefined,
    giveBack: (record: CallRecord) => AxiosResponse,
  ): Promise<AxiosResponse> {
    const record = readCallRecord(config);
    const decision =
      response !== undefined && isAttached()
        ? policy.decide(callAnswerOf(response), {
            carriedToken: record.token !== undefined,
            bodyReplayable: isReplayableBody(config.data),
            unauthorizedReplays: record.unauthorizedReplays,
            rateLimitRetries: record.rateLimitRetries,
          })
        : ({ action: 'return' } as const);
    switch (decision.action) {
      case 'renew-and-replay':
        if (record.token !== undefined) source.invalidate(record.token);
        writeCallRecord(config, {
          ...record,
          token: undefined,
          unauthorizedReplays: record.unauthorizedReplays + 1,
        });
        return instance.request(config);
      case 'wait-and-retry':
        writeCallRecord(config, { ...record, rateLimitRetries: record.rateLimitRetries + 1 });
        return waitThenResend(config, decision.delayMs);
      case 'return':
        clearCallRecord(config);
        return giveBack(record);
    }
  }

  return {
    async onAnswer(response) {
      if (response.config.cloudToken?.skip === true) return response;
      return settle(response.config, response, () => response);
    },
    async onError(error) {
      if (!isAxiosError(error) || error.config === undefined) throw error;
      if (error.config.cloudToken?.skip === true) throw error;
      return settle(error.config, error.response, (record) => {
        scrubAxiosError(error, record.token);
        throw error;
      });
    },
  };
}
