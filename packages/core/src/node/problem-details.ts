import { STATUS_CODES } from 'node:http';
import { type CloudTokenErrorCode, isCloudTokenError } from '../shared/errors.js';
import { functionRule } from '../shared/option-rules.js';
import { optionsSchema } from '../shared/options-schema.js';

/**
 * An RFC 9457 problem: the body of a client-safe error answer.
 *
 * @example
 * ```ts
 * const problem: ProblemDetails = {
 *   type: 'about:blank',
 *   title: 'Service Unavailable',
 *   status: 503,
 *   detail: 'The cloud API is rate limiting this service; try again after the Retry-After delay.',
 *   code: 'ERR_RATE_LIMITED',
 * };
 * ```
 */
export interface ProblemDetails {
  /** A URI naming the kind of problem; `about:blank` by default. */
  readonly type: string;
  /** A short summary: the HTTP status phrase, or the kind of failure with your own `type`s. */
  readonly title: string;
  /** The HTTP status of the answer. */
  readonly status: number;
  /** A fixed, client-safe sentence: never an operator message, a secret or a token. */
  readonly detail: string;
  /** The cloud-token error code, when the problem is one. */
  readonly code?: CloudTokenErrorCode;
}

/**
 * Options of {@link toProblemDetails}.
 *
 * @example
 * ```ts
 * const options: ProblemDetailsOptions = {
 *   problemType: (code) => `https://docs.example.com/problems/${code.toLowerCase()}`,
 * };
 * ```
 */
export interface ProblemDetailsOptions {
  /**
   * The RFC 9457 `type` URI of each error code. Default: `about:blank`, with
   * the HTTP status phrase as `title`; with your own types, `title` names the
   * kind of failure.
   */
  problemType?: (code: CloudTokenErrorCode) => string;
}

/**
 * The schema of {@link ProblemDetailsOptions}; the error handlers' options
 * spread its `rules`.
 *
 * @example
 * ```ts
 * const { problemType } = problemDetailsSchema.read(options);
 * ```
 */
export const problemDetailsSchema = optionsSchema<ProblemDetailsOptions>()({
  problemType: functionRule<ProblemDetailsOptions['problemType']>(undefined),
});

/**
 * A complete answer: status, headers (`content-type`, `retry-after` when the
 * wait is known) and the problem to send as JSON.
 *
 * @example
 * ```ts
 * const answer: ProblemAnswer | undefined = toProblemDetails(error);
 * if (answer) res.writeHead(answer.status, answer.headers).end(JSON.stringify(answer.body));
 * ```
 */
export interface ProblemAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: ProblemDetails;
}

/** What a client of the application may learn about each failure: nothing secret, nothing internal. */
const problems: Record<CloudTokenErrorCode, { title: string; detail: string }> = {
  ERR_RATE_LIMITED: {
    title: 'Cloud API rate limited',
    detail: 'The cloud API is rate limiting this service; try again after the Retry-After delay.',
  },
  ERR_TOKEN_REQUEST: {
    title: 'Cloud API token unavailable',
    detail: 'This service could not obtain an access token for the cloud API.',
  },
  ERR_API_REQUEST: {
    title: 'Cloud API unreachable',
    detail: 'This service could not reach the cloud API.',
  },
  ERR_TOKEN_RESPONSE: {
    title: 'Cloud API answered wrongly',
    detail: "The cloud API's token endpoint gave an unusable answer.",
  },
  ERR_CREDENTIALS_REJECTED: {
    title: 'Cloud API credentials rejected',
    detail: "The cloud API rejected this service's credentials.",
  },
  ERR_INVALID_OPTIONS: {
    title: 'Service misconfigured',
    detail: 'This service is misconfigured for the cloud API.',
  },
  ERR_USAGE: {
    title: 'Service misconfigured',
    detail: 'This service is misconfigured for the cloud API.',
  },
};

// A newer copy of the core (ESM next to CJS) may raise a code this table does not know yet.
const unknownProblem = { title: 'Cloud API failure', detail: 'A call to the cloud API failed.' };

/** The media type of every problem answer. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/**
 * The client-safe RFC 9457 answer to a cloud-token error: its status (502,
 * 503, 500), its headers (`Retry-After` when the wait is known) and a
 * problem whose `detail` is a fixed sentence per code, never the operator
 * message, a secret or a token. `undefined` for any other error, which the
 * framework's own handler should get. Every adapter's error handler (and the
 * NestJS filter) answers through this one table.
 *
 * @example
 * ```ts
 * import { toProblemDetails } from '@cloud-token/core/node';
 *
 * const answer = toProblemDetails(error);
 * if (answer === undefined) throw error;
 * response.writeHead(answer.status, answer.headers).end(JSON.stringify(answer.body));
 * // → 503 Retry-After: 120, { "type": "about:blank", "title": "Service Unavailable", … }
 * ```
 */
export function toProblemDetails(
  error: unknown,
  options?: ProblemDetailsOptions,
): ProblemAnswer | undefined {
  if (!isCloudTokenError(error)) return undefined;
  // The error handlers pass what they read at creation, which the schema does not read again.
  const { problemType } = problemDetailsSchema.read(options);
  const { title, detail } = problems[error.code] ?? unknownProblem;
  const body: ProblemDetails =
    problemType === undefined
      ? {
          type: 'about:blank',
          title: STATUS_CODES[error.status] ?? title,
          status: error.status,
          detail,
          code: error.code,
        }
      : { type: problemType(error.code), title, status: error.status, detail, code: error.code };
  return {
    status: error.status,
    headers: { ...error.headers, 'content-type': PROBLEM_CONTENT_TYPE },
    body,
  };
}
