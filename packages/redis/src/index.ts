export { redisTokenStore } from './redis-token-store.js';
export type {
  EncryptionKey,
  IoRedisLike,
  NodeRedisLike,
  RedisReply,
  RedisStoreKeys,
  RedisSubscriber,
  RedisTokenStore,
  RedisTokenStoreOptions,
  SendClusterCommand,
  SendCommand,
} from './types.js';
