import type { Redis } from 'ioredis';
import { tokenCodec } from '../../src/token-codec.js';

/**
 * What Redis's clock moving `ms` forward does to what the store keeps, done
 * to the keys under `pattern`: a key whose TTL runs out within `ms` is gone,
 * every other TTL is `ms` shorter, and every moment the store's scripts
 * wrote on Redis's clock (`TIME`) is `ms` further in the past. The store
 * hands out remaining durations measured on Redis's clock, so a test that
 * moves its processes' clocks (to a token's expiry, past a cooldown) moves
 * Redis's with them. (libfaketime cannot move `redis-server`'s own clock: it
 * fails under its jemalloc.)
 *
 * The moments are the hash fields the store's scripts write (see
 * `src/lua-scripts.ts`): a token's expiry `e` and when it was obtained `o`,
 * a guard record's deadlines `r` and `l` (0: none) and their starts `rs`
 * and `ls`, and its failures `f`. A token's blob carries its moments too (a
 * record edited in Redis is a miss), so it is encoded again, with the keys
 * the store encrypts with.
 */
const moveScript = `
local ms = tonumber(ARGV[1])
local cursor = '0'
repeat
  local page = redis.call('SCAN', cursor, 'MATCH', ARGV[2], 'COUNT', 1000)
  cursor = page[1]
  for _, key in ipairs(page[2]) do
    local ttl = redis.call('PTTL', key)
    if ttl > 0 and ttl <= ms then
      redis.call('DEL', key)
    else
      if ttl > 0 then redis.call('PEXPIRE', key, ttl - ms) end
      if redis.call('TYPE', key).ok == 'hash' then
        for _, field in ipairs({ 'e', 'o', 'r', 'rs', 'l', 'ls' }) do
          local at = tonumber(redis.call('HGET', key, field) or '')
          if at ~= nil and at ~= 0 then
            redis.call('HSET', key, field, string.format('%d', at - ms))
          end
        end
        local failures = redis.call('HGET', key, 'f')
        if failures and failures ~= '' then
          local moved = {}
          for at in string.gmatch(failures, '[^,]+') do
            moved[#moved + 1] = string.format('%d', tonumber(at) - ms)
          end
          redis.call('HSET', key, 'f', table.concat(moved, ','))
        end
      end
    end
  end
until cursor == '0'
return 'OK'`;

/**
 * Moves Redis's clock, as the store sees it, `ms` forward for every key of
 * the store (prefix `ct`), whose tokens are encrypted with `encryptionKeys`
 * (none: plain).
 */
export async function moveRedisClock(
  redis: Redis,
  ms: number,
  encryptionKeys: readonly Buffer[] = [],
): Promise<void> {
  const shift = Math.trunc(ms);
  const codec = tokenCodec(encryptionKeys);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', 'ct:{*}:token', 'COUNT', '1000');
    cursor = next;
    for (const key of keys) {
      const storeKey = key.slice(key.indexOf('{') + 1, key.indexOf('}'));
      const [g, e, o, d] = await redis.hmget(key, 'g', 'e', 'o', 'd');
      const fields = { generation: Number(g), expiresAt: Number(e), obtainedAt: Number(o) };
      const token = d === null || d === undefined ? undefined : codec.decode(storeKey, d, fields);
      if (token === undefined) continue;
      const moved = {
        ...token,
        expiresAt: token.expiresAt - shift,
        obtainedAt: token.obtainedAt - shift,
      };
      await redis.hset(key, 'd', codec.encode(storeKey, moved));
    }
  } while (cursor !== '0');
  await redis.call('EVAL', moveScript, '0', String(shift), 'ct:*');
}
