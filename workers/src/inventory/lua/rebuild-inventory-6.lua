--[[
  Rebuilds a drop's whole inventory from MySQL after Redis lost it (inventory-meta missing): confirmed
  orders, live reservations, per-user purchases, stock = total - sold - held. Runs only when the
  inventory is not initialised, so two rebuilders racing cannot undo sales made after the first one.

  KEYS[1] {drop:N}:stock   KEYS[2] {drop:N}:reservations   KEYS[3] {drop:N}:reservations:expiry
  KEYS[4] {drop:N}:user-purchases   KEYS[5] {drop:N}:inventory-meta   KEYS[6] {drop:N}:orders:inflight

  ARGV[1] total
  ARGV[2] JSON object: confirmed = list of (orderId, userId, qty); reserved = list of (orderId, userId, qty, expiresAtMs)

  Returns { 1, stock } rebuilt, { 0, stock } already initialised (nothing changed).
  sold + held > total (MySQL holds more than the drop has) rebuilds with stock 0 rather than fail: nothing
  more is sold, and MySQL's guarded sold count refuses any excess at confirm.
]]
if redis.call('HGET', KEYS[5], 'initialised') == '1' then
  return { 0, tonumber(redis.call('GET', KEYS[1]) or '0') }
end
local total = tonumber(ARGV[1])
local data = cjson.decode(ARGV[2])
local sold, held, inflight = 0, 0, 0
for _, o in ipairs(data.confirmed) do sold = sold + tonumber(o[3]) end
for _, o in ipairs(data.reserved) do held = held + tonumber(o[3]) end
local stock = math.max(0, total - sold - held)

redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
for _, o in ipairs(data.confirmed) do
  redis.call('HSET', KEYS[2], o[1], 'CONFIRMED|' .. o[3] .. '|0|' .. o[2])
  redis.call('HINCRBY', KEYS[4], o[2], o[3])
end
for _, o in ipairs(data.reserved) do
  redis.call('HSET', KEYS[2], o[1], 'RESERVED|' .. o[3] .. '|' .. o[4] .. '|' .. o[2])
  redis.call('ZADD', KEYS[3], o[4], o[1])
  redis.call('HINCRBY', KEYS[4], o[2], o[3])
  inflight = inflight + 1
end
redis.call('SET', KEYS[1], stock)
redis.call('SET', KEYS[6], inflight)
redis.call('HSET', KEYS[5], 'initialised', '1', 'total', total, 'sold', sold, 'server', string.match(redis.call('INFO', 'server'), 'run_id:(%x+)'))
return { 1, stock }
