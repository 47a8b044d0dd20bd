--[[ status: everything one shopper's queue page shows, read in one atomic step.
KEYS[1] {drop:N}:queue:tickets      hash userId -> ticket
KEYS[2] {drop:N}:queue:serving
KEYS[3] {drop:N}:queue:seq
KEYS[4] {drop:N}:admission          hash (see join-7.lua)
KEYS[5] {drop:N}:admitted           zset userId -> checkout deadline ms
KEYS[6] {drop:N}:admission:tokens   hash userId -> issued admission token
KEYS[7] {drop:N}:tokens:burned      hash jti -> idempotency key
KEYS[8] {drop:N}:stock              sellable units
ARGV[1] user id
ARGV[2] jti prefix ("adm-<dropId>-"; the jti is prefix .. ticket)
Returns {ticket (-1 = never joined), serving, seq, effectiveRate, paused, draining, soldOut, stock (-1 = not initialised),
  deadline ms ('' = not admitted), token ('' = none stored), burned (1/0)}
]]
local uid = ARGV[1]
local ticket = redis.call('HGET', KEYS[1], uid)
local state = redis.call('HMGET', KEYS[4], 'effectiveRate', 'paused', 'draining', 'soldOut', 'rate')
local stock = redis.call('GET', KEYS[8])
local deadline, token, burned = '', '', 0
if ticket and ticket ~= '0' then
  deadline = redis.call('ZSCORE', KEYS[5], uid) or ''
  token = redis.call('HGET', KEYS[6], uid) or ''
  if redis.call('HEXISTS', KEYS[7], ARGV[2] .. ticket) == 1 then burned = 1 end
end
return {tonumber(ticket or '-1'), tonumber(redis.call('GET', KEYS[2]) or '0'), tonumber(redis.call('GET', KEYS[3]) or '0'),
  state[1] or state[5] or '0', state[2] or '0', state[3] or '0', state[4] or '0', tonumber(stock or '-1'),
  deadline, token, burned}
