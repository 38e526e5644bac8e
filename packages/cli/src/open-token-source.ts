import {
  type ClientCredentialsGrant,
  clientCredentials,
  createTokenSource,
  type Logger,
  type TokenSource,
  type TokenSourceOptions,
} from '@cloud-token/core';
import { CommandLineError } from './command-line-error.js';
import { type Flags, hasFlag, STORE_KEY_ENV } from './flags.js';
import { jsonLineLogger } from './json-line-logger.js';
import { type OpenRedisStore, openRedisStore } from './open-redis-store.js';
import type { ParsedFlags } from './parse-flags.js';
import { readCredentials, settingOf, variableOf } from './read-config.js';
import type { CliIo } from './types.js';

/**
 * How long one token request, and one store call, of a one-shot command may
 * take by default (`--timeout`). The store's is longer than a token source's
 * default: a hundred `cloud-token` processes starting at once on a small
 * machine can wait seconds for the CPU, and a store call that timed out for
 * that reason would send a token request of its own.
 */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** The token source of one command, with what it was made of. */
export interface OpenTokenSource {
  readonly grant: ClientCredentialsGrant;
  readonly source: TokenSource;
  /** The Redis store, with `--redis`. */
  readonly redis: OpenRedisStore | undefined;
  /** Where the token comes from, for messages: `the sidecar` or `the token endpoint`. */
  readonly from: 'the sidecar' | 'the token endpoint';
  readonly logger: Logger | undefined;
  close(): Promise<void>;
}

/**
 * Makes the token source a command works with, from its flags and the
 * environment: the credentials (see `readCredentials`), `--redis` for a
 * fleet's shared store, `--sidecar` for a running `cloud-token serve`
 * (whose token facade then is the token URL), `--verbose` for the source's
 * log lines. `options` are the command's own token-source options.
 */
export async function openTokenSource(
  flags: Flags,
  parsed: ParsedFlags,
  io: CliIo,
  options: TokenSourceOptions = {},
): Promise<OpenTokenSource> {
  const sidecar = hasFlag(flags, 'sidecar')
    ? settingOf('sidecar', flags, parsed, io.env)
    : undefined;
  const redisUrl = settingOf('redis', flags, parsed, io.env);
  if (sidecar !== undefined && redisUrl !== undefined) {
    throw new CommandLineError(
      '--sidecar and --redis do not go together: the sidecar shares its token already',
    );
  }
  const credentials = await readCredentials(
    flags,
    parsed,
    io.env,
    io.stdin,
    sidecar === undefined ? undefined : sidecarTokenUrl(sidecar),
  );
  const grant = clientCredentials(credentials);
  const logger =
    parsed.values.verbose === true
      ? jsonLineLogger((line) => io.stderr.write(line), true)
      : undefined;
  const timeoutMs = readTimeout(settingOf('timeout', flags, parsed, io.env));
  const redis =
    redisUrl === undefined
      ? undefined
      : await openRedisStore(redisUrl, {
          logger,
          commandTimeoutMs: timeoutMs,
          encryptionKey: variableOf(io.env, STORE_KEY_ENV),
        });
  const source = createTokenSource(grant, {
    timeoutMs,
    ...(logger === undefined ? {} : { logger }),
    ...(redis === undefined ? {} : { store: redis.store, storeTimeoutMs: timeoutMs + 1_000 }),
    ...options,
  });
  return {
    grant,
    source,
    redis,
    from: sidecar === undefined ? 'the token endpoint' : 'the sidecar',
    logger,
    async close() {
      source.close();
      await redis?.close();
    },
  };
}

/** `--timeout SECONDS` in milliseconds; {@link DEFAULT_TIMEOUT_MS} without it. */
export function readTimeout(seconds: string | undefined): number {
  if (seconds === undefined) return DEFAULT_TIMEOUT_MS;
  if (!/^\d{1,6}$/.test(seconds) || Number(seconds) === 0) {
    throw new CommandLineError(
      '--timeout (or CLOUD_TOKEN_TIMEOUT) must be a whole number of seconds, 1 or more',
    );
  }
  return Number(seconds) * 1_000;
}

/** The token facade of the sidecar at `url`: `<url>/connect/token`. */
function sidecarTokenUrl(url: string): string {
  if (!URL.canParse(url)) {
    throw new CommandLineError(
      '--sidecar (or CLOUD_TOKEN_SIDECAR) must be a URL such as http://127.0.0.1:4020',
    );
  }
  const base = new URL(url);
  base.pathname = `${base.pathname.replace(/\/+$/, '')}/connect/token`;
  return base.href;
}

/**
 * Runs `work` with the command's token source and closes it afterwards,
 * whatever happens; when the store failed meanwhile, says so on stderr
 * (the token was then obtained without the fleet).
 */
export async function withTokenSource<T>(
  opened: OpenTokenSource,
  io: CliIo,
  work: (opened: OpenTokenSource) => Promise<T>,
): Promise<T> {
  try {
    return await work(opened);
  } finally {
    if (opened.redis !== undefined && opened.source.status?.().store === 'fallback') {
      io.stderr.write(
        `cloud-token: warning: Redis at ${opened.redis.address} did not answer; this process worked without it\n`,
      );
    }
    await opened.close();
  }
}
