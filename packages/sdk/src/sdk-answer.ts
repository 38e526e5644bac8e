import type { CallAnswer } from '@cloud-token/core/adapter';

interface ErrorShape {
  response?: { statusCode?: unknown; status?: unknown; headers?: unknown; header?: unknown };
  status?: unknown;
  code?: unknown;
}

function isHttpStatus(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 599;
}

function retryAfterOf(headers: unknown): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const value = (headers as Record<string, unknown>)['retry-after'];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The HTTP answer an SDK's rejection describes, as the call policy reads it:
 * Words rejects with `{ response, body }` (a `request` response), PDF with
 * superagent's error (`status`, `response.headers`), Cells, Conversion and
 * Viewer with `{ message, code }`, where `code` is the status and the
 * headers — `Retry-After` among them — are gone. `undefined` when the
 * rejection names no HTTP status (a network error, the SDK's own
 * `Error("Authorization failed")`).
 */
export function sdkAnswerOf(error: unknown): CallAnswer | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { response, status, code } = error as ErrorShape;
  const answer = typeof response === 'object' && response !== null ? response : undefined;
  const found = [answer?.statusCode, answer?.status, status, code].find(isHttpStatus);
  if (found === undefined) return undefined;
  return {
    status: found,
    retryAfter: retryAfterOf(answer?.headers) ?? retryAfterOf(answer?.header),
  };
}
