--[[ close-prequeue: freeze the pre-queue at the start so its members can be shuffled outside Redis.
Joins that arrive from now until seal-prequeue go to the late list (FCFS right after the pre-queue).
KEYS[1] {drop:N}:admission          hash; phase absent -> 'sealing'
KEYS[2] {drop:N}:queue:prequeue     set of userIds
Returns {1, userId...} frozen members (also when already sealing: a crashed controller's work is redone
  identically); {-1} when the queue is already open.
]]
local phase = redis.call('HGET', KEYS[1], 'phase')
if phase == 'open' then return {-1} end
if not phase then redis.call('HSET', KEYS[1], 'phase', 'sealing') end
local members = redis.call('SMEMBERS', KEYS[2])
table.insert(members, 1, 1)
return members
