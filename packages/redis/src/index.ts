export { redisTokenStore } from './redis-token-store.js';
export type {
  EncryptionKey,
  IoRedisLike,
  NodeRedisLike,
  RedisLockHolder,
  RedisStoreKeys,
  RedisSubscriber,
  RedisTokenStore,
  RedisTokenStoreOptions,
  SendClusterCommand,
  SendCommand,
} from './types.js';
