import { isCloudTokenError } from '@cloud-token/core';
import { EXIT_CODES, exitCodeOf } from './exit-codes.js';
import type { TerminalStyle } from './terminal-style.js';

/** Where each option of the core's factories comes from on the command line. */
const optionSources: Readonly<Record<string, string>> = {
  tokenUrl: '--token-url, CLOUD_TOKEN_URL or --sidecar',
  clientId: '--client-id or CLOUD_TOKEN_CLIENT_ID',
  clientSecret: 'CLOUD_TOKEN_CLIENT_SECRET, --client-secret-file or --client-secret-stdin',
  scope: '--scope or CLOUD_TOKEN_SCOPE',
  baseUrl: '--base-url or CLOUD_TOKEN_BASE_URL',
};

const outcomes: Readonly<Record<number, string>> = {
  [EXIT_CODES.rejected]: 'rejected',
  [EXIT_CODES.rateLimited]: 'rate limited',
  [EXIT_CODES.unreachable]: 'unreachable',
  [EXIT_CODES.usage]: 'usage',
  [EXIT_CODES.crash]: 'unexpected error',
};

/**
 * The one line a failed command writes on stderr: `cloud-token: <outcome>:
 * <what happened>`, the outcome matching the exit code. cloud-token's
 * errors are secret-free by construction; an option error also says which
 * flag or variable set the option. `extra` is appended (what the store
 * recorded, what to do next).
 */
export function errorLine(error: unknown, style: TerminalStyle, extra = ''): string {
  const outcome = outcomes[exitCodeOf(error)] ?? 'error';
  let message = error instanceof Error ? error.message : 'a value that is not an Error was thrown';
  if (exitCodeOf(error) === EXIT_CODES.crash && error instanceof Error) {
    message = `${error.name}: ${message}`;
  }
  if (isCloudTokenError(error, 'ERR_INVALID_OPTIONS')) {
    const from = optionSources[error.option];
    if (from !== undefined) message += ` (set by ${from})`;
  }
  const line = `${message}${extra}`.replace(/\s*[\r\n]+\s*/g, ' ');
  return `cloud-token: ${style.red(outcome)}: ${line}\n`;
}
