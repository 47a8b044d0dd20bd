--[[
  Releases the listed reservations that are still RESERVED and past their expiry (reconciliation
  passes the expired orders MySQL does not call confirmed). The expiry is re-checked here, atomically,
  so an order confirmed in between is never released.

  KEYS[1] {drop:N}:stock   KEYS[2] {drop:N}:reservations   KEYS[3] {drop:N}:reservations:expiry
  KEYS[4] {drop:N}:user-purchases   KEYS[5] {drop:N}:orders:inflight

  ARGV[1] nowMs   ARGV[2..] orderIds

  Returns the list of order ids released now.
]]
local now = tonumber(ARGV[1])
local released = {}
for i = 2, #ARGV do
  local value = redis.call('HGET', KEYS[2], ARGV[i])
  if value then
    local state, qty, expires, user = string.match(value, '^(%u+)|(%d+)|(%d+)|(%d+)')
    if state == 'RESERVED' and tonumber(expires) <= now then
      redis.call('INCRBY', KEYS[1], qty)
      redis.call('HSET', KEYS[2], ARGV[i], 'RELEASED|' .. qty .. '|' .. expires .. '|' .. user)
      redis.call('ZREM', KEYS[3], ARGV[i])
      redis.call('HINCRBY', KEYS[4], user, -tonumber(qty))
      redis.call('DECR', KEYS[5])
      released[#released + 1] = ARGV[i]
    end
  end
end
return released
