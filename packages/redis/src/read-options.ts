import { type Clock, InvalidOptionsError, type Logger } from '@cloud-token/core';
import {
  clockRule,
  describeValue,
  functionRule,
  loggerRule,
  numberRule,
  type OptionRule,
  optionsSchema,
  stringRule,
} from '@cloud-token/core/adapter';
import { isIoRedis, isNodeRedis } from './redis-connection.js';
import type {
  EncryptionKey,
  IoRedisLike,
  NodeRedisLike,
  RedisSubscriber,
  RedisTokenStoreOptions,
  SendClusterCommand,
  SendCommand,
} from './types.js';

/** The options once checked, with their defaults. */
export interface RedisStoreSettings {
  readonly target:
    | { readonly kind: 'client'; readonly client: IoRedisLike | NodeRedisLike }
    | { readonly kind: 'sendCommand'; readonly sendCommand: SendCommand }
    | { readonly kind: 'sendClusterCommand'; readonly sendClusterCommand: SendClusterCommand };
  readonly keyPrefix: string;
  readonly encryptionKeys: readonly Buffer[];
  /** `true`: duplicate the client; a function: the caller's subscriber; `false`: poll. */
  readonly pubsub: boolean | (() => RedisSubscriber | Promise<RedisSubscriber>);
  readonly commandTimeoutMs: number;
  readonly clock: Clock;
  readonly logger: Logger | undefined;
}

/** Default {@link RedisTokenStoreOptions.commandTimeoutMs}. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 1_000;
/** Default {@link RedisTokenStoreOptions.keyPrefix}. */
export const DEFAULT_KEY_PREFIX = 'ct';

function readKey(key: EncryptionKey, option: string): Buffer {
  // Never echo the key: the messages say what is wrong, not what was given.
  let bytes: Buffer;
  if (key instanceof Uint8Array) {
    bytes = Buffer.from(key);
  } else if (typeof key === 'string' && /^[0-9a-fA-F]{64}$/.test(key)) {
    bytes = Buffer.from(key, 'hex');
  } else if (typeof key === 'string' && /^[A-Za-z0-9+/_-]{43}=?$/.test(key)) {
    bytes = Buffer.from(key, 'base64');
  } else {
    throw new InvalidOptionsError(
      option,
      'expected 32 bytes: a Uint8Array, 64 hex digits or 44 base64 characters',
    );
  }
  if (bytes.length !== 32) {
    throw new InvalidOptionsError(option, `expected 32 bytes, got ${bytes.length}`);
  }
  return bytes;
}

const encryptionSchema = optionsSchema<NonNullable<RedisTokenStoreOptions['encryption']>>()({
  keys: (keys, path): readonly Buffer[] => {
    if (!Array.isArray(keys) || keys.length === 0) {
      throw new InvalidOptionsError(path, 'expected a non-empty array of keys');
    }
    return keys.map((key: EncryptionKey, index) => readKey(key, `${path}[${index}]`));
  },
});

const clientRule: OptionRule<IoRedisLike | NodeRedisLike | undefined> = (client, path) => {
  if (client === undefined || isIoRedis(client) || isNodeRedis(client)) return client;
  throw new InvalidOptionsError(
    path,
    `must be an ioredis client or cluster (with call()) or a node-redis client or cluster (with sendCommand()); got ${describeValue(client)}`,
  );
};

const pubsubRule: OptionRule<
  boolean | (() => RedisSubscriber | Promise<RedisSubscriber>) | undefined
> = (pubsub, path) => {
  if (pubsub === undefined || typeof pubsub === 'boolean') return pubsub;
  if (typeof pubsub === 'function')
    return pubsub as () => RedisSubscriber | Promise<RedisSubscriber>;
  throw new InvalidOptionsError(path, 'expected a boolean or a function returning a subscriber');
};

/** The schema of {@link RedisTokenStoreOptions}; which of the three targets, and pub/sub with it, is checked once all are read. */
const redisStoreSchema = optionsSchema<RedisTokenStoreOptions>()({
  client: clientRule,
  sendCommand: functionRule<SendCommand | undefined>(undefined),
  sendClusterCommand: functionRule<SendClusterCommand | undefined>(undefined),
  keyPrefix: stringRule(
    DEFAULT_KEY_PREFIX,
    /^[^\s{}]+$/,
    'a non-empty string without braces or spaces',
  ),
  encryption: (value, path) => (value === undefined ? [] : encryptionSchema.read(value, path).keys),
  pubsub: pubsubRule,
  commandTimeoutMs: (value, path) =>
    Math.ceil(numberRule('timeout', DEFAULT_COMMAND_TIMEOUT_MS)(value, path)),
  clock: clockRule,
  logger: loggerRule,
});

type ReadStoreOptions = ReturnType<typeof redisStoreSchema.read>;

function targetOf({
  client,
  sendCommand,
  sendClusterCommand,
}: ReadStoreOptions): RedisStoreSettings['target'] {
  const given = Object.entries({ client, sendCommand, sendClusterCommand })
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key);
  if (given.length !== 1) {
    throw new InvalidOptionsError(
      given[1] ?? 'client',
      given.length === 0
        ? 'give one of client, sendCommand or sendClusterCommand'
        : `give only one of client, sendCommand or sendClusterCommand (got ${given.join(', ')})`,
    );
  }
  if (client !== undefined) return { kind: 'client', client };
  if (sendCommand !== undefined) return { kind: 'sendCommand', sendCommand };
  return {
    kind: 'sendClusterCommand',
    sendClusterCommand: sendClusterCommand as SendClusterCommand,
  };
}

function pubsubOf(
  pubsub: ReadStoreOptions['pubsub'],
  target: RedisStoreSettings['target'],
): RedisStoreSettings['pubsub'] {
  if (pubsub === undefined) return target.kind === 'client';
  if (pubsub === true && target.kind !== 'client') {
    throw new InvalidOptionsError(
      'pubsub',
      `${target.kind} cannot open a pub/sub connection by itself: pass a subscriber factory, or false to poll`,
    );
  }
  if (
    pubsub === true &&
    target.kind === 'client' &&
    typeof target.client.duplicate !== 'function'
  ) {
    throw new InvalidOptionsError('pubsub', 'the client has no duplicate(): pass false to poll');
  }
  return pubsub;
}

/** Checks the options of `redisTokenStore()` once, at creation. */
export function readRedisStoreOptions(options: RedisTokenStoreOptions): RedisStoreSettings {
  if (options === undefined) throw new InvalidOptionsError('options', 'must be an object');
  const read = redisStoreSchema.read(options);
  const target = targetOf(read);
  return {
    target,
    keyPrefix: read.keyPrefix,
    encryptionKeys: read.encryption,
    pubsub: pubsubOf(read.pubsub, target),
    commandTimeoutMs: read.commandTimeoutMs,
    clock: read.clock,
    logger: read.logger,
  };
}
