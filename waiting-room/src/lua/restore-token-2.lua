--[[ restore-token: give an admission back to a shopper whose order was refused for stock it did not get
(not_enough_stock found by the reserve itself, after the token was spent): they may ask again for fewer units.
KEYS[1] {drop:N}:tokens:burned      hash jti -> idempotency key of the request that spent it
KEYS[2] {drop:N}:admitted           zset userId -> checkout deadline ms
ARGV[1] jti
ARGV[2] idempotency key of the refused request (only its own burn is undone)
ARGV[3] user id
ARGV[4] checkout deadline ms (the token's expiry)
ARGV[5] now ms
Returns 1 restored; 0 not burned by this request (a twin already restored it, or another key spent it) or
  the checkout window is over.
]]
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
if tonumber(ARGV[4]) <= tonumber(ARGV[5]) then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
return 1
