-- wrk script for ops/bench-http: POST RecordProgress with a body that differs on every request
-- (realisasi and note carry a per-thread counter), so every request appends an event.
-- Each wrk thread cycles through its own share of the seeded pegawai (every pegawai has one SKP
-- stream; two requests on one stream at the same time would race, and the loser gets 409 by
-- design), so with many more pegawai than connections the requests in flight hit distinct streams.
-- Environment: KINERJA_BENCH_PEOPLE (file: one "<nip> <token>" line per seeded pegawai),
-- KINERJA_BENCH_THREADS (wrk -t), KINERJA_BENCH_YEAR, KINERJA_BENCH_PERIOD, KINERJA_BENCH_RHK.
-- No Connection header is set: HTTP/1.1 persists.
local year = os.getenv("KINERJA_BENCH_YEAR")
local period = os.getenv("KINERJA_BENCH_PERIOD")
local rhk = os.getenv("KINERJA_BENCH_RHK") or "rhk-1"

local threads = {}
local next_tid = 0

function setup(thread)
  next_tid = next_tid + 1
  thread:set("tid", next_tid)
  table.insert(threads, thread)
end

local people = {}
local counter = 0
statuses = {}  -- global: read back by done() through thread:get

function init(args)
  local all = {}
  for line in io.lines(os.getenv("KINERJA_BENCH_PEOPLE")) do
    local nip, token = line:match("^(%d+) (%S+)$")
    if nip then table.insert(all, {nip = nip, token = token}) end
  end
  local nthreads = tonumber(os.getenv("KINERJA_BENCH_THREADS") or "1")
  for i, p in ipairs(all) do
    if (i - 1) % nthreads == tid - 1 then table.insert(people, p) end
  end
end

function request()
  counter = counter + 1
  local p = people[(counter - 1) % #people + 1]
  local body = string.format(
    '{"period":"%s","rhkId":"%s","indikatorIndex":0,"realisasi":%d,"note":"wrk %d-%d"}',
    period, rhk, counter, tid, counter)
  return wrk.format("POST", "/v1/employees/" .. p.nip .. "/work-plans/" .. year .. "/progress", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. p.token,
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
