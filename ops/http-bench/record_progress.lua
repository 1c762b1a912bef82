-- wrk script for ops/bench-http: POST RecordProgress with a body that differs on every request
-- (realisasi and note carry a per-thread counter), so every request appends an event.
-- Environment: KINERJA_BENCH_PATH (the progress route), KINERJA_BENCH_TOKEN (bearer token),
-- KINERJA_BENCH_PERIOD, KINERJA_BENCH_RHK. No Connection header is set: HTTP/1.1 persists.
local path = os.getenv("KINERJA_BENCH_PATH")
local token = os.getenv("KINERJA_BENCH_TOKEN")
local period = os.getenv("KINERJA_BENCH_PERIOD")
local rhk = os.getenv("KINERJA_BENCH_RHK") or "rhk-1"

local threads = {}
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
  table.insert(threads, thread)
end

local counter = 0
local statuses = {}

function init(args)
  counter = 0
  statuses = {}
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"period":"%s","rhkId":"%s","indikatorIndex":0,"realisasi":%d,"note":"wrk %d-%d"}',
    period, rhk, counter, tid, counter)
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local codes = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    if s then
      for code, n in pairs(s) do codes[code] = (codes[code] or 0) + n end
    end
  end
  local parts = {}
  for code, n in pairs(codes) do table.insert(parts, string.format('"%d":%d', code, n)) end
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"errors":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,"statuses":{%s}}\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status +
      summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), latency.max, table.concat(parts, ",")))
end
