-- wrk script: every request carries a different user's access token (a join is per account, so replaying one
-- token would measure only rejoins of one ticket). The tokens are pre-generated into a file, one per line.
--   wrk -t1 -c64 -d10s -s loadtest/bench/wrk/per-user.lua http://127.0.0.1:3000 -- <tokens file> <METHOD> <path>
-- Each thread builds all its requests once in init (wrk.format), then only cycles through them, so the generator
-- does the same cheap work against the hello-world baseline and the join. `done` prints one line
--   WRK {"requests":…,"durationUs":…,"rps":…,"p50Us":…,"p90Us":…,"p99Us":…,"maxUs":…,"non2xx":…,"socketErrors":…}
-- for loadtest/bench/compiled-load.ts to parse.

local threads = {}

function setup(thread)
  thread:set('index', #threads)
  table.insert(threads, thread)
end

local requests = {}
local next = 1

function init(args)
  local file, method, path = args[1], args[2] or 'GET', args[3] or '/'
  local tokens = {}
  for line in io.lines(file) do
    if #line > 0 then tokens[#tokens + 1] = line end
  end
  assert(#tokens > 0, 'no tokens in ' .. tostring(file))
  for i, token in ipairs(tokens) do
    requests[i] = wrk.format(method, path, { Authorization = 'Bearer ' .. token })
  end
  -- Threads start at different places in the list, so they do not send the same user at the same moment.
  local index = tonumber(wrk.thread:get('index')) or 0
  next = (index * 7919) % #requests + 1
end

function request()
  local r = requests[next]
  next = next % #requests + 1
  return r
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests":%d,"durationUs":%d,"rps":%.1f,"p50Us":%d,"p90Us":%d,"p99Us":%d,"maxUs":%d,"non2xx":%d,"socketErrors":%d}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect + e.read + e.write + e.timeout))
end
