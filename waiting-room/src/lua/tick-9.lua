--[[ tick: one admission step for one drop (run by the controller holding the drop's lease).
KEYS[1] {drop:N}:admission          hash: phase, rate, paused, draining, soldOut, carry, noShows, admittedTotal, effectiveRate
KEYS[2] {drop:N}:queue:serving      highest admitted ticket
KEYS[3] {drop:N}:queue:seq          last ticket handed out
KEYS[4] {drop:N}:admitted           zset userId -> checkout deadline ms
KEYS[5] {drop:N}:stock              sellable units (absent = inventory not initialised: admit nobody)
KEYS[6] {drop:N}:queue:owners       hash ticket -> userId
KEYS[7] {drop:N}:admission:tokens   hash userId -> issued token (dropped for no-shows)
KEYS[8] {drop:N}:orders:inflight    orders started, not final (optional, written by the orders pipeline)
KEYS[9] {drop:N}:orders:latency     list of recent confirm latencies ms, newest first (optional)
ARGV[1] now ms
ARGV[2] tick length ms
ARGV[3] default rate per second (drops.admission_rate_per_s, used until ops set one)
ARGV[4] checkout window ms
ARGV[5] in-flight orders above which the rate is halved
ARGV[6] average confirm latency ms above which the rate is halved
ARGV[7] how many latency samples to average
Returns {serving, effectiveRate, rate, stock, soldOut, paused, draining, queueLength, admittedNow, noShows,
  soldOutChange (1 just sold out, -1 stock came back, 0 none), backoff (1/0), userId1, ticket1, userId2, ticket2, ...}
  or {-1} while the pre-queue is not sealed. Rates are strings (they may be fractional).
]]
local now = tonumber(ARGV[1])
local a = redis.call('HMGET', KEYS[1], 'phase', 'rate', 'paused', 'draining', 'soldOut', 'carry')
if a[1] ~= 'open' then return {-1} end
local rate = tonumber(a[2] or ARGV[3]) or 0
local paused, draining, wasSoldOut = a[3] == '1', a[4] == '1', a[5] == '1'
local carry = tonumber(a[6] or '0') or 0

-- No-shows: their checkout window passed without a burned token; their places go to the next in line.
local expired = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now)
if #expired > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)
  redis.call('HDEL', KEYS[7], unpack(expired))
  redis.call('HINCRBY', KEYS[1], 'noShows', #expired)
end

local serving = tonumber(redis.call('GET', KEYS[2]) or '0')
local seq = tonumber(redis.call('GET', KEYS[3]) or '0')
local stockRaw = redis.call('GET', KEYS[5])
local stock = tonumber(stockRaw or '0')
local admittedNow = redis.call('ZCARD', KEYS[4])

-- Closed loop: a struggling order pipeline halves the rate until it recovers.
local backoff = false
if redis.call('TYPE', KEYS[8]).ok == 'string' then
  local inflight = tonumber(redis.call('GET', KEYS[8]))
  if inflight and inflight > tonumber(ARGV[5]) then backoff = true end
end
if redis.call('TYPE', KEYS[9]).ok == 'list' then
  local samples = redis.call('LRANGE', KEYS[9], 0, tonumber(ARGV[7]) - 1)
  local sum, n = 0, 0
  for _, s in ipairs(samples) do
    local v = tonumber(s)
    if v then sum, n = sum + v, n + 1 end
  end
  if n > 0 and sum / n > tonumber(ARGV[6]) then backoff = true end
end
local effectiveRate = rate
if backoff then effectiveRate = rate / 2 end

-- Sold out = nothing left to reserve. Admitted shoppers cannot buy either, so admission stops.
local soldOut = stockRaw ~= false and stock <= 0
local change = 0
if soldOut and not wasSoldOut then change = 1 elseif wasSoldOut and not soldOut then change = -1 end

local budget = effectiveRate * tonumber(ARGV[2]) / 1000 + carry
local n = math.floor(budget)
local newCarry = budget - n
-- Never admit more shoppers than units nobody has claimed yet (one unit per admitted shopper).
local room = stock - admittedNow
if room < n then n, newCarry = room, 0 end
if seq - serving < n then n, newCarry = seq - serving, 0 end
if paused or draining or soldOut or stockRaw == false or n < 0 then n, newCarry = 0, 0 end
if n < 0 then n = 0 end

local result = {0, tostring(effectiveRate), tostring(rate), stock, soldOut and 1 or 0, paused and 1 or 0,
  draining and 1 or 0, 0, 0, #expired, change, backoff and 1 or 0}
local deadline = now + tonumber(ARGV[4])
for t = serving + 1, serving + n do
  local uid = redis.call('HGET', KEYS[6], t)
  if uid then
    redis.call('ZADD', KEYS[4], deadline, uid)
    result[#result + 1] = uid
    result[#result + 1] = t
  end
end
serving = serving + n
if n > 0 then
  redis.call('SET', KEYS[2], serving)
  redis.call('HINCRBY', KEYS[1], 'admittedTotal', n)
end
redis.call('HSET', KEYS[1], 'carry', tostring(newCarry), 'effectiveRate', tostring(effectiveRate),
  'soldOut', soldOut and '1' or '0', 'lastTickMs', ARGV[1])
result[1] = serving
result[8] = seq - serving
result[9] = admittedNow + n
return result
