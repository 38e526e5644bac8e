import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { sendJson } from './http-io.js';

/** RFC 6749 §5.1: token endpoint answers must not be cached. */
const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** Any JSON answer of the token endpoint. */
export function sendTokenJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  sendJson(response, status, body, { ...noStore, ...headers });
}

/** An RFC 6749 §5.2 error answer. */
export function sendOAuthError(
  response: ServerResponse,
  status: number,
  error: string,
  description?: string,
  headers: OutgoingHttpHeaders = {},
): void {
  sendTokenJson(response, status, { error, error_description: description }, headers);
}

/** 429, with `Retry-After` when there is one. */
export function sendRateLimited(response: ServerResponse, retryAfter: string | undefined): void {
  sendOAuthError(
    response,
    429,
    'too_many_requests',
    'Too many requests; retry later',
    retryAfter === undefined ? {} : { 'retry-after': retryAfter },
  );
}
