import { type CloudTokenErrorCode, isCloudTokenError } from '../shared/errors.js';
import { safeLogger } from '../shared/safe-logger.js';
import type { Logger } from '../types.js';
import { isClientDisconnect } from './client-disconnect.js';
import { type ErrorHandlerOptions, resolveErrorHandlerOptions } from './error-handler-options.js';
import { type ProblemAnswer, toProblemDetails } from './problem-details.js';

/**
 * What a server adapter's error handler does with one error (see
 * {@link createErrorAnswers}): the problem to send, `'client-left'` when
 * nobody waits for an answer, or `undefined` for an error that is not
 * cloud-token's (the framework's own handler gets it).
 *
 * @example
 * ```ts
 * const answerOf: ErrorAnswers = createErrorAnswers();
 * const answer = answerOf(error, request.log);
 * ```
 */
export type ErrorAnswers = (
  error: unknown,
  logger?: Logger,
) => ProblemAnswer | 'client-left' | undefined;

/** Errors that stay until someone changes the service: its configuration, credentials or token URL. */
const needsOperator: ReadonlySet<CloudTokenErrorCode> = new Set<CloudTokenErrorCode>([
  'ERR_USAGE',
  'ERR_INVALID_OPTIONS',
  'ERR_CREDENTIALS_REJECTED',
  'ERR_TOKEN_RESPONSE',
]);

/** Causes remembered; beyond them a new cause is logged every time rather than forgotten. */
const MAX_CAUSES = 100;

/**
 * The decisions of every server adapter's error handler, in one place. For
 * each error: a client that disconnected is `'client-left'` (logged at
 * `debug`: nobody is left to answer); a cloud-token error is the core's
 * client-safe problem answer (`toProblemDetails`), logged; anything else is
 * `undefined`. The log goes to the options' `logger`, else to the one of the
 * call (the framework's logger of the request), so a service says what is
 * wrong without any option: a misconfiguration (`ERR_USAGE`,
 * `ERR_INVALID_OPTIONS`), refused credentials (`ERR_CREDENTIALS_REJECTED`) or
 * a token URL answering something else (`ERR_TOKEN_RESPONSE`) at `error`
 * once per cause (code and message), then at `debug`; a passing condition of
 * the cloud (rate limited, unreachable) at `info` with each answer. Fields
 * are the error's `toJSON()`: no secret, no token. Options are checked here.
 *
 * @example
 * ```ts
 * import { createErrorAnswers, sendProblem } from '@cloud-token/core/node';
 *
 * const answerOf = createErrorAnswers({ problemType: (code) => `https://example.com/problems/${code}` });
 * function onError(error: unknown, res: ServerResponse): void {
 *   const answer = answerOf(error, console);
 *   if (answer === undefined) throw error;
 *   if (answer !== 'client-left' && !res.headersSent) sendProblem(res, answer);
 * }
 * ```
 */
export function createErrorAnswers(options?: ErrorHandlerOptions): ErrorAnswers {
  const settings = resolveErrorHandlerOptions(options);
  const seen = new Set<string>();
  return (error, logger) => {
    const log = safeLogger(settings.logger ?? logger);
    if (isClientDisconnect(error)) {
      log.debug('cloud-token call aborted: the client disconnected');
      return 'client-left';
    }
    const answer = toProblemDetails(error, settings);
    if (answer === undefined || !isCloudTokenError(error)) return undefined;
    const fields = error.toJSON();
    const cause = `${error.code} ${error.message}`;
    if (!needsOperator.has(error.code)) {
      log.info('cloud-token error answered as problem details', fields);
    } else if (seen.has(cause)) {
      log.debug('cloud-token error answered as problem details (logged before)', fields);
    } else {
      if (seen.size < MAX_CAUSES) seen.add(cause);
      log.error(
        'cloud-token: this service cannot call the cloud until its configuration or credentials change (logged once per cause)',
        fields,
      );
    }
    return answer;
  };
}
