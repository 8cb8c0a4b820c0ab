-- wrk script: Segment batches of 100 unique events, built before the clock starts. Each wrk
-- thread owns its bodies (its own message-id prefix) and, with several replicas, one replica.
-- Environment: PORTS (space-separated), AUTHORIZATION (the header), BODIES (per thread).
local size = 100
local per_thread = tonumber(os.getenv("BODIES") or "4000")
local ports = {}
for port in string.gmatch(os.getenv("PORTS") or "", "%d+") do ports[#ports + 1] = port end
local threads = {}

function setup(thread)
  local n = #threads + 1
  thread:set("tid", n)
  thread.addr = wrk.lookup("127.0.0.1", ports[(n - 1) % #ports + 1])[1]
  threads[n] = thread
end

function init(args)
  bodies = {}
  for b = 1, per_thread do
    local items = {}
    for i = 1, size do
      local user = (b * 7 + i) % 5000
      items[i] = string.format(
        '{"type":"track","event":"first_value_achieved","userId":"user-%d","messageId":"wrk-%d-%d-%d",' ..
        '"timestamp":"2026-11-22T10:00:00.000Z","properties":{"milestone":"first report shared","duration_ms":%d},' ..
        '"context":{"library":{"name":"analytics-python","version":"2.4.0"},"ip":"10.0.%d.%d"}}',
        user, tid, b, i, 1000 + i, i % 250, b % 250)
    end
    bodies[b] = '{"batch":[' .. table.concat(items, ",") .. '],"sentAt":"2026-11-22T10:00:01.000Z"}'
  end
  used = 0
  wrapped = 0
  wrk.headers["Authorization"] = os.getenv("AUTHORIZATION")
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  used = used + 1
  if used > #bodies then
    -- Out of fresh bodies: repeats are duplicates to the server, so the run says so.
    used = 1
    wrapped = wrapped + 1
  end
  return wrk.format("POST", "/v1/batch", nil, bodies[used])
end

function done(summary, latency, requests)
  local wrapped_total = 0
  for _, thread in ipairs(threads) do wrapped_total = wrapped_total + (thread:get("wrapped") or 0) end
  io.write(string.format(
    "RESULT requests=%d non2xx=%d errors=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d wrapped=%d\n",
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration, latency:percentile(50), latency:percentile(99), latency.max, wrapped_total))
end
