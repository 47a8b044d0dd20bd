--[[
  RESERVED -> RELEASED: the compensation. Units go back to stock only on this transition, so a
  release that runs twice (retry, replay, reconciliation racing the workflow) returns them once.
  Releasing an order that never reserved leaves a RELEASED tombstone, so a late reserve of that order
  (a timed-out attempt still in flight) cannot take stock afterwards.

  KEYS[1] {drop:N}:stock   KEYS[2] {drop:N}:reservations   KEYS[3] {drop:N}:reservations:expiry
  KEYS[4] {drop:N}:user-purchases   KEYS[5] {drop:N}:orders:inflight

  ARGV[1] orderId   ARGV[2] userId

  Returns { 1, stock } released now, { 0, stock } nothing was held (tombstone written),
          { 2, stock } already released, -7 already confirmed (a sale is never released).
]]
local value = redis.call('HGET', KEYS[2], ARGV[1])
if not value then
  redis.call('HSET', KEYS[2], ARGV[1], 'RELEASED|0|0|' .. ARGV[2])
  return { 0, tonumber(redis.call('GET', KEYS[1]) or '0') }
end
local state, qty, expires, user = string.match(value, '^(%u+)|(%d+)|(%d+)|(%d+)')
if state == 'RELEASED' then return { 2, tonumber(redis.call('GET', KEYS[1]) or '0') } end
if state == 'CONFIRMED' then return -7 end
qty = tonumber(qty)
local stock = redis.call('INCRBY', KEYS[1], qty)
redis.call('HSET', KEYS[2], ARGV[1], 'RELEASED|' .. qty .. '|' .. expires .. '|' .. user)
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('HINCRBY', KEYS[4], user, -qty)
redis.call('DECR', KEYS[5])
return { 1, stock }
