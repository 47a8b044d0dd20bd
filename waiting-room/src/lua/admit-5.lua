--[[ admit: the applying half of one admission step: call the next `n` shoppers still in line.
KEYS[1] {drop:N}:admission          hash: carry, effectiveRate, boundBy, ... (written for ops and the next tick)
KEYS[2] {drop:N}:queue:serving      highest admitted ticket
KEYS[3] {drop:N}:queue:seq          last ticket handed out
KEYS[4] {drop:N}:admitted           zset userId -> checkout deadline ms
KEYS[5] {drop:N}:queue:owners       hash ticket -> userId (a ticket whose shopper left has none: skipped)
ARGV[1] now ms
ARGV[2] n: shoppers to admit (admission-bounds.ts)
ARGV[3] checkout deadline ms
ARGV[4] most vacated tickets skipped in one step (bounds the work; the rest are skipped next tick)
ARGV[5..] field, value pairs stored in the admission hash (carry, effectiveRate, boundBy, conversion, ...)
Returns {serving, admittedNow, queueLength, userId1, ticket1, userId2, ticket2, ...}
]]
local n = tonumber(ARGV[2])
local maxSkip = tonumber(ARGV[4])
local serving = tonumber(redis.call('GET', KEYS[2]) or '0')
local seq = tonumber(redis.call('GET', KEYS[3]) or '0')
local result = {0, 0, 0}
local t, admitted, skipped = serving, 0, 0
while admitted < n and t < seq and skipped <= maxSkip do
  t = t + 1
  local uid = redis.call('HGET', KEYS[5], t)
  if uid then
    redis.call('ZADD', KEYS[4], ARGV[3], uid)
    result[#result + 1] = uid
    result[#result + 1] = t
    admitted = admitted + 1
  else
    skipped = skipped + 1
  end
end
if t > serving then redis.call('SET', KEYS[2], t) end
if admitted > 0 then redis.call('HINCRBY', KEYS[1], 'admittedTotal', admitted) end
local fields = {'lastTickMs', ARGV[1]}
for i = 5, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
result[1] = t
result[2] = redis.call('ZCARD', KEYS[4])
result[3] = seq - t
return result
