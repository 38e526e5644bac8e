import { once } from 'node:events';
import { CommandLineError } from '../command-line-error.js';
import { EXIT_CODES } from '../exit-codes.js';
import { baseUrlFlag, credentialFlags, type Flags, helpFlag, STORE_KEY_ENV } from '../flags.js';
import { jsonLineLogger } from '../json-line-logger.js';
import { type OpenRedisStore, openRedisStore } from '../open-redis-store.js';
import { readTimeout } from '../open-token-source.js';
import type { ParsedFlags } from '../parse-flags.js';
import { readCredentials, readSecretFile, settingOf, variableOf } from '../read-config.js';
import type { SidecarOptions, SidecarOwnOptions } from '../sidecar/sidecar-options.js';
import { type Sidecar, startSidecar } from '../sidecar/start-sidecar.js';
import type { CliIo, Command } from '../types.js';

/** How long one Redis call of the sidecar may take, without --timeout, before its token source goes on without Redis. */
const SIDECAR_REDIS_TIMEOUT_MS = 1_000;

const serveFlags: Flags = {
  ...credentialFlags,
  ...baseUrlFlag,
  port: {
    type: 'string',
    value: 'PORT',
    env: 'CLOUD_TOKEN_SIDECAR_PORT',
    help: 'the port to listen on (default 4020; 0 picks a free one)',
  },
  host: { type: 'string', value: 'ADDRESS', help: 'the address to listen on (default 127.0.0.1)' },
  socket: { type: 'string', value: 'PATH', help: 'listen on a Unix socket instead (owner-only)' },
  'allow-remote': {
    type: 'boolean',
    help: 'allow a --host other than loopback (needs a local client secret)',
  },
  'local-client-id': {
    type: 'string',
    value: 'ID',
    env: 'CLOUD_TOKEN_LOCAL_CLIENT_ID',
    help: 'the client id local clients use (default: --client-id)',
  },
  'local-client-secret-file': {
    type: 'string',
    value: 'PATH',
    help: "a secret for local clients, so they never hold the cloud's (else CLOUD_TOKEN_LOCAL_CLIENT_SECRET)",
  },
  'drain-timeout': {
    type: 'string',
    value: 'SECONDS',
    help: 'how long SIGTERM waits for calls in flight (default 30)',
  },
  ...helpFlag,
};

/**
 * `cloud-token serve`: the local sidecar (see `startSidecar`), with JSON
 * log lines on stderr; SIGTERM or SIGINT drains the calls in flight and
 * exits 0, a second one exits at once.
 */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the local sidecar: an API proxy and a token facade for any process',
  usage: ['cloud-token serve [--port PORT | --socket PATH] [flags]'],
  description: [
    'Holds one token for the credentials and shares it with local processes in any language:',
    '  POST /connect/token, /v{version}/{product}/connect/token   the shared token, for local',
    '      clients with the configured credentials (or a separate local pair); a wrong secret',
    '      gets 401 invalid_client and never reaches the cloud',
    '  any other path   the API proxy to --base-url: the token added, a 401 renewed and',
    '      replayed once, a short 429/503 waited out, bodies streamed both ways',
    '  GET /healthz, /readyz, /metrics   liveness, readiness, Prometheus metrics',
    'It listens on 127.0.0.1 and answers only requests whose Host names this machine, unless a',
    'local client secret is set. With --redis, sidecars on many hosts share one token and one',
    'guard. Logs are JSON lines on stderr. SIGTERM drains calls in flight, a second exits at once.',
  ].join('\n'),
  flags: serveFlags,
  examples: [
    'cloud-token serve --preset aspose --port 4020',
    'curl http://127.0.0.1:4020/v4.0/words/doc.docx/statistics',
    'cloud-token serve --socket /run/cloud-token.sock --redis redis://10.0.0.5:6379',
  ],
  async run(parsed, io) {
    const logger = jsonLineLogger((line) => io.stderr.write(line), parsed.values.verbose === true);
    const options = await sidecarOptions(parsed, io);
    const timeout = settingOf('timeout', serveFlags, parsed, io.env);
    const redisUrl = settingOf('redis', serveFlags, parsed, io.env);
    const redis: OpenRedisStore | undefined =
      redisUrl === undefined
        ? undefined
        : await openRedisStore(redisUrl, {
            logger,
            commandTimeoutMs:
              timeout === undefined ? SIDECAR_REDIS_TIMEOUT_MS : readTimeout(timeout),
            encryptionKey: variableOf(io.env, STORE_KEY_ENV),
          });
    let sidecar: Sidecar;
    try {
      sidecar = await startSidecar({
        ...options,
        logger,
        ...(redis === undefined ? {} : { store: redis.store }),
      }).catch((error: unknown) => {
        const code = (error as { code?: unknown }).code;
        if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
          throw new CommandLineError(
            `cannot listen there (${code}); choose another --port, --host or --socket`,
          );
        }
        throw error;
      });
    } catch (error) {
      await redis?.close();
      throw error;
    }
    await untilSignalled(sidecar, logger);
    await redis?.close();
    logger.info('sidecar stopped');
    return EXIT_CODES.ok;
  },
};

/** What the command line says, for the table below. */
interface CommandLine {
  /** A flag's value, else its environment variable's. */
  setting(name: string): string | undefined;
  readonly parsed: ParsedFlags;
  readonly env: CliIo['env'];
}

/**
 * How `cloud-token serve` sets each of the sidecar's own options from its
 * flags and the environment (`undefined`: the option's default). An option
 * added to `SidecarOptions` and forgotten here is a compile error; the
 * object made from it is read by `startSidecar()`'s schema.
 */
const sidecarFromCommandLine: {
  readonly [K in keyof SidecarOwnOptions]-?: (
    line: CommandLine,
  ) => SidecarOwnOptions[K] | Promise<SidecarOwnOptions[K]>;
} = {
  host: ({ setting }) => setting('host'),
  port: ({ setting }) =>
    setting('socket') === undefined ? wholeNumber(setting('port') ?? '4020', '--port') : undefined,
  socket: ({ setting }) => setting('socket'),
  allowRemote: ({ parsed }) => parsed.values['allow-remote'] === true,
  localClientId: ({ setting }) => setting('local-client-id'),
  localClientSecret: ({ setting, env }) => {
    const file = setting('local-client-secret-file');
    return file === undefined
      ? variableOf(env, 'CLOUD_TOKEN_LOCAL_CLIENT_SECRET')
      : readSecretFile(file, '--local-client-secret-file');
  },
  drainTimeoutMs: ({ setting }) => {
    const drain = setting('drain-timeout');
    return drain === undefined ? undefined : wholeNumber(drain, '--drain-timeout') * 1_000;
  },
};

async function sidecarOptions(parsed: ParsedFlags, io: CliIo): Promise<SidecarOptions> {
  const credentials = await readCredentials(serveFlags, parsed, io.env, io.stdin);
  const setting = (name: string) => settingOf(name, serveFlags, parsed, io.env);
  if (
    setting('socket') !== undefined &&
    (setting('port') !== undefined || setting('host') !== undefined)
  ) {
    throw new CommandLineError(
      '--socket listens instead of --host and --port: give one or the other',
    );
  }
  const line: CommandLine = { setting, parsed, env: io.env };
  const own = await Promise.all(
    Object.entries(sidecarFromCommandLine).map(async ([key, read]) => [key, await read(line)]),
  );
  return {
    ...credentials,
    ...Object.fromEntries(own.filter(([, value]) => value !== undefined)),
  };
}

function wholeNumber(text: string, flag: string): number {
  if (!/^\d{1,9}$/.test(text)) throw new CommandLineError(`${flag} must be a whole number`);
  return Number(text);
}

/**
 * Resolves once the sidecar has drained after SIGTERM or SIGINT; a second
 * signal meanwhile exits the process at once (128 + the signal's number).
 */
async function untilSignalled(
  sidecar: Sidecar,
  logger: ReturnType<typeof jsonLineLogger>,
): Promise<void> {
  const signal = await Promise.race([
    once(process, 'SIGTERM').then(() => 'SIGTERM' as const),
    once(process, 'SIGINT').then(() => 'SIGINT' as const),
  ]);
  const exitAtOnce = (second: NodeJS.Signals) => {
    logger.warn('second signal: exiting without waiting for calls in flight', { signal: second });
    process.exit(128 + (second === 'SIGINT' ? 2 : 15));
  };
  process.once('SIGTERM', () => exitAtOnce('SIGTERM'));
  process.once('SIGINT', () => exitAtOnce('SIGINT'));
  logger.info('draining: no new connections, waiting for calls in flight', { signal });
  await sidecar.close();
}
