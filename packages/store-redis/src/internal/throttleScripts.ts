/**
 * The Lua side of the distributed throttle. Every script reads the clock with `TIME` on the Redis
 * server, so processes whose clocks disagree still share one timeline; each script is atomic, so
 * no two processes can both take the last slot.
 */
import * as Redis from "./redis.js"

const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`

/**
 * Take a concurrency slot. KEYS[1] = ZSET holder -> lease expiry (ms). ARGV = holder, max, leaseMs.
 * Expired holders (crashed processes) are reaped first. Returns 1 when taken, 0 when full.
 *
 * @internal
 */
export const acquireSlot = Redis.script(`${NOW}
local lease = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
  redis.call('PEXPIRE', KEYS[1], lease * 2)
  return 1
end
return 0
`)

/**
 * Push a holder's lease forward while its call runs. KEYS[1] = holders. ARGV = holder, leaseMs.
 * Returns 0 when the holder is gone (its lease ran out and it was reaped).
 *
 * @internal
 */
export const renewSlot = Redis.script(`${NOW}
local lease = tonumber(ARGV[2])
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('ZADD', KEYS[1], 'XX', now + lease, ARGV[1])
  redis.call('PEXPIRE', KEYS[1], lease * 2)
  return 1
end
return 0
`)

const BUDGET = `
local b = redis.call('HMGET', KEYS[3], 'limit', 'remaining', 'resetAt')
local limit = tonumber(b[1])
local remaining = tonumber(b[2])
local resetAt = tonumber(b[3])
local function saveBudget()
  if remaining == nil and limit == nil then return end
  if limit ~= nil then redis.call('HSET', KEYS[3], 'limit', limit) end
  if remaining == nil then
    redis.call('HDEL', KEYS[3], 'remaining', 'resetAt')
    redis.call('PEXPIRE', KEYS[3], day)
  else
    redis.call('HSET', KEYS[3], 'remaining', remaining, 'resetAt', resetAt)
    redis.call('PEXPIRE', KEYS[3], math.max(resetAt - now, 0) + day)
  end
end
`

/**
 * Admit one start, or say how long to wait. KEYS = window ZSET (start times), last-start key,
 * budget HASH. ARGV = requestsPerWindow (-1: none), windowMs, minDelayMs, member,
 * minCallsRemaining, configured daily budget (-1: none), dayMs.
 *
 * Returns {1, 0} admitted, {0, waitMs} wait and ask again, {-1, retryAfterMs} daily budget spent.
 * The rules are the in-process bucket's: prune starts older than the window; when the window is
 * full wait until the entry that must leave has left; honour the gap since the last start; a
 * daily budget with a reset time rolls over at the reset, one without is counted per 24 h.
 *
 * @internal
 */
export const admit = Redis.script(`${NOW}
local perWindow = tonumber(ARGV[1])
local windowMs = tonumber(ARGV[2])
local delay = tonumber(ARGV[3])
local minRemaining = tonumber(ARGV[5])
local configured = tonumber(ARGV[6])
local day = tonumber(ARGV[7])
${BUDGET}
if limit == nil and remaining == nil and configured >= 0 then
  limit = configured
  remaining = configured
end
if resetAt ~= nil and now >= resetAt then
  remaining = limit
  resetAt = nil
end
if remaining ~= nil and resetAt == nil then resetAt = now + day end
if remaining ~= nil and remaining <= minRemaining then
  saveBudget()
  return {-1, math.max(resetAt - now, 0)}
end
local wait = 0
if perWindow >= 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - windowMs)
  local n = redis.call('ZCARD', KEYS[1])
  if n >= perWindow then
    local entry = redis.call('ZRANGE', KEYS[1], n - perWindow, n - perWindow, 'WITHSCORES')
    if entry[2] == nil then
      wait = windowMs
    else
      wait = tonumber(entry[2]) + windowMs - now
    end
  end
end
if delay > 0 then
  local last = tonumber(redis.call('GET', KEYS[2]))
  if last ~= nil then wait = math.max(wait, last + delay - now) end
end
if wait > 0 then
  saveBudget()
  return {0, wait}
end
if perWindow >= 0 then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], windowMs + 1000)
end
if delay > 0 then redis.call('SET', KEYS[2], now, 'PX', delay + 1000) end
if remaining ~= nil then remaining = remaining - 1 end
saveBudget()
return {1, 0}
`)

/**
 * Learn the budget from a response, as the in-process bucket does, with the calls in flight in
 * every process (the holders ZSET) as the ones Zoho may not have counted yet. KEYS = unused,
 * holders ZSET, budget HASH. ARGV = limit, remaining, resetSeconds ('' when unknown), windowMs,
 * dayMs.
 *
 * @internal
 */
export const observe = Redis.script(`${NOW}
local day = tonumber(ARGV[5])
${BUDGET}
local newLimit = tonumber(ARGV[1])
local newRemaining = tonumber(ARGV[2])
local reset = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local inflight = redis.call('ZCARD', KEYS[2])
if newLimit ~= nil then limit = newLimit end
if reset ~= nil then
  resetAt = now + math.floor(reset * 1000)
elseif newRemaining ~= nil then
  resetAt = now + tonumber(ARGV[4])
end
if newRemaining ~= nil then remaining = math.max(0, newRemaining - inflight) end
if remaining ~= nil and resetAt == nil then resetAt = now + day end
saveBudget()
return 1
`)
