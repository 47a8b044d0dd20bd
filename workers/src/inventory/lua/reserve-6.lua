--[[
  Holds units for one order. Stock never goes below zero; the per-user limit is checked in the same
  atomic step, so two concurrent orders of one shopper cannot both pass it. Idempotent per order id:
  a retried reserve of a held order answers "already held" and takes nothing more.

  KEYS[1] {drop:N}:stock                 units still available to reserve
  KEYS[2] {drop:N}:reservations          hash orderId -> "STATE|qty|expiresAtMs|userId"
  KEYS[3] {drop:N}:reservations:expiry   zset orderId by expiresAtMs (RESERVED only)
  KEYS[4] {drop:N}:user-purchases        hash userId -> units reserved or sold
  KEYS[5] {drop:N}:inventory-meta        hash: initialised, total, sold
  KEYS[6] {drop:N}:orders:inflight       orders holding a reservation

  ARGV[1] orderId   ARGV[2] userId   ARGV[3] qty   ARGV[4] perUserLimit   ARGV[5] expiresAtMs

  Returns { 1, stockLeft } reserved now, { 2, stockLeft } already held or confirmed (a retry),
          -2 inventory not initialised, or no longer trusted (rebuild from MySQL first): the meta is missing,
             the stock key is missing, or the meta was written by another Redis incarnation (`server` is
             not this server's run_id: a restart lost the last writes, a restore from an older snapshot,
             a failover to a lagging replica), in which case the meta is marked uninitialised here,
          -3 sold out (no unit left), { -8, stockLeft } fewer units left than asked (but some),
          -4 per-user limit reached,
          -5 this order's reservation was already released (its compensation ran).
]]
local existing = redis.call('HGET', KEYS[2], ARGV[1])
if existing then
  local state = string.match(existing, '^(%u+)|')
  if state == 'RELEASED' then return -5 end
  return { 2, tonumber(redis.call('GET', KEYS[1]) or '0') }
end
if redis.call('HGET', KEYS[5], 'initialised') ~= '1' then return -2 end
-- The inventory remembers which Redis incarnation built it; any other one may hold an older copy.
local server = string.match(redis.call('INFO', 'server'), 'run_id:(%x+)')
local builtBy = redis.call('HGET', KEYS[5], 'server')
if (builtBy and builtBy ~= server) or redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[5], 'initialised', '0') -- the rebuild (which runs only when uninitialised) may start
  return -2
end
if not builtBy then redis.call('HSET', KEYS[5], 'server', server) end

local qty = tonumber(ARGV[3])
local limit = tonumber(ARGV[4])
local bought = tonumber(redis.call('HGET', KEYS[4], ARGV[2]) or '0')
if bought + qty > limit then return -4 end
local stock = tonumber(redis.call('GET', KEYS[1]) or '0')
if stock <= 0 then return -3 end
if stock < qty then return { -8, stock } end

redis.call('DECRBY', KEYS[1], qty)
redis.call('HSET', KEYS[2], ARGV[1], 'RESERVED|' .. qty .. '|' .. ARGV[5] .. '|' .. ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[1])
redis.call('HINCRBY', KEYS[4], ARGV[2], qty)
redis.call('INCR', KEYS[6])
return { 1, stock - qty }
