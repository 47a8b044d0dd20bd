--[[ set-admission: an ops change to a drop's admission settings; the next tick reads them.
KEYS[1] {drop:N}:admission          hash: rate, paused, draining
ARGV    field1, value1, field2, value2, ...
Returns the old values of the fields, in order (false when unset), so the change can be audited old -> new.
]]
local old = {}
for i = 1, #ARGV, 2 do
  old[#old + 1] = redis.call('HGET', KEYS[1], ARGV[i])
end
redis.call('HSET', KEYS[1], unpack(ARGV))
return old
