--[[
  Initialises a drop's Redis inventory from the MySQL truth. Idempotent: once initialised it changes
  nothing (a retried activity or a second worker cannot reset stock mid-sale) unless forced (rebuild).
  Keys left by ANOTHER drop with the same id (a database that was reset while Redis kept its data, or a
  second environment on the same Redis) are recognised by their fingerprint and discarded, so a drop can
  never inherit someone else's stock or reservations.

  KEYS[1] {drop:N}:stock                 units still available to reserve
  KEYS[2] {drop:N}:inventory-meta        hash: initialised, total, sold, fingerprint, server (the run_id of the
                                         Redis that built it: reserve distrusts a copy another incarnation holds)
  KEYS[3] {drop:N}:reservations          hash orderId -> "STATE|qty|expiresAtMs|userId" (held = STATE RESERVED)
  KEYS[4] {drop:N}:reservations:expiry   zset orderId by expiry ms
  KEYS[5] {drop:N}:user-purchases        hash userId -> units reserved or sold

  ARGV[1] total        units the drop sells in all
  ARGV[2] sold         units already sold (confirmed in MySQL)
  ARGV[3] force        "1" rebuilds even when already initialised
  ARGV[4] fingerprint  identifies this drop (its public seed hash); "" = do not check or change it
  ARGV[5] soldBaseline (optional, "" = none) the meta `sold` the caller read BEFORE it read `sold` from MySQL:
                       sales Redis confirmed since then are added, so a confirm racing the caller is never sold twice
  ARGV[6] clamp        (optional) "1": sold + held > total sets stock 0 instead of failing (reconciliation
                       repairs an oversubscribed drop; MySQL's guarded sold count refuses the excess at confirm)

  Returns { 1, stock } when it (re)initialised, { 0, stock } when it was already initialised,
          { 2, stock } when it discarded another drop's keys and initialised afresh,
          -1 when the numbers are invalid (sold + held > total, or not integers >= 0).
]]
local total = tonumber(ARGV[1])
local sold = tonumber(ARGV[2])
if not total or not sold or total < 0 or sold < 0 or total % 1 ~= 0 or sold % 1 ~= 0 then
  return -1
end

local fingerprint = ARGV[4]
local current = redis.call('HGET', KEYS[2], 'fingerprint')
local discarded = false
if fingerprint ~= '' and current and current ~= fingerprint then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5])
  discarded = true
elseif ARGV[3] ~= '1' and redis.call('HGET', KEYS[2], 'initialised') == '1' then
  return { 0, tonumber(redis.call('GET', KEYS[1]) or '0') }
end

-- Units held by live reservations stay taken: a rebuild must not sell them a second time.
local held = 0
local entries = redis.call('HVALS', KEYS[3])
for i = 1, #entries do
  local state, qty = string.match(entries[i], '^(%u+)|(%d+)')
  if state == 'RESERVED' then held = held + tonumber(qty) end
end

local stock = total - sold - held
if stock < 0 then
  if ARGV[6] ~= '1' then return -1 end
  stock = 0
end
-- Confirms that landed after the caller's MySQL read (counted neither in `sold` nor in `held`). One whose
-- MySQL commit came before that read is counted twice: stock is then low until the next repair, never high.
local baseline = tonumber(ARGV[5] or '')
if baseline then
  local nowSold = tonumber(redis.call('HGET', KEYS[2], 'sold') or '0')
  if nowSold > baseline then
    sold = sold + nowSold - baseline
    stock = math.max(0, stock - (nowSold - baseline))
  end
end

redis.call('SET', KEYS[1], stock)
redis.call('HSET', KEYS[2], 'initialised', '1', 'total', total, 'sold', sold, 'server', string.match(redis.call('INFO', 'server'), 'run_id:(%x+)'))
if fingerprint ~= '' then redis.call('HSET', KEYS[2], 'fingerprint', fingerprint) end
if discarded then return { 2, stock } end
return { 1, stock }
