import { InvalidOptionsError, type Logger } from '@cloud-token/core';
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
  'logger',
] as const;

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      const cost = a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

function rejectUnknownKeys(object: object, known: readonly string[], path: string): void {
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue;
    const closest = [...known].sort((a, b) => distance(key, a) - distance(key, b))[0] ?? '';
    const hint = distance(key, closest) <= 3 ? `; did you mean "${path}${closest}"?` : '';
    throw new InvalidOptionsError(
      `${path}${key}`,
      `unknown option (known: ${known.join(', ')})${hint}`,
    );
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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
        'expected an ioredis client or cluster (with call()) or a node-redis client or cluster (with sendCommand())',
      );
    }
    return { kind: 'client', client };
  }
  if (sendCommand !== undefined) {
    if (typeof sendCommand !== 'function') {
      throw new InvalidOptionsError('sendCommand', 'expected a function (...args) => Promise');
    }
    return { kind: 'sendCommand', sendCommand };
  }
  if (typeof sendClusterCommand !== 'function') {
    throw new InvalidOptionsError(
      'sendClusterCommand',
      'expected a function (key, args) => Promise',
    );
  }
  return { kind: 'sendClusterCommand', sendClusterCommand };
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
  if (!isPlainObject(encryption)) {
    throw new InvalidOptionsError('encryption', 'expected { keys: [current, ...previous] }');
  }
  rejectUnknownKeys(encryption, ['keys'], 'encryption.');
  const { keys } = encryption;
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
  if (!isPlainObject(options)) {
    throw new InvalidOptionsError('options', 'expected an object');
  }
  rejectUnknownKeys(options, knownKeys, '');
  const target = readTarget(options);
  const { keyPrefix = DEFAULT_KEY_PREFIX, commandTimeoutMs = DEFAULT_COMMAND_TIMEOUT_MS } = options;
  if (typeof keyPrefix !== 'string' || !/^[^\s{}]+$/.test(keyPrefix)) {
    throw new InvalidOptionsError(
      'keyPrefix',
      'expected a non-empty string without braces or spaces',
    );
  }
  if (
    typeof commandTimeoutMs !== 'number' ||
    !Number.isInteger(commandTimeoutMs) ||
    commandTimeoutMs < 1 ||
    commandTimeoutMs > 60_000
  ) {
    throw new InvalidOptionsError('commandTimeoutMs', 'expected an integer from 1 to 60000 (ms)');
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
    logger,
  };
}
