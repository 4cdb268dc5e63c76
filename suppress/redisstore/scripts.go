package redisstore

// The Lua scripts. Each call runs as one script, which Redis executes
// atomically; every key a script touches carries the address as its hash
// tag, so all of them are in one slot of a Redis Cluster.
//
// A key is a hash with the fields
//
//	k kind ("" or missing: only a soft-bounce count)   r reason
//	s since   u until (0: permanent)   p step   a attempts
//	n soft bounces in the current run   f first soft bounce of the run
//	e address   t tenant   l list   (for List)
//
// Times are Unix seconds passed in by the caller; the key's TTL follows the
// lease (and the soft-bounce window), while the scripts themselves compare
// against the caller's time.
//
// The last key of the scripts that count (allow, record) or answer what
// they did (remove) is the operation key of the call (see Store.opKey): a
// hash whose field o holds the script's reply as JSON, written when the
// script changed something and kept for opTTL seconds. A script that finds
// it ran before under the same call (go-redis retried the command after
// the reply was lost) returns that reply and changes nothing, so no retry
// doubles an attempt, a lease step or a soft bounce.

// opTTL is how long, in seconds, the operation key of a call is kept: much
// longer than any retry of go-redis (MaxRetries of at most a few seconds
// each, with MaxRetryBackoff 512 ms by default).
const opTTL = "300"

const luaLib = `
local function replay(opkey)
  local done = redis.call('HGET', opkey, 'o')
  if done then
    return cjson.decode(done)
  end
  return nil
end

local function remember(opkey, res)
  redis.call('HSET', opkey, 'o', cjson.encode(res))
  redis.call('EXPIRE', opkey, ` + opTTL + `)
end

local function snapshot(e)
  return table.concat({tostring(e.k), e.r, e.s, e.u, e.p, e.a, e.n, e.f}, ',')
end

local function load(key)
  local h = redis.call('HMGET', key, 'k', 'r', 's', 'u', 'p', 'a', 'n', 'f')
  return {k = h[1], r = h[2] or '', s = tonumber(h[3]) or 0, u = tonumber(h[4]) or 0,
          p = tonumber(h[5]) or 0, a = tonumber(h[6]) or 0, n = tonumber(h[7]) or 0, f = tonumber(h[8]) or 0}
end

local function settle(e, now, window)
  if e.k and e.u ~= 0 and now >= e.u then
    e.k = false; e.r = ''; e.s = 0; e.u = 0; e.p = 0; e.a = 0
  end
  if e.n ~= 0 and now - e.f >= window then
    e.n = 0; e.f = 0
  end
end

local function save(key, e, now, window, addr, tenant, list)
  redis.call('DEL', key)
  if not e.k and e.n == 0 then
    return
  end
  if e.k then
    redis.call('HSET', key, 'e', addr, 't', tenant, 'l', list, 'n', e.n, 'f', e.f,
      'k', e.k, 'r', e.r, 's', e.s, 'u', e.u, 'p', e.p, 'a', e.a)
    if e.u == 0 then
      return
    end
  else
    redis.call('HSET', key, 'e', addr, 't', tenant, 'l', list, 'n', e.n, 'f', e.f)
  end
  local ttl = 0
  if e.k then
    ttl = e.u - now
  end
  if e.n ~= 0 then
    ttl = math.max(ttl, e.f + window - now)
  end
  redis.call('EXPIRE', key, math.max(ttl, 1))
end
`

// allowLua: KEYS are the keys of the scopes a check consults, broadest
// first, then the operation key. ARGV: now, window, lease steps in seconds.
// Returns {0} when allowed, else {index of the first suppressing key, k, r,
// s, u, p, a}.
const allowLua = luaLib + `
local opkey = KEYS[#KEYS]
local done = replay(opkey)
if done then
  return done
end
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local nsteps = #ARGV - 2
local res = {0}
local counted = false
for i = 1, #KEYS - 1 do
  local key = KEYS[i]
  local e = load(key)
  if e.k then
    if e.u ~= 0 and now >= e.u then
      settle(e, now, window)
      if e.n ~= 0 then
        redis.call('HDEL', key, 'k', 'r', 's', 'u', 'p', 'a')
        redis.call('EXPIRE', key, math.max(e.f + window - now, 1))
      else
        redis.call('DEL', key)
      end
    else
      e.a = e.a + 1
      counted = true
      if e.u ~= 0 then
        if e.p < nsteps - 1 then
          e.p = e.p + 1
        end
        e.u = now + tonumber(ARGV[3 + e.p])
        redis.call('HSET', key, 'p', e.p, 'a', e.a, 'u', e.u)
        local ttl = e.u - now
        if e.n ~= 0 then
          ttl = math.max(ttl, e.f + window - now)
        end
        redis.call('EXPIRE', key, math.max(ttl, 1))
      else
        redis.call('HINCRBY', key, 'a', 1)
      end
      if res[1] == 0 then
        res = {i, e.k, e.r, e.s, e.u, e.p, e.a}
      end
    end
  end
end
if counted then
  remember(opkey, res)
end
return res
`

// recordLua: KEYS[1] is the key of the event's scope, KEYS[2] the
// operation key. ARGV: now, window, soft limit (0: never), op (hard, soft,
// deliv, perm), kind, reason, address, tenant, list, lease steps in
// seconds. Returns {} when the scope
// does not suppress the address afterwards, else {k, r, s, u, p, a}.
const recordLua = luaLib + `
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local op, kind, reason = ARGV[4], ARGV[5], ARGV[6]
local key = KEYS[1]
local done = replay(KEYS[2])
if done then
  return done
end
local function step(p)
  return tonumber(ARGV[10 + p])
end
local e = load(key)
local before = snapshot(e)
settle(e, now, window)
local function hard(k, r)
  e.n = 0; e.f = 0
  if e.k and e.u == 0 then
    return
  elseif e.k then
    e.u = math.max(e.u, now + step(e.p))
  else
    e.k = k; e.r = r; e.s = now; e.u = now + step(0); e.p = 0; e.a = 0
  end
end
if op == 'hard' then
  hard('bounce', reason)
elseif op == 'soft' then
  if limit > 0 then
    if e.n == 0 then
      e.f = now
    end
    e.n = e.n + 1
    if e.n >= limit then
      hard('softbounce', reason)
    end
  end
elseif op == 'deliv' then
  e.n = 0; e.f = 0
elseif op == 'perm' then
  if not (e.k and e.u == 0) then
    e.k = kind; e.r = reason; e.s = now; e.u = 0; e.p = 0; e.a = 0
  end
end
save(key, e, now, window, ARGV[7], ARGV[8], ARGV[9])
local res = {}
if e.k then
  res = {e.k, e.r, e.s, e.u, e.p, e.a}
end
if snapshot(e) ~= before then
  remember(KEYS[2], res)
end
return res
`

// addLua: KEYS[1]. ARGV: now, window, kind, reason, since, until, step,
// attempts, address, tenant, list. Keeps the soft-bounce count. It sets
// the entry to the values given, so running it twice (a retry) leaves the
// same entry: it needs no operation key, which would cost a key per entry
// of a bulk import.
const addLua = luaLib + `
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local key = KEYS[1]
local e = load(key)
settle(e, now, window)
e.k = ARGV[3]; e.r = ARGV[4]; e.s = tonumber(ARGV[5]); e.u = tonumber(ARGV[6])
e.p = tonumber(ARGV[7]); e.a = tonumber(ARGV[8])
save(key, e, now, window, ARGV[9], ARGV[10], ARGV[11])
return 1
`

// removeLua: KEYS[1], then the operation key. Returns 1 when an entry (not
// only a soft-bounce count) was removed.
const removeLua = luaLib + `
local done = replay(KEYS[2])
if done then
  return done
end
local k = redis.call('HEXISTS', KEYS[1], 'k')
if redis.call('DEL', KEYS[1]) == 1 then
  remember(KEYS[2], k)
end
return k
`
