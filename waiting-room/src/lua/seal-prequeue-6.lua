--[[ seal-prequeue: hand out tickets 1..k in the shuffled order, then k+1.. to the late joiners, and open the queue.
KEYS[1] {drop:N}:admission          hash; phase 'sealing' -> 'open'
KEYS[2] {drop:N}:queue:prequeue     set of userIds (frozen by close-prequeue)
KEYS[3] {drop:N}:queue:late         list of userIds who joined while sealing
KEYS[4] {drop:N}:queue:tickets      hash userId -> ticket
KEYS[5] {drop:N}:queue:owners       hash ticket -> userId
KEYS[6] {drop:N}:queue:seq          set to the last ticket handed out
ARGV    the pre-queue userIds in shuffled order (ticket 1 first)
Returns {k, lateUserId...}: k pre-queue tickets, then the late joiners who got k+1, k+2, ... in order;
  -1 not sealing (already open or never closed); -2 ARGV is not exactly the frozen pre-queue.
]]
if redis.call('HGET', KEYS[1], 'phase') ~= 'sealing' then return -1 end
local k = #ARGV
if redis.call('SCARD', KEYS[2]) ~= k then return -2 end
for i = 1, k do
  if redis.call('SISMEMBER', KEYS[2], ARGV[i]) == 0 then return -2 end
end
for i = 1, k do
  redis.call('HSET', KEYS[4], ARGV[i], i)
  redis.call('HSET', KEYS[5], i, ARGV[i])
end
local late = redis.call('LRANGE', KEYS[3], 0, -1)
for i, uid in ipairs(late) do
  redis.call('HSET', KEYS[4], uid, k + i)
  redis.call('HSET', KEYS[5], k + i, uid)
end
redis.call('SET', KEYS[6], k + #late)
redis.call('DEL', KEYS[3])
redis.call('HSET', KEYS[1], 'phase', 'open', 'prequeueSize', k)
table.insert(late, 1, k)
return late
