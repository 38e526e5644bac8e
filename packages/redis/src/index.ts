export { redisTokenStore } from './redis-token-store.js';
export type {
  EncryptionKey,
  IoRedisLike,
  NodeRedisLike,
  RedisStoreKeys,
  RedisSubscriber,
  RedisTokenStore,
  RedisTokenStoreOptions,
  SendClusterCommand,
  SendCommand,
} from './types.js';
