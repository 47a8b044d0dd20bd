--[[ leave: a shopper gives up their place (an explicit leave from the page). An admission they held is
freed at once (the next tick admits the next shopper) and its token voided; idempotent.
KEYS[1]  {drop:N}:queue:tickets      hash userId -> ticket ("0" = in the pre-queue)
KEYS[2]  {drop:N}:queue:owners       hash ticket -> userId (removed: the tick skips the ticket)
KEYS[3]  {drop:N}:queue:prequeue     set of userIds waiting for the shuffle
KEYS[4]  {drop:N}:queue:late         list of userIds who joined while the pre-queue was being sealed
KEYS[5]  {drop:N}:admission          hash: phase, ...
KEYS[6]  {drop:N}:admitted           zset userId -> checkout deadline ms
KEYS[7]  {drop:N}:admission:tokens   hash userId -> issued token
KEYS[8]  {drop:N}:tokens:burned      hash jti -> idempotency key; "left" voids the jti
KEYS[9]  {drop:N}:queue:left         hash userId -> the ticket given up
KEYS[10] {drop:N}:admission:outcomes hash "n:<bucket>" -> admissions that did not buy
ARGV[1] user id
ARGV[2] jti prefix ("adm-<dropId>-"; the jti is prefix .. ticket)
ARGV[3] retention ms for the burned hash
ARGV[4] outcome bucket (now ms / bucket ms, floored)
Returns {1, ticket, freed (1 = an open admission was given back)} left now; {2, ticket, 0} had already left;
  {3, ticket, 0} the admission was already spent on an order (nothing changes: the page may send a leave on
  unload after buying); {-1} never joined; {-2} in the pre-queue while it is being shuffled (a moment; try again).
]]
local uid = ARGV[1]
local ticket = redis.call('HGET', KEYS[1], uid)
if not ticket then
  local gaveUp = redis.call('HGET', KEYS[9], uid)
  if gaveUp then return {2, tonumber(gaveUp), 0} end
  return {-1}
end
if ticket ~= '0' then
  local spent = redis.call('HGET', KEYS[8], ARGV[2] .. ticket)
  if spent and spent ~= 'left' then return {3, tonumber(ticket), 0} end
end
if ticket == '0' then
  if redis.call('HGET', KEYS[5], 'phase') == 'sealing' then
    -- The frozen pre-queue is being shuffled outside Redis; only a late joiner can step out now.
    if redis.call('LREM', KEYS[4], 0, uid) == 0 then return {-2} end
  else
    redis.call('SREM', KEYS[3], uid)
  end
else
  redis.call('HDEL', KEYS[2], ticket)
end
redis.call('HDEL', KEYS[1], uid)
redis.call('HSET', KEYS[9], uid, ticket)
local freed = 0
if ticket ~= '0' then
  freed = redis.call('ZREM', KEYS[6], uid)
  redis.call('HDEL', KEYS[7], uid)
  -- The token (issued or not yet) can never be spent now.
  redis.call('HSET', KEYS[8], ARGV[2] .. ticket, 'left')
  redis.call('PEXPIRE', KEYS[8], ARGV[3])
  if freed == 1 then redis.call('HINCRBY', KEYS[10], 'n:' .. ARGV[4], 1) end
end
return {1, tonumber(ticket), freed}
