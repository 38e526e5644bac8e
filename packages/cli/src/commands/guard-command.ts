import { createInterface } from 'node:readline/promises';
import { type ClientCredentialsGrant, clientCredentials, systemClock } from '@cloud-token/core';
import {
  type GuardState,
  readGuardState,
  type StoreSnapshot,
  shortStoreKey,
} from '@cloud-token/core/store';
import type { RedisLockHolder } from '@cloud-token/redis';
import { CommandLineError } from '../command-line-error.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { credentialFlags, helpFlag, jsonFlag, STORE_KEY_ENV } from '../flags.js';
import { formatRows } from '../format-rows.js';
import { formatDuration, formatMoment } from '../format-time.js';
import { jsonLineLogger } from '../json-line-logger.js';
import { type OpenRedisStore, openRedisStore } from '../open-redis-store.js';
import { readTimeout } from '../open-token-source.js';
import type { ParsedFlags } from '../parse-flags.js';
import { readCredentials, settingOf, variableOf } from '../read-config.js';
import { StoreUnreachableError } from '../store-unreachable-error.js';
import { terminalStyle } from '../terminal-style.js';
import type { CliIo, Command } from '../types.js';

/**
 * `cloud-token guard status|clear --redis URL`: a fleet's shared state for
 * one credential (rejection, cooldown, failure budget, lock holder, token
 * expiry; never the token), and the documented way to clear a recorded
 * rejection once its cause is fixed.
 */
export const guardCommand: Command = {
  name: 'guard',
  summary: "show or clear a fleet's endpoint guard for these credentials (--redis)",
  usage: [
    'cloud-token guard status [--json] --redis URL [flags]',
    'cloud-token guard clear [--yes] --redis URL [flags]',
  ],
  description: [
    "status: shows what the fleet's Redis records for these credentials: whether token requests",
    'are refused and why (a rejection, a 429 cooldown, a spent failure budget) and until when,',
    "the failure budget, who holds the renewal lock, and the stored token's expiry (never the",
    'token). It sends no token request.',
    'clear: forgets the rejection, the cooldown and the failure budget, after asking (--yes in',
    'scripts). Use it once the cause of a rejection is fixed (a client id that was still being',
    'registered, a secret mid-rotation). Processes started afterwards request a token again;',
    'running ones keep what they read until they restart.',
    `The credentials pick the record (its key is derived from them). Tokens encrypted at rest`,
    `are read with ${STORE_KEY_ENV}.`,
  ].join('\n'),
  flags: {
    ...credentialFlags,
    ...jsonFlag,
    yes: { type: 'boolean', help: 'clear without asking' },
    ...helpFlag,
  },
  examples: [
    'cloud-token guard status --redis redis://127.0.0.1:6379',
    'cloud-token guard clear --yes --redis redis://127.0.0.1:6379',
  ],
  async run(parsed, io) {
    const [action, ...rest] = parsed.positionals;
    if ((action !== 'status' && action !== 'clear') || rest.length > 0) {
      throw new CommandLineError('say what to do: cloud-token guard status|clear');
    }
    if (action === 'status' && parsed.values.yes === true) {
      throw new CommandLineError('--yes goes with guard clear');
    }
    const redisUrl = settingOf('redis', this.flags, parsed, io.env);
    if (redisUrl === undefined) {
      throw new CommandLineError(
        "guard needs --redis URL (or CLOUD_TOKEN_REDIS_URL): the guard it shows is a fleet's",
      );
    }
    const grant = clientCredentials(await readCredentials(this.flags, parsed, io.env, io.stdin));
    const redis = await openRedisStore(redisUrl, {
      logger:
        parsed.values.verbose === true
          ? jsonLineLogger((line) => io.stderr.write(line), true)
          : undefined,
      commandTimeoutMs: readTimeout(settingOf('timeout', this.flags, parsed, io.env)),
      encryptionKey: variableOf(io.env, STORE_KEY_ENV),
    });
    try {
      const view = await readFleetState(redis, grant);
      if (action === 'status') {
        io.stdout.write(
          parsed.values.json === true
            ? `${JSON.stringify(toJson(view), null, 2)}\n`
            : `${formatView(view)}\n`,
        );
        return EXIT_CODES.ok;
      }
      return await clear(redis, view, parsed, io);
    } finally {
      await redis.close();
    }
  },
};

/** What the fleet's Redis holds for one credential, read at one moment. */
interface FleetState {
  readonly grant: ClientCredentialsGrant;
  readonly snapshot: StoreSnapshot;
  readonly state: GuardState;
  readonly lock: RedisLockHolder | undefined;
  readonly now: number;
}

async function readFleetState(
  redis: OpenRedisStore,
  grant: ClientCredentialsGrant,
): Promise<FleetState> {
  try {
    const [snapshot, lock] = await Promise.all([
      redis.store.read(grant.storeKey),
      redis.store.readLock(grant.storeKey),
    ]);
    return { grant, snapshot, state: readGuardState(snapshot.guard), lock, now: systemClock.now() };
  } catch {
    throw new StoreUnreachableError(`Redis at ${redis.address} could not be read`);
  }
}

function formatView({ grant, snapshot, state, lock, now }: FleetState): string {
  const { cooldown, rejection, rateLimitedUntil, failures } = state;
  const reasons = {
    rejected: 'rejected',
    'rate-limited': 'rate limited',
    'failure-budget': 'failure budget spent',
  };
  const rejectionText =
    rejection === undefined
      ? 'none'
      : `${rejection.oauthError}${rejection.upstreamStatus === undefined ? '' : ` (HTTP ${rejection.upstreamStatus})`}` +
        `${rejection.description === undefined ? '' : `: ${rejection.description}`}, until ${formatMoment(rejection.until, now)}`;
  return formatRows([
    ['credentials', `${grant.label} (store key ${shortStoreKey(grant.storeKey)})`],
    [
      'token requests',
      cooldown === undefined
        ? 'allowed'
        : `refused: ${reasons[cooldown.reason]} until ${formatMoment(cooldown.until, now)}`,
    ],
    ['rejection', rejectionText],
    [
      'rate limit',
      rateLimitedUntil === undefined
        ? 'none'
        : `429 cooldown until ${formatMoment(rateLimitedUntil, now)}`,
    ],
    [
      'failure budget',
      `${failures.recent} of ${failures.max} failed token requests in the last ${formatDuration(failures.windowMs)}`,
    ],
    [
      'renewal lock',
      lock === undefined
        ? 'free'
        : `held by ${lock.owner.slice(0, 12)} for ${formatDuration(lock.expiresInMs)} more`,
    ],
    [
      'token',
      snapshot.token === undefined
        ? 'none stored'
        : `expires ${formatMoment(snapshot.token.expiresAt, now)}`,
    ],
  ]);
}

function toJson({ grant, snapshot, state, lock }: FleetState): Record<string, unknown> {
  const iso = (at: number | undefined) => (at === undefined ? null : new Date(at).toISOString());
  return {
    credentials: grant.label,
    storeKey: shortStoreKey(grant.storeKey),
    refused:
      state.cooldown === undefined
        ? null
        : { reason: state.cooldown.reason, until: iso(state.cooldown.until) },
    rejection:
      state.rejection === undefined
        ? null
        : {
            oauthError: state.rejection.oauthError,
            description: state.rejection.description ?? null,
            upstreamStatus: state.rejection.upstreamStatus ?? null,
            until: iso(state.rejection.until),
          },
    rateLimitedUntil: iso(state.rateLimitedUntil),
    failures: state.failures,
    lock: lock === undefined ? null : { owner: lock.owner, expiresInMs: lock.expiresInMs },
    token: snapshot.token === undefined ? null : { expiresOn: iso(snapshot.token.expiresAt) },
  };
}

async function clear(
  redis: OpenRedisStore,
  view: FleetState,
  parsed: ParsedFlags,
  io: CliIo,
): Promise<ExitCode> {
  io.stdout.write(`${formatView(view)}\n`);
  if (parsed.values.yes !== true) {
    if (io.stdin.isTTY !== true || parsed.values['client-secret-stdin'] === true) {
      throw new CommandLineError('guard clear asks before it clears; in a script, pass --yes');
    }
    const prompt = createInterface({ input: io.stdin, output: io.stderr });
    let answer: string;
    try {
      answer = await prompt.question(
        `Clear the rejection, cooldown and failure budget of ${view.grant.label} for the whole fleet? [y/N] `,
      );
    } finally {
      prompt.close();
    }
    if (!/^y(es)?$/i.test(answer.trim())) {
      io.stdout.write('Nothing cleared.\n');
      return EXIT_CODES.ok;
    }
  }
  try {
    await redis.store.clearGuard(view.grant.storeKey);
  } catch {
    throw new StoreUnreachableError(`Redis at ${redis.address} could not be written`);
  }
  const style = terminalStyle(io.stdout, io.env);
  io.stdout.write(
    `${style.green('cleared')}: processes started from now on may request a token for ${view.grant.label} again; ` +
      'running ones keep what they read until they restart.\n',
  );
  return EXIT_CODES.ok;
}
