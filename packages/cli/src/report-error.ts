import { isCloudTokenError } from '@cloud-token/core';
import { EXIT_CODES, exitCodeOf } from './exit-codes.js';
import type { SidecarOptions } from './sidecar/sidecar-options.js';
import type { TerminalStyle } from './terminal-style.js';

/**
 * Where each option the command line gives the core comes from (all of
 * them are `startSidecar()`'s: the credentials', the token source's and the
 * sidecar's own), or `null` when no flag or variable sets it. An option
 * added to `SidecarOptions` and forgotten here is a compile error.
 */
const optionSources: { readonly [K in keyof SidecarOptions]-?: string | null } = {
  tokenUrl: '--token-url, CLOUD_TOKEN_URL, --preset or --sidecar',
  clientId: '--client-id or CLOUD_TOKEN_CLIENT_ID',
  clientSecret: 'CLOUD_TOKEN_CLIENT_SECRET, --client-secret-file or --client-secret-stdin',
  scope: '--scope or CLOUD_TOKEN_SCOPE',
  resource: null,
  authMethod: null,
  allowInsecureHttp: null,
  baseUrl: '--base-url, CLOUD_TOKEN_BASE_URL or --preset',
  fetch: null,
  clock: null,
  logger: '--verbose',
  random: null,
  timeoutMs: '--timeout or CLOUD_TOKEN_TIMEOUT',
  renewal: null,
  unusable: null,
  retry: null,
  failureBudget: null,
  rejectionCooldownMs: null,
  rateLimit: null,
  store: '--redis or CLOUD_TOKEN_REDIS_URL',
  storeTimeoutMs: '--timeout or CLOUD_TOKEN_TIMEOUT',
  keepWarm: null,
  onTokenRenewed: null,
  onError: null,
  host: '--host',
  port: '--port or CLOUD_TOKEN_SIDECAR_PORT',
  socket: '--socket',
  allowRemote: '--allow-remote',
  localClientId: '--local-client-id or CLOUD_TOKEN_LOCAL_CLIENT_ID',
  localClientSecret: 'CLOUD_TOKEN_LOCAL_CLIENT_SECRET or --local-client-secret-file',
  drainTimeoutMs: '--drain-timeout',
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
    const option = error.option.split('.')[0] ?? '';
    const from = Object.hasOwn(optionSources, option)
      ? optionSources[option as keyof SidecarOptions]
      : null;
    if (from !== null) message += ` (set by ${from})`;
  }
  const line = `${message}${extra}`.replace(/\s*[\r\n]+\s*/g, ' ');
  return `cloud-token: ${style.red(outcome)}: ${line}\n`;
}
