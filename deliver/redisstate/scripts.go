package redisstate

// The scripts. Each touches the keys of one campaign or of one domain (or
// one handled-report key), which share a hash tag, so that it runs on
// Redis Cluster. Times are Unix milliseconds; token times may have a
// fraction. Every script that changes something takes an operation key
// and stores its reply there: when go-redis sends the same call again
// (its reply was lost), the script finds the key, holds the same
// operation id, and returns the stored reply without counting twice.
//
// A campaign is a hash: st (active, paused, cancelled), pu (paused until),
// np (pauses), wa wb wc (the window's attempts, bounces, complaints), ta
// tb tc (all-time). A campaign reply is
// "st,pu,np,wa,wb,wc,ta,tb,tc,flag", "" for a campaign the state does not
// hold.

// luaCommon are the helpers every campaign script starts with.
const luaCommon = `
local function fmt(x) return string.format('%d', x) end
local function reply(v, flag)
  return (v.st or '') .. ',' .. fmt(v.pu) .. ',' .. fmt(v.np) .. ',' .. fmt(v.wa) .. ',' .. fmt(v.wb) .. ',' ..
    fmt(v.wc) .. ',' .. fmt(v.ta) .. ',' .. fmt(v.tb) .. ',' .. fmt(v.tc) .. ',' .. flag
end
local function load(k)
  local h = redis.call('HMGET', k, 'st', 'pu', 'np', 'wa', 'wb', 'wc', 'ta', 'tb', 'tc')
  local v = {st = h[1] or nil}
  local names = {'pu', 'np', 'wa', 'wb', 'wc', 'ta', 'tb', 'tc'}
  for i, n in ipairs(names) do v[n] = tonumber(h[i + 1]) or 0 end
  return v
end
-- cached returns the stored reply of this operation, or nil.
local function cached(opkey, opid)
  local m = redis.call('GET', opkey)
  if not m then return nil end
  local sep = string.find(m, '|', 1, true)
  if sep and string.sub(m, 1, sep - 1) == opid then return string.sub(m, sep + 1) end
  return false
end
`

// gateCampaignLua resumes a campaign whose pause is over.
//
// KEYS[1] the campaign, KEYS[2] the operation key. ARGV[1] now, ARGV[2]
// "1" when the guard is disabled (no resume), ARGV[3] the operation id,
// ARGV[4] the operation key's TTL, ARGV[5] the idle TTL of an active
// campaign (0: none). The flag is "R" on the call that resumed.
const gateCampaignLua = luaCommon + `
local c = cached(KEYS[2], ARGV[3])
if c then return c end
local v = load(KEYS[1])
if not v.st then return '' end
local now = tonumber(ARGV[1])
if v.st == 'paused' and ARGV[2] == '0' and now >= v.pu then
  v.st, v.pu, v.wa, v.wb, v.wc = 'active', 0, 0, 0, 0
  redis.call('HSET', KEYS[1], 'st', 'active', 'pu', 0, 'wa', 0, 'wb', 0, 'wc', 0)
  if tonumber(ARGV[5]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[5]) end
  local out = reply(v, 'R')
  redis.call('SET', KEYS[2], ARGV[3] .. '|' .. out, 'PX', ARGV[4])
  return out
end
return reply(v, '')
`

// settleCampaignLua counts outcomes into a campaign and judges it.
//
// KEYS[1] the campaign, KEYS[2] the operation key: the report's marker
// when a report is settled, so that it is counted once. ARGV[1] now,
// ARGV[2..4] attempted, bounced, complained, ARGV[5] the operation id,
// ARGV[6] the operation key's TTL, ARGV[7] "1" when the guard is
// disabled, ARGV[8] the bounce rate, ARGV[9] the complaint rate (-1:
// none), ARGV[10] MinSample, ARGV[11] the pause, ARGV[12] MaxPauses,
// ARGV[13] the idle TTL of an active campaign (0: none). The flag is
// "paused" or "cancelled" when the campaign moved, "D" for a report
// already settled.
const settleCampaignLua = luaCommon + `
local c = cached(KEYS[2], ARGV[5])
if c then return c end
if c == false then return reply(load(KEYS[1]), 'D') end
local k = KEYS[1]
redis.call('HSETNX', k, 'st', 'active')
redis.call('HINCRBY', k, 'wa', ARGV[2])
redis.call('HINCRBY', k, 'wb', ARGV[3])
redis.call('HINCRBY', k, 'wc', ARGV[4])
redis.call('HINCRBY', k, 'ta', ARGV[2])
redis.call('HINCRBY', k, 'tb', ARGV[3])
redis.call('HINCRBY', k, 'tc', ARGV[4])
local v = load(k)
local now = tonumber(ARGV[1])
local changed = ''
if ARGV[7] == '0' and v.st == 'active' and v.wa >= tonumber(ARGV[10]) and v.wa > 0 then
  local br, cr = tonumber(ARGV[8]), tonumber(ARGV[9])
  if (br >= 0 and v.wb / v.wa > br) or (cr >= 0 and v.wc / v.wa > cr) then
    if v.np >= tonumber(ARGV[12]) then
      v.st, v.pu, changed = 'cancelled', 0, 'cancelled'
    else
      v.np, v.st, v.pu, changed = v.np + 1, 'paused', now + tonumber(ARGV[11]), 'paused'
    end
    redis.call('HSET', k, 'st', v.st, 'pu', fmt(v.pu), 'np', v.np)
  end
end
if v.st == 'active' and tonumber(ARGV[13]) > 0 then
  redis.call('PEXPIRE', k, ARGV[13])
elseif v.st ~= 'active' then
  redis.call('PERSIST', k)
end
local out = reply(v, changed)
redis.call('SET', KEYS[2], ARGV[5] .. '|' .. out, 'PX', ARGV[6])
return out
`

// A domain is a hash: n (strikes), u (paused until), nx (when its next
// token is there), iv (the time between tokens). A domain the state does
// not hold is not throttled.

// gateDomainLua takes the tokens of n recipients of one domain.
//
// KEYS[1] the domain, KEYS[2] the operation key. ARGV[1] now, ARGV[2] n,
// ARGV[3] the operation id, ARGV[4] the operation key's TTL. The reply is
// "admitted,retry[,prev]": how many of the n recipients may be sent to
// (the first ones), when the others may come back, and, when a token was
// taken, when the next one was due before (for refundLua).
const gateDomainLua = `
local m = redis.call('GET', KEYS[2])
if m then
  local sep = string.find(m, '|', 1, true)
  if sep and string.sub(m, 1, sep - 1) == ARGV[3] then return string.sub(m, sep + 1) end
end
local h = redis.call('HMGET', KEYS[1], 'n', 'u', 'nx', 'iv')
if not h[1] then return ARGV[2] .. ',0' end
local now = tonumber(ARGV[1])
local u, nx, iv = tonumber(h[2]) or 0, tonumber(h[3]) or 0, tonumber(h[4]) or 1000
if now < u then return '0,' .. string.format('%.17g', u) end
if now < nx then return '0,' .. string.format('%.17g', nx) end
local prev = h[3] or '0'
nx = now + iv
redis.call('HSET', KEYS[1], 'nx', string.format('%.17g', nx))
local out = '1,' .. string.format('%.17g', nx) .. ',' .. prev
redis.call('SET', KEYS[2], ARGV[3] .. '|' .. out, 'PX', ARGV[4])
return out
`

// settleDomainLua relieves and strikes one domain.
//
// KEYS[1] the domain, KEYS[2] the operation key. ARGV[1] now, ARGV[2]
// reliefs, ARGV[3] strikes, ARGV[4] the first pause, ARGV[5] the longest,
// ARGV[6] the rate of one strike per second, ARGV[7] the operation id,
// ARGV[8] the operation key's TTL, ARGV[9] how long a throttled domain
// is kept past its pause without mail. Reliefs come first: a Settle that
// both delivers to and is refused by a domain leaves it throttled.
const settleDomainLua = `
if redis.call('GET', KEYS[2]) then return 0 end
local k = KEYS[1]
local now = tonumber(ARGV[1])
local h = redis.call('HMGET', k, 'n', 'u', 'nx', 'iv')
local n = tonumber(h[1]) or 0
local relief = tonumber(ARGV[2])
local changed = false
if relief > 0 and n > 0 then
  changed = true
  n = n - relief
  if n <= 0 then
    redis.call('DEL', k)
    n, h = 0, {}
  else
    redis.call('HSET', k, 'n', n)
  end
end
local u = tonumber(h[2]) or 0
if tonumber(ARGV[3]) > 0 and now >= u then
  changed = true
  n = n + 1
  local p, maxp = tonumber(ARGV[4]), tonumber(ARGV[5])
  local i = 1
  while i < n and p < maxp do p = p * 2; i = i + 1 end
  if p > maxp then p = maxp end
  u = now + p
  local r = tonumber(ARGV[6])
  i = 1
  while i < n and i < 30 do r = r / 2; i = i + 1 end
  local iv = 1000 / r
  local nx = u
  local oldnx, oldiv = tonumber(h[3]), tonumber(h[4])
  if oldnx and oldiv and oldnx > u then nx = u + (oldnx - u) * iv / oldiv end
  redis.call('HSET', k, 'n', n, 'u', string.format('%.17g', u), 'nx', string.format('%.17g', nx),
    'iv', string.format('%.17g', iv))
  redis.call('PEXPIRE', k, math.ceil(math.max(u, nx) - now + tonumber(ARGV[9])))
end
if changed then redis.call('SET', KEYS[2], ARGV[7], 'PX', ARGV[8]) end
return 1
`

// markLua marks a report handled.
//
// KEYS[1] the report's key. ARGV[1] the operation id, ARGV[2] the TTL.
// The reply is 1 when another operation had marked it.
const markLua = `
local v = redis.call('GET', KEYS[1])
if v and v ~= ARGV[1] then return 1 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 0
`

// refundLua gives back the token that gateDomainLua took, unless the
// domain changed since.
//
// KEYS[1] the domain. ARGV[1] the next token's time that the gate set,
// ARGV[2] the one before.
const refundLua = `
local nx = redis.call('HGET', KEYS[1], 'nx')
if nx and tonumber(nx) == tonumber(ARGV[1]) then
  redis.call('HSET', KEYS[1], 'nx', ARGV[2])
  return 1
end
return 0
`

// trackLua writes a sent message: a hash of m (its campaign, scope and
// times, in JSON), r (its recipients, a JSON array) and u (when it
// expires). A message still tracked at now keeps its recipients and gains
// the new ones, in order.
//
// KEYS[1] the message. ARGV[1] m, ARGV[2] the recipients, ARGV[3] the
// TTL, ARGV[4] now, ARGV[5] u.
const trackLua = `
local old = redis.call('HMGET', KEYS[1], 'r', 'u')
local rc = cjson.decode(ARGV[2])
if old[1] and tonumber(old[2]) and tonumber(old[2]) > tonumber(ARGV[4]) then
  local have = cjson.decode(old[1])
  local seen = {}
  for _, r in ipairs(have) do seen[r] = true end
  for _, r in ipairs(rc) do
    if not seen[r] then have[#have + 1] = r; seen[r] = true end
  end
  rc = have
end
local enc = '[]'
if #rc > 0 then enc = cjson.encode(rc) end
redis.call('HSET', KEYS[1], 'm', ARGV[1], 'r', enc, 'u', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`

// claimLua claims a report for a holder, unless it is handled or another
// holder's claim lasts past now. The claim is "until|holder", until in
// Unix milliseconds by the request's clock; its TTL (the claim's ttl, by
// the server's clock) only cleans it up.
//
// KEYS[1] the report's handled key, KEYS[2] its claim key (same hash
// tag). ARGV[1] the holder, ARGV[2] now, ARGV[3] until, ARGV[4] the TTL.
// The reply is 1 when the claim was taken, 0 when refused.
const claimLua = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local v = redis.call('GET', KEYS[2])
if v then
  local sep = string.find(v, '|', 1, true)
  if sep and string.sub(v, sep + 1) ~= ARGV[1] and tonumber(string.sub(v, 1, sep - 1)) > tonumber(ARGV[2]) then
    return 0
  end
end
redis.call('SET', KEYS[2], ARGV[3] .. '|' .. ARGV[1], 'PX', ARGV[4])
return 1
`

// releaseLua deletes a claim if it is the holder's.
//
// KEYS[1] the claim key. ARGV[1] the holder. The reply is 1 when it was
// deleted.
const releaseLua = `
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local sep = string.find(v, '|', 1, true)
if sep and string.sub(v, sep + 1) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`
