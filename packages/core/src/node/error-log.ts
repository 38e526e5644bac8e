import type { CloudTokenError, CloudTokenErrorCode } from '../shared/errors.js';
import { safeLogger } from '../shared/safe-logger.js';
import type { Logger } from '../types.js';

/**
 * Logs one cloud-token error that an adapter answered (see
 * {@link createErrorLog}) to `logger`, the framework's logger of the
 * request; nothing when `logger` is `undefined`.
 *
 * @example
 * ```ts
 * const logError: ErrorLog = createErrorLog();
 * logError(error, request.log);
 * ```
 */
export type ErrorLog = (error: CloudTokenError, logger: Logger | undefined) => void;

/** Errors that stay until someone changes the service: its configuration, its credentials, its token URL. */
const needsOperator: ReadonlySet<CloudTokenErrorCode> = new Set<CloudTokenErrorCode>([
  'ERR_USAGE',
  'ERR_INVALID_OPTIONS',
  'ERR_CREDENTIALS_REJECTED',
  'ERR_TOKEN_RESPONSE',
]);

/** Causes remembered; beyond them a new cause is logged every time rather than forgotten. */
const MAX_CAUSES = 100;

/**
 * The log of the errors a server adapter answers, the same in every adapter,
 * so that a service says what is wrong in its log without any option. A
 * misconfigured service (`ERR_USAGE`, `ERR_INVALID_OPTIONS`), refused
 * credentials (`ERR_CREDENTIALS_REJECTED`) or a token URL that answers
 * something else (`ERR_TOKEN_RESPONSE`) is logged at `error` once per cause
 * (its code and message), then at `debug`: it fails every request until
 * someone acts, and one line says so. A passing condition of the cloud (rate
 * limited, unreachable) is logged at `info` with each answer, as a framework
 * logs the answers it sends. The fields are the error's `toJSON()`: no
 * secret, no token.
 *
 * @example
 * ```ts
 * import { createErrorLog } from '@cloud-token/core/node';
 *
 * const logError = createErrorLog(); // one per error handler
 * app.setErrorHandler((error, request, reply) => {
 *   if (isCloudTokenError(error)) logError(error, request.log);
 *   // … answer it
 * });
 * ```
 */
export function createErrorLog(): ErrorLog {
  const seen = new Set<string>();
  return (error, logger) => {
    if (logger === undefined) return;
    const log = safeLogger(logger);
    const fields = error.toJSON();
    if (!needsOperator.has(error.code)) {
      log.info('cloud-token error answered as problem details', fields);
      return;
    }
    const cause = `${error.code} ${error.message}`;
    if (seen.has(cause)) {
      log.debug('cloud-token error answered as problem details (logged before)', fields);
      return;
    }
    if (seen.size < MAX_CAUSES) seen.add(cause);
    log.error(
      'cloud-token: this service cannot call the cloud until its configuration or credentials change (logged once per cause)',
      fields,
    );
  };
}
