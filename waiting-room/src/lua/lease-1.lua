--[[ lease: one admission controller per drop. Take the lease if free, renew it if ours.
KEYS[1] {drop:N}:controller-lock    string owner id, with a PX expiry
ARGV[1] owner id (host:pid:random)
ARGV[2] lease length ms (a few ticks, so a dead controller's drops move on quickly)
Returns 1 we hold the lease; 0 another controller does.
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0
