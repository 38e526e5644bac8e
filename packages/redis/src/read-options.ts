import { type Clock, InvalidOptionsError, type Logger } from '@cloud-token/core';
import {
  describeValue,
  readFunctionOption,
  readNumberOption,
  readOptionsObject,
  resolveClock,
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

const knownKeys = [
  'client',
  'sendCommand',
  'sendClusterCommand',
  'keyPrefix',
  'encryption',
  'pubsub',
  'commandTimeoutMs',
  'clock',
  'logger',
] as const;

function readTarget(options: RedisTokenStoreOptions): RedisStoreSettings['target'] {
  const given = (['client', 'sendCommand', 'sendClusterCommand'] as const).filter(
    (key) => options[key] !== undefined,
  );
  if (given.length !== 1) {
    throw new InvalidOptionsError(
      given[1] ?? 'client',
      given.length === 0
        ? 'give one of client, sendCommand or sendClusterCommand'
        : `give only one of client, sendCommand or sendClusterCommand (got ${given.join(', ')})`,
    );
  }
  const { client, sendCommand, sendClusterCommand } = options;
  if (client !== undefined) {
    if (!isIoRedis(client) && !isNodeRedis(client)) {
      throw new InvalidOptionsError(
        'client',
        `must be an ioredis client or cluster (with call()) or a node-redis client or cluster (with sendCommand()); got ${describeValue(client)}`,
      );
    }
    return { kind: 'client', client };
  }
  if (sendCommand !== undefined) {
    return {
      kind: 'sendCommand',
      sendCommand: readFunctionOption(sendCommand, 'sendCommand', sendCommand),
    };
  }
  return {
    kind: 'sendClusterCommand',
    sendClusterCommand: readFunctionOption(
      sendClusterCommand,
      'sendClusterCommand',
      sendClusterCommand as SendClusterCommand,
    ),
  };
}

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

function readEncryption(encryption: unknown): Buffer[] {
  if (encryption === undefined) return [];
  const { keys } = readOptionsObject(encryption, 'encryption', { known: ['keys'] });
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new InvalidOptionsError('encryption.keys', 'expected a non-empty array of keys');
  }
  return keys.map((key: EncryptionKey, index) => readKey(key, `encryption.keys[${index}]`));
}

function readPubSub(
  pubsub: unknown,
  target: RedisStoreSettings['target'],
): RedisStoreSettings['pubsub'] {
  if (pubsub === undefined) return target.kind === 'client';
  if (typeof pubsub === 'function') {
    return pubsub as () => RedisSubscriber | Promise<RedisSubscriber>;
  }
  if (typeof pubsub !== 'boolean') {
    throw new InvalidOptionsError(
      'pubsub',
      'expected a boolean or a function returning a subscriber',
    );
  }
  if (pubsub && target.kind !== 'client') {
    throw new InvalidOptionsError(
      'pubsub',
      `${target.kind} cannot open a pub/sub connection by itself: pass a subscriber factory, or false to poll`,
    );
  }
  if (pubsub && target.kind === 'client' && typeof target.client.duplicate !== 'function') {
    throw new InvalidOptionsError('pubsub', 'the client has no duplicate(): pass false to poll');
  }
  return pubsub;
}

/** Checks the options of `redisTokenStore()` once, at creation. */
export function readRedisStoreOptions(options: RedisTokenStoreOptions): RedisStoreSettings {
  if (options === undefined) throw new InvalidOptionsError('options', 'must be an object');
  readOptionsObject(options, 'options', { known: knownKeys });
  const target = readTarget(options);
  const { keyPrefix = DEFAULT_KEY_PREFIX } = options;
  const commandTimeoutMs = Math.ceil(
    readNumberOption(
      options.commandTimeoutMs,
      'commandTimeoutMs',
      DEFAULT_COMMAND_TIMEOUT_MS,
      'timeout',
    ),
  );
  if (typeof keyPrefix !== 'string' || !/^[^\s{}]+$/.test(keyPrefix)) {
    throw new InvalidOptionsError(
      'keyPrefix',
      'expected a non-empty string without braces or spaces',
    );
  }
  const { logger } = options;
  if (logger !== undefined && (typeof logger !== 'object' || logger === null)) {
    throw new InvalidOptionsError(
      'logger',
      'expected an object with debug/info/warn/error methods',
    );
  }
  return {
    target,
    keyPrefix,
    encryptionKeys: readEncryption(options.encryption),
    pubsub: readPubSub(options.pubsub, target),
    commandTimeoutMs,
    clock: resolveClock(options.clock),
    logger,
  };
}
