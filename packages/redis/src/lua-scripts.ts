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
 *
 * Time is Redis's own (`TIME`), never a process's: every moment a script
 * writes is on Redis's clock, and what it answers are durations counted from
 * the moment it ran (how long a token or a cooldown lasts yet, how old a
 * failure is), so a process whose clock is a day off reads them right.
 *
 * The records, per credential (one hash tag, one slot):
 * - token: g (generation), e (expires, Redis ms), o (obtained, Redis ms), d (the encoded token,
 *   which carries g, e and o too, so a record edited in Redis is a miss);
 * - guard: r (rejected until), rs (since), j (the rejection, JSON), n (rejections in a row),
 *   l (rate limited until), ls (since), f (failures, Redis ms, comma-separated).
 */

/**
 * Shared by the scripts: Redis's clock in ms, and what a reader gets of the
 * token record (5 fields: Redis's now, generation, expires, obtained, blob:
 * the reader checks the moments against those the blob carries and hands out
 * their differences from now) and of the guard record (7 fields:
 * rejectedForMs, rejectedSinceMs, rejection, rejections, rateLimitedForMs,
 * rateLimitedSinceMs, failure ages), each all '' when the record is absent.
 */
const snapshotFunctions = `local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function ms(value)
  return string.format('%d', value)
end
local function token_part(key, now)
  local t = redis.call('HMGET', key, 'g', 'e', 'o', 'd')
  if not t[4] then return { '', '', '', '', '' } end
  return { ms(now), t[1] or '', t[2] or '', t[3] or '', t[4] }
end
local function left(untilAt, since, now)
  if untilAt > now then return ms(untilAt - now), ms(math.max(0, now - since)) end
  return '0', ''
end
local function guard_part(key, now)
  local g = redis.call('HMGET', key, 'r', 'rs', 'j', 'n', 'l', 'ls', 'f')
  if not (g[1] or g[5] or g[7]) then return { '', '', '', '', '', '', '' } end
  local rejectedFor, rejectedSince = left(tonumber(g[1] or '') or 0, tonumber(g[2] or '') or now, now)
  local limitedFor, limitedSince = left(tonumber(g[5] or '') or 0, tonumber(g[6] or '') or now, now)
  local ages = {}
  for at in string.gmatch(g[7] or '', '[^,]+') do
    ages[#ages + 1] = ms(math.max(0, now - tonumber(at)))
  end
  return { rejectedFor, rejectedSince, g[3] or '', g[4] or '0', limitedFor, limitedSince, table.concat(ages, ',') }
end
local function append(into, part)
  for _, value in ipairs(part) do into[#into + 1] = value end
  return into
end
`;

/** KEYS: token, guard. Answers the token part and the guard part (12 fields) in one round trip. */
export const readScript = script(
  'read',
  `${snapshotFunctions}local now = now_ms()
return append(token_part(KEYS[1], now), guard_part(KEYS[2], now))`,
);

/**
 * KEYS: any key of the credential (so a cluster asks the node that owns its
 * slot). Answers Redis's `TIME`: the clock a token's moments are written on.
 */
export const timeScript = script('time', `return redis.call('TIME')`);

/**
 * KEYS: token. ARGV: generation, expires, obtained (Redis ms, from
 * {@link timeScript}), blob, ttlMs, channel. Fenced: refused when the stored
 * token has a newer generation or a later expiry. Announces the new
 * generation on the channel.
 */
export const writeTokenScript = script(
  'writeToken',
  `local g = tonumber(ARGV[1])
local e = tonumber(ARGV[2])
local cur = redis.call('HMGET', KEYS[1], 'g', 'e')
if cur[1] and (tonumber(cur[1]) > g or (tonumber(cur[2] or '') or 0) > e) then
  return '0'
end
redis.call('HSET', KEYS[1], 'g', ARGV[1], 'e', ARGV[2], 'o', ARGV[3], 'd', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PUBLISH', ARGV[6], ARGV[1])
return '1'`,
);

/**
 * KEYS: lock, gen, token, guard. ARGV: owner, ttlMs, genTtlMs. Takes the
 * lock (`SET NX PX`) and, only then, a new fencing generation, never below
 * the stored token's (a counter lost in a failover must not go backwards).
 * Answers [''] when another holder has the lock; else the generation
 * followed by the token and guard parts as they were at the grant, so the
 * holder sees what its predecessor wrote without another round trip.
 */
export const acquireLockScript = script(
  'acquireLock',
  `${snapshotFunctions}if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return { '' }
end
local g = redis.call('INCR', KEYS[2])
local stored = tonumber(redis.call('HGET', KEYS[3], 'g') or '0')
if g <= stored then
  g = stored + 1
  redis.call('SET', KEYS[2], g)
end
redis.call('PEXPIRE', KEYS[2], ARGV[3])
local now = now_ms()
return append(append({ tostring(g) }, token_part(KEYS[3], now)), guard_part(KEYS[4], now))`,
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
 * KEYS: guard. ARGV: failed ('1'), windowMs ('' = none), rejectedForMs,
 * rejection, rateLimitedForMs, clearRejection ('1'), ttlMs. The rules of the
 * core's `applyGuardUpdate` (the memory store), applied atomically at
 * Redis's `now`: the rejection is cleared first (with its count); a failure
 * at `now` is inserted in order, those `windowMs` old or older dropped, at
 * most 64 kept; a rejection counts one more and, like a 429 cooldown, moves
 * its deadline only later (its "since" restarting when it moves). The
 * record lives at least ttlMs. Answers the guard part (7 fields).
 */
export const updateGuardScript = script(
  'updateGuard',
  `${snapshotFunctions}local now = now_ms()
local cur = redis.call('HMGET', KEYS[1], 'r', 'rs', 'j', 'n', 'l', 'ls', 'f')
local r = tonumber(cur[1] or '') or 0
local rs = tonumber(cur[2] or '') or 0
local j = cur[3] or ''
local n = tonumber(cur[4] or '') or 0
local l = tonumber(cur[5] or '') or 0
local ls = tonumber(cur[6] or '') or 0
local failures = {}
for at in string.gmatch(cur[7] or '', '[^,]+') do
  failures[#failures + 1] = tonumber(at)
end
if ARGV[6] == '1' then
  r = 0
  rs = 0
  j = ''
  n = 0
end
if ARGV[1] == '1' then
  local window = tonumber(ARGV[2])
  local kept = {}
  for _, at in ipairs(failures) do
    if window == nil or now - at < window then kept[#kept + 1] = at end
  end
  local i = #kept
  while i > 0 and kept[i] > now do i = i - 1 end
  table.insert(kept, i + 1, now)
  while #kept > 64 do table.remove(kept, 1) end
  failures = kept
end
local rejectedFor = tonumber(ARGV[3]) or 0
if rejectedFor > 0 then
  n = n + 1
  if ARGV[4] ~= '' then j = ARGV[4] end
  if now + rejectedFor > r then
    r = now + rejectedFor
    rs = now
  end
end
local limitedFor = tonumber(ARGV[5]) or 0
if limitedFor > 0 and now + limitedFor > l then
  l = now + limitedFor
  ls = now
end
local parts = {}
for i, at in ipairs(failures) do parts[i] = ms(at) end
redis.call('HSET', KEYS[1], 'r', ms(r), 'rs', ms(rs), 'j', j, 'n', ms(n), 'l', ms(l), 'ls', ms(ls), 'f', table.concat(parts, ','))
local ttl = tonumber(ARGV[7])
if redis.call('PTTL', KEYS[1]) < ttl then
  redis.call('PEXPIRE', KEYS[1], ttl)
end
return guard_part(KEYS[1], now)`,
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
