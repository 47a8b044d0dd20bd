--[[ burn-token: spend an admission token exactly once.
KEYS[1] {drop:N}:tokens:burned      hash jti -> idempotency key of the request that spent it ("left" = voided by a leave)
KEYS[2] {drop:N}:admitted           zset userId -> checkout deadline ms (the shopper leaves it)
KEYS[3] {drop:N}:admission:tokens   hash userId -> issued token (no longer handed out once spent)
KEYS[4] {drop:N}:admission:outcomes hash "u:<bucket>"/"b:<bucket>" -> units ordered / buyers (the measured conversion)
ARGV[1] jti
ARGV[2] idempotency key (8+ characters, so never "left")
ARGV[3] user id
ARGV[4] retention ms for the burned hash (kept past any token lifetime)
ARGV[5] units ordered
ARGV[6] outcome bucket (now ms / bucket ms, floored)
Returns  1 burned now; 0 already burned by the same idempotency key (a retry); -1 burned by another key;
  -2 voided: the shopper left the queue.
]]
local previous = redis.call('HGET', KEYS[1], ARGV[1])
if previous then
  if previous == ARGV[2] then return 0 end
  if previous == 'left' then return -2 end
  return -1
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
-- Counted as a buy only while the admission was open (an expired one was already counted as a no-show).
if redis.call('ZREM', KEYS[2], ARGV[3]) == 1 then
  redis.call('HINCRBY', KEYS[4], 'u:' .. ARGV[6], ARGV[5])
  redis.call('HINCRBY', KEYS[4], 'b:' .. ARGV[6], 1)
end
redis.call('HDEL', KEYS[3], ARGV[3])
return 1
