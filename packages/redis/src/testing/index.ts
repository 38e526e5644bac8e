export { liveRedisPids } from './launch-redis.js';
export {
  type RedisCluster,
  type RedisClusterOptions,
  startRedisCluster,
} from './start-redis-cluster.js';
export { type RedisSentinelGroup, startRedisSentinel } from './start-redis-sentinel.js';
export {
  type RedisServer,
  type RedisServerOptions,
  startRedisServer,
} from './start-redis-server.js';
