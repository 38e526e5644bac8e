import type { CloudCallFailure } from '@cloud-token/core/node';

/** Marks an axios error that a `CloudTokenHttpBinding` gave back; `Symbol.for` so ESM and CJS copies agree. */
const boundCall = Symbol.for('@cloud-token/nestjs.bound-call-failure');

/** The parts of an axios error read here: the package never imports axios in its main entry. */
interface AxiosLikeError {
  isAxiosError?: unknown;
  response?: { status?: unknown; headers?: Record<string, unknown> } | undefined;
  [boundCall]?: true;
}

/**
 * Marks `error` (an axios error, after the call policy gave it back) as one
 * from an `HttpService` that `CloudTokenHttpBinding` attached to, so that
 * the filter answers it as a failed cloud call. A hidden, non-enumerable
 * member: `util.inspect` and `JSON.stringify` of the error do not change.
 */
export function markBoundCallFailure(error: unknown): void {
  if (typeof error !== 'object' || error === null) return;
  if ((error as AxiosLikeError).isAxiosError !== true || Object.isFrozen(error)) return;
  Object.defineProperty(error, boundCall, { value: true, configurable: true });
}

/**
 * What a marked axios error says of the cloud's answer (its status and
 * `Retry-After`; no status when none came back), or `undefined` for any
 * other exception: an axios error of the application's own, an
 * `HttpException`, anything else is not cloud-token's to answer.
 */
export function boundCallFailureOf(exception: unknown): CloudCallFailure | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { response, [boundCall]: marked } = exception as AxiosLikeError;
  if (marked !== true) return undefined;
  const status = typeof response?.status === 'number' ? response.status : undefined;
  const retryAfter = response?.headers?.['retry-after'];
  return {
    status,
    retryAfter:
      typeof retryAfter === 'string' || typeof retryAfter === 'number'
        ? String(retryAfter)
        : undefined,
  };
}
