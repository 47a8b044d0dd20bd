--[[
  RESERVED -> CONFIRMED: the held units become sold. Runs after MySQL committed the sale, so if the
  reservation was released meanwhile (expired by reconciliation) it takes the units back when they are
  still free rather than leave Redis disagreeing with MySQL.

  KEYS[1] {drop:N}:stock   KEYS[2] {drop:N}:reservations   KEYS[3] {drop:N}:reservations:expiry
  KEYS[4] {drop:N}:user-purchases   KEYS[5] {drop:N}:inventory-meta   KEYS[6] {drop:N}:orders:inflight

  ARGV[1] orderId

  Returns { 1, stock, total, sold } confirmed now, { 2, ... } already confirmed (a retry),
          { 3, ... } confirmed by taking released units back,
          -5 released and the units are gone (reconciliation reports it), -6 no such reservation.
]]
local value = redis.call('HGET', KEYS[2], ARGV[1])
if not value then return -6 end
local state, qty, expires, user = string.match(value, '^(%u+)|(%d+)|(%d+)|(%d+)')
qty = tonumber(qty)
local code = 1
if state == 'CONFIRMED' then
  code = 2
elseif state == 'RELEASED' then
  if qty == 0 then return -6 end -- a tombstone: the order never held anything
  local stock = tonumber(redis.call('GET', KEYS[1]) or '0')
  if stock < qty then return -5 end
  redis.call('DECRBY', KEYS[1], qty)
  redis.call('HINCRBY', KEYS[4], user, qty)
  code = 3
else
  redis.call('DECR', KEYS[6])
  redis.call('ZREM', KEYS[3], ARGV[1])
end
if code ~= 2 then
  redis.call('HSET', KEYS[2], ARGV[1], 'CONFIRMED|' .. qty .. '|' .. expires .. '|' .. user)
  redis.call('HINCRBY', KEYS[5], 'sold', qty)
end
local meta = redis.call('HMGET', KEYS[5], 'total', 'sold')
return { code, tonumber(redis.call('GET', KEYS[1]) or '0'), tonumber(meta[1] or '0'), tonumber(meta[2] or '0') }
