import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { send } from './http-io.js';

/** One field of a request that the control plane could not use. */
export interface InvalidParam {
  /** The JSON field, e.g. `status`; `body` for the body as a whole. */
  name: string;
  reason: string;
}

/** An RFC 9457 problem, as the control plane answers its errors. */
export interface Problem {
  /** The problem's kind, appended to `urn:cloud-token:emulator:problem:`. */
  kind: string;
  title: string;
  status: number;
  detail: string;
  invalidParams?: InvalidParam[];
}

/**
 * Answers an RFC 9457 `application/problem+json` document, with `nosniff`:
 * a detail may echo the request's path, and no browser may take it for HTML.
 */
export function sendProblem(
  response: ServerResponse,
  problem: Problem,
  headers: OutgoingHttpHeaders = {},
): void {
  const body = {
    type: `urn:cloud-token:emulator:problem:${problem.kind}`,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    ...(problem.invalidParams === undefined ? {} : { 'invalid-params': problem.invalidParams }),
  };
  send(
    response,
    problem.status,
    {
      'content-type': 'application/problem+json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...headers,
    },
    JSON.stringify(body),
  );
}

/** The problem for one bad field. */
export function invalidField(name: string, reason: string): Problem {
  return {
    kind: 'invalid-field',
    title: 'A field of the request is invalid',
    status: 400,
    detail: `${name}: ${reason}`,
    invalidParams: [{ name, reason }],
  };
}
