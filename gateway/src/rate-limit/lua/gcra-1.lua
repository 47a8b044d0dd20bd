-- GCRA (generic cell rate algorithm) limiter: `limit` requests per window with bursts up to `limit`,
-- one key per subject holding the "theoretical arrival time". Time comes from the Redis server so every
-- gateway process shares one clock.
-- KEYS[1]  limiter key (globalKeys.rateLimit(scope, subject)); value = TAT in microseconds
-- ARGV[1]  emission interval in microseconds (window / limit)
-- ARGV[2]  burst tolerance in microseconds (window - interval)
-- ARGV[3]  cost of this request (normally 1)
-- Returns  { allowed (1|0), remaining, retryAfterMs (0 when allowed) }
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])

local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local newTat = tat + interval * cost

if newTat - now > tolerance + interval then
  local retryUs = newTat - now - tolerance - interval
  return { 0, 0, math.ceil(retryUs / 1000) }
end

-- The key lives only as long as it matters: once TAT is in the past the subject is back to a full burst.
redis.call('SET', KEYS[1], string.format('%.0f', newTat), 'PX', math.ceil((newTat - now) / 1000) + 1)
local remaining = math.floor((tolerance + interval - (newTat - now)) / interval)
return { 1, remaining, 0 }
