--[[ burn-token: spend an admission token exactly once.
KEYS[1] {drop:N}:tokens:burned      hash jti -> idempotency key of the request that spent it
KEYS[2] {drop:N}:admitted           zset userId -> checkout deadline ms (the shopper leaves it)
KEYS[3] {drop:N}:admission:tokens   hash userId -> issued token (no longer handed out once spent)
ARGV[1] jti
ARGV[2] idempotency key
ARGV[3] user id
ARGV[4] retention ms for the burned hash (kept past any token lifetime)
Returns  1 burned now; 0 already burned by the same idempotency key (a retry); -1 burned by another key.
]]
local previous = redis.call('HGET', KEYS[1], ARGV[1])
if previous then
  if previous == ARGV[2] then return 0 end
  return -1
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('ZREM', KEYS[2], ARGV[3])
redis.call('HDEL', KEYS[3], ARGV[3])
return 1
