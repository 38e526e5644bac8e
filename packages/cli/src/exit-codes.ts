import { isCloudTokenError } from '@cloud-token/core';
import { CommandLineError } from './command-line-error.js';
import { StoreUnreachableError } from './store-unreachable-error.js';

/**
 * The exit codes of `cloud-token`, one per outcome. `1` is left to a crash
 * (a bug), so a script can tell "the credentials are wrong" from "the tool broke".
 *
 * | code | meaning |
 * | --- | --- |
 * | 0 | done: a token was obtained, the credentials are good, the guard was read or cleared |
 * | 1 | a crash: an unexpected error (please report it) |
 * | 2 | rejected: the token endpoint refused the credentials (`invalid_client`, …), now or as recorded in the store |
 * | 3 | rate limited: a cooldown is in force (the cloud's 429, or the failure budget after failed token requests); retry after the time shown |
 * | 4 | unreachable: the token endpoint, the sidecar or Redis could not be reached or answered wrongly |
 * | 64 | usage: a wrong flag, a missing setting, a refused `--client-secret` |
 *
 * @example
 * ```ts
 * import { EXIT_CODES } from '@cloud-token/cli';
 *
 * const { status } = spawnSync('cloud-token', ['check']);
 * if (status === EXIT_CODES.rejected) console.log('fix the client secret');
 * ```
 */
export const EXIT_CODES = Object.freeze({
  ok: 0,
  crash: 1,
  rejected: 2,
  rateLimited: 3,
  unreachable: 4,
  usage: 64,
} as const);

/**
 * One of {@link EXIT_CODES}' values.
 *
 * @example
 * ```ts
 * import { EXIT_CODES, type ExitCode } from '@cloud-token/cli';
 *
 * const retryable: readonly ExitCode[] = [EXIT_CODES.rateLimited, EXIT_CODES.unreachable];
 * ```
 */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** The exit code that says what went wrong with `error`; {@link EXIT_CODES}.crash for anything unexpected. */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CommandLineError) return EXIT_CODES.usage;
  if (error instanceof StoreUnreachableError) return EXIT_CODES.unreachable;
  if (!isCloudTokenError(error)) return EXIT_CODES.crash;
  switch (error.code) {
    case 'ERR_INVALID_OPTIONS':
      return EXIT_CODES.usage;
    case 'ERR_CREDENTIALS_REJECTED':
      return EXIT_CODES.rejected;
    case 'ERR_RATE_LIMITED':
      return EXIT_CODES.rateLimited;
    case 'ERR_TOKEN_REQUEST':
      // The failure budget is spent: a cooldown, like a 429's.
      return (error as { reason?: string }).reason === 'budget'
        ? EXIT_CODES.rateLimited
        : EXIT_CODES.unreachable;
    case 'ERR_TOKEN_RESPONSE':
    case 'ERR_API_REQUEST':
      return EXIT_CODES.unreachable;
    default:
      return EXIT_CODES.crash;
  }
}
