import { createHash } from 'node:crypto';

/** A Lua script and the SHA1 that `EVALSHA` runs it by. */
export interface LuaScript {
  readonly name: string;
  readonly body: string;
  readonly sha: string;
}

function script(name: string, body: string): LuaScript {
  return { name, body, sha: createHash('sha1').update(body).digest('hex') };
}

/*
 * Every script receives every key it touches in KEYS (cluster-safe) and
 * answers strings only ('' for "absent"), so ioredis and node-redis, RESP2
 * and RESP3, decode the replies alike.
 */

/**
 * KEYS: token, guard. Answers [generation, expiresAt, blob, rejectedUntil,
 * rateLimitedUntil, rejection, failures] in one round trip.
 */
export const readScript = script(
  'read',
  `local t = redis.call('HMGET', KEYS[1], 'g', 'e', 'd')
local g = redis.call('HMGET', KEYS[2], 'r', 'l', 'j', 'f')
return { t[1] or '', t[2] or '', t[3] or '', g[1] or '', g[2] or '', g[3] or '', g[4] or '' }`,
);

/**
 * KEYS: token. ARGV: generation, expiresAt, blob, ttlMs, channel. Fenced:
 * refused when the stored token has a newer generation or a later expiry.
 * Announces the new generation on the channel.
 */
export const writeTokenScript = script(
  'writeToken',
  `local g = tonumber(ARGV[1])
local e = tonumber(ARGV[2])
local cur = redis.call('HMGET', KEYS[1], 'g', 'e')
if cur[1] and (tonumber(cur[1]) > g or tonumber(cur[2] or '0') > e) then
  return '0'
end
redis.call('HSET', KEYS[1], 'g', ARGV[1], 'e', ARGV[2], 'd', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PUBLISH', ARGV[5], ARGV[1])
return '1'`,
);

/**
 * KEYS: lock, gen, token. ARGV: owner, ttlMs, genTtlMs. Takes the lock
 * (`SET NX PX`) and, only then, a new fencing generation, never below the
 * stored token's (a counter lost in a failover must not go backwards).
 */
export const acquireLockScript = script(
  'acquireLock',
  `if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return ''
end
local g = redis.call('INCR', KEYS[2])
local stored = tonumber(redis.call('HGET', KEYS[3], 'g') or '0')
if g <= stored then
  g = stored + 1
  redis.call('SET', KEYS[2], g)
end
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return tostring(g)`,
);

/** KEYS: lock. ARGV: owner. Deletes the lock only if `owner` still holds it. */
export const releaseLockScript = script(
  'releaseLock',
  `if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return '1'
end
return '0'`,
);

/**
 * KEYS: guard. ARGV: failureAt, windowMs, rejectedUntil, rejection,
 * rateLimitedUntil, clearRejection ('1'), ttlMs ('' = not given).
 * The same rules as the core's `applyGuardUpdate` (the memory store), applied
 * atomically: the rejection is cleared first; the failure is inserted in
 * order, those older than the window dropped, at most 64 kept; the untils
 * only move later (a rejection is recorded with a later `rejectedUntil`).
 * The record lives at least ttlMs. Answers [rejectedUntil, rateLimitedUntil, rejection, failures].
 */
export const updateGuardScript = script(
  'updateGuard',
  `local cur = redis.call('HMGET', KEYS[1], 'r', 'l', 'j', 'f')
local rejectedUntil = tonumber(cur[1] or '0') or 0
local rateLimitedUntil = tonumber(cur[2] or '0') or 0
local rejection = cur[3] or ''
local failures = {}
for t in string.gmatch(cur[4] or '', '[^,]+') do
  failures[#failures + 1] = tonumber(t)
end
if ARGV[6] == '1' then
  rejectedUntil = 0
  rejection = ''
end
if ARGV[1] ~= '' then
  local at = tonumber(ARGV[1])
  local window = tonumber(ARGV[2])
  local kept = {}
  for _, t in ipairs(failures) do
    if window == nil or t > at - window then kept[#kept + 1] = t end
  end
  local i = #kept
  while i > 0 and kept[i] > at do i = i - 1 end
  table.insert(kept, i + 1, at)
  while #kept > 64 do table.remove(kept, 1) end
  failures = kept
end
if ARGV[3] ~= '' and tonumber(ARGV[3]) > rejectedUntil then
  rejectedUntil = tonumber(ARGV[3])
  if ARGV[4] ~= '' then rejection = ARGV[4] end
end
if ARGV[5] ~= '' then rateLimitedUntil = math.max(rateLimitedUntil, tonumber(ARGV[5])) end
local parts = {}
for i, t in ipairs(failures) do parts[i] = string.format('%d', t) end
local f = table.concat(parts, ',')
local r = string.format('%d', rejectedUntil)
local l = string.format('%d', rateLimitedUntil)
redis.call('HSET', KEYS[1], 'r', r, 'l', l, 'j', rejection, 'f', f)
local ttl = tonumber(ARGV[7])
if redis.call('PTTL', KEYS[1]) < ttl then
  redis.call('PEXPIRE', KEYS[1], ttl)
end
return { r, l, rejection, f }`,
);

/** KEYS: guard. Deletes one credential's guard record: rejection, cooldown, failures. */
export const clearGuardScript = script(
  'clearGuard',
  `redis.call('DEL', KEYS[1])
return '1'`,
);

/** KEYS: lock. Answers [owner, remaining ms] of the renewal lock, or ['', ''] when it is free. */
export const readLockScript = script(
  'readLock',
  `local owner = redis.call('GET', KEYS[1])
if not owner then return { '', '' } end
return { owner, tostring(redis.call('PTTL', KEYS[1])) }`,
);
