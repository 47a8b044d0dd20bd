--[[ tick: the measuring half of one admission step (run by the controller holding the drop's lease). It
expires no-shows and records whether the drop is sold out; admission-bounds.ts then decides how many to
admit and admit-5.lua admits them.
KEYS[1]  {drop:N}:admission          hash: phase, rate, paused, draining, soldOut, carry, noShows, ...
KEYS[2]  {drop:N}:queue:serving      highest admitted ticket
KEYS[3]  {drop:N}:queue:seq          last ticket handed out
KEYS[4]  {drop:N}:admitted           zset userId -> checkout deadline ms
KEYS[5]  {drop:N}:stock              sellable units (absent = inventory not initialised)
KEYS[6]  {drop:N}:admission:tokens   hash userId -> issued token (dropped for no-shows)
KEYS[7]  {drop:N}:orders:inflight    orders holding a reservation, not final (optional, written by the orders)
KEYS[8]  {drop:N}:orders:latency     list of recent confirm latencies ms, newest first (optional)
KEYS[9]  {drop:N}:orders:confirmed   hash epoch second -> orders confirmed (optional)
KEYS[10] {drop:N}:admission:outcomes hash "u:<b>", "b:<b>", "n:<b>" -> units bought, buyers, non-buyers per bucket
ARGV[1] now ms
ARGV[2] default rate per second (drops.admission_rate_per_s, used until ops set one)
ARGV[3] how many latency samples to average
ARGV[4] seconds of confirmations to measure the sustained rate over
ARGV[5] outcome bucket ms
ARGV[6] outcome buckets in the conversion window
ARGV[7] checkout window ms
ARGV[8] decide ms: an admitted shopper without an order after this long counts as not buying
Returns {-1} while the pre-queue is not sealed, else
  {rate, paused, draining, carry, serving, seq, stock (-1 = not initialised), admittedNow, soldOut, soldOutChange,
   noShowsExpired, inflight (-1 = unknown), latencyAvgMs (-1 = none), confirmed, confirmedSeconds,
   units, buyers, nonBuyers, undecided, confirmedLastSecond}; rate and carry are strings (they may be fractional).
]]
local now = tonumber(ARGV[1])
local a = redis.call('HMGET', KEYS[1], 'phase', 'rate', 'paused', 'draining', 'soldOut', 'carry')
if a[1] ~= 'open' then return {-1} end
local bucketMs = tonumber(ARGV[5])
local bucket = math.floor(now / bucketMs)

-- No-shows: their checkout window passed without an order; they count as admissions that did not buy.
local expired = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now)
if #expired > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)
  redis.call('HDEL', KEYS[6], unpack(expired))
  redis.call('HINCRBY', KEYS[1], 'noShows', #expired)
  redis.call('HINCRBY', KEYS[10], 'n:' .. bucket, #expired)
end

local stockRaw = redis.call('GET', KEYS[5])
local stock = tonumber(stockRaw or '-1')
local soldOut = stockRaw ~= false and stock <= 0
local wasSoldOut = a[5] == '1'
local change = 0
if soldOut and not wasSoldOut then change = 1 elseif wasSoldOut and not soldOut then change = -1 end
redis.call('HSET', KEYS[1], 'soldOut', soldOut and '1' or '0')

local inflight = tonumber(redis.call('GET', KEYS[7]) or '-1') or -1
local latency = -1
local samples = redis.call('LRANGE', KEYS[8], 0, tonumber(ARGV[3]) - 1)
local sum, n = 0, 0
for _, s in ipairs(samples) do
  local v = tonumber(s)
  if v then sum, n = sum + v, n + 1 end
end
if n > 0 then latency = sum / n end

-- Sustained confirm rate: the full seconds of the window, counted from the first one with a confirmation
-- (a pipeline that only just started is not averaged over seconds it did not run).
local second = math.floor(now / 1000)
local span = tonumber(ARGV[4])
local fields = {}
for i = 1, span do fields[i] = tostring(second - i) end
local counts = redis.call('HMGET', KEYS[9], unpack(fields))
local confirmed, seconds = 0, 0
for i = 1, span do
  local c = tonumber(counts[i] or '0') or 0
  if c > 0 then seconds = i end
  confirmed = confirmed + c
end
if redis.call('HLEN', KEYS[9]) > 4 * span then
  for _, f in ipairs(redis.call('HKEYS', KEYS[9])) do
    if tonumber(f) < second - span then redis.call('HDEL', KEYS[9], f) end
  end
end

local windowBuckets = tonumber(ARGV[6])
local ofields = {}
for i = 0, windowBuckets - 1 do
  ofields[#ofields + 1] = 'u:' .. (bucket - i)
  ofields[#ofields + 1] = 'b:' .. (bucket - i)
  ofields[#ofields + 1] = 'n:' .. (bucket - i)
end
local o = redis.call('HMGET', KEYS[10], unpack(ofields))
local units, buyers, nonBuyers = 0, 0, 0
for i = 1, #ofields, 3 do
  units = units + (tonumber(o[i] or '0') or 0)
  buyers = buyers + (tonumber(o[i + 1] or '0') or 0)
  nonBuyers = nonBuyers + (tonumber(o[i + 2] or '0') or 0)
end
if redis.call('HLEN', KEYS[10]) > 6 * windowBuckets then
  for _, f in ipairs(redis.call('HKEYS', KEYS[10])) do
    local b = tonumber(string.sub(f, 3))
    if b and b <= bucket - windowBuckets then redis.call('HDEL', KEYS[10], f) end
  end
end
-- Admitted at least `decide` ms ago (deadline = admitted at + window) and still without an order.
local undecided = redis.call('ZCOUNT', KEYS[4], '-inf', now + tonumber(ARGV[7]) - tonumber(ARGV[8]))

return {a[2] or ARGV[2], a[3] == '1' and 1 or 0, a[4] == '1' and 1 or 0, a[6] or '0',
  tonumber(redis.call('GET', KEYS[2]) or '0'), tonumber(redis.call('GET', KEYS[3]) or '0'), stock,
  redis.call('ZCARD', KEYS[4]), soldOut and 1 or 0, change, #expired, inflight, tostring(latency), confirmed, seconds,
  units, buyers, nonBuyers, undecided, tonumber(counts[1] or '0') or 0}
