-- wrk script for ops/bench-http: GET /health (the baseline), reporting one machine-readable line.
-- No Connection header is set: HTTP/1.1 persists.
function done(summary, latency, requests)
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"errors":%d,"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status +
      summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
