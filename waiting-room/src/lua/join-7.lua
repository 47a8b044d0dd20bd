--[[ join: give a shopper their one place in a drop's queue (idempotent per account).
KEYS[1] {drop:N}:queue:tickets    hash userId -> ticket ("0" = in the pre-queue, ticket assigned at the start)
KEYS[2] {drop:N}:queue:owners     hash ticket -> userId
KEYS[3] {drop:N}:queue:seq        last ticket handed out
KEYS[4] {drop:N}:queue:prequeue   set of userIds waiting for the shuffle
KEYS[5] {drop:N}:queue:late       list of userIds who joined while the pre-queue was being sealed (FCFS after it)
KEYS[6] {drop:N}:admission        hash: phase (absent|sealing|open), rate, effectiveRate, paused, draining, soldOut, ...
KEYS[7] {drop:N}:queue:serving    highest admitted ticket
ARGV[1] user id
Returns {code, ticket, serving, seq, effectiveRate, paused, soldOut}
  code 1 new ticket (FCFS), 2 already had one (same answer again), 3 joined the pre-queue (ticket 0 until the start),
  -1 queue is draining (no new places); rates are strings (may be fractional).
]]
local uid = ARGV[1]
local state = redis.call('HMGET', KEYS[6], 'phase', 'effectiveRate', 'paused', 'draining', 'soldOut', 'rate')
local phase, rate = state[1], state[2] or state[6] or '0'
local function answer(code, ticket)
  return {code, ticket, tonumber(redis.call('GET', KEYS[7]) or '0'), tonumber(redis.call('GET', KEYS[3]) or '0'),
    rate, state[3] or '0', state[5] or '0'}
end

local existing = redis.call('HGET', KEYS[1], uid)
if existing then return answer(2, tonumber(existing)) end
if state[4] == '1' then return answer(-1, 0) end

if phase == 'open' then
  local ticket = redis.call('INCR', KEYS[3])
  redis.call('HSET', KEYS[1], uid, ticket)
  redis.call('HSET', KEYS[2], ticket, uid)
  return answer(1, ticket)
end
redis.call('HSET', KEYS[1], uid, 0)
if phase == 'sealing' then
  redis.call('RPUSH', KEYS[5], uid)
else
  redis.call('SADD', KEYS[4], uid)
end
return answer(3, 0)
