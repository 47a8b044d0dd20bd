--[[
  Reads stock and meta in one atomic step so the numbers agree with each other.

  KEYS[1] {drop:N}:stock
  KEYS[2] {drop:N}:inventory-meta

  Returns { initialised (0|1), stock, total, sold }.
]]
local meta = redis.call('HMGET', KEYS[2], 'initialised', 'total', 'sold')
return {
  meta[1] == '1' and 1 or 0,
  tonumber(redis.call('GET', KEYS[1]) or '0'),
  tonumber(meta[2] or '0'),
  tonumber(meta[3] or '0'),
}
