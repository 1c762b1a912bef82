#!/usr/bin/env python3
"""Command -> read-model freshness for ops/bench-http (stdlib only).

Over one persistent HTTP/1.1 connection per role, repeats: POST RecordProgress (expects 201 and
the answer's "position"), then at once GET the work plan read model with ?minPosition=<position>
on a second connection. Freshness = time from the 201 having arrived to the read model's 200
having arrived, i.e. how long a frontend that reads its own write waits, including one loopback
round trip. Prints one line: FRESHNESS_JSON {...} with p50/p99/max in milliseconds.
"""
import argparse
import http.client
import json
import sys
import time


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--nip", required=True)
    ap.add_argument("--year", required=True)
    ap.add_argument("--period", required=True)
    ap.add_argument("--rhk", default="rhk-1")
    ap.add_argument("--token", required=True, help="the pegawai's bearer token")
    ap.add_argument("--samples", type=int, default=500)
    args = ap.parse_args()

    auth = {"Authorization": "Bearer " + args.token}
    post_path = "/v1/employees/%s/work-plans/%s/progress" % (args.nip, args.year)
    read_path = "/v1/employees/%s/work-plans/%s" % (args.nip, args.year)
    writer = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
    reader = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
    fresh_ms = []
    failures = 0
    for i in range(args.samples):
        body = json.dumps({"period": args.period, "rhkId": args.rhk, "indikatorIndex": 0,
                           "realisasi": 100000 + i, "note": "freshness %d" % i})
        writer.request("POST", post_path, body=body,
                       headers=dict(auth, **{"Content-Type": "application/json"}))
        answer = writer.getresponse()
        raw = answer.read()
        t_command = time.perf_counter()
        if answer.status != 201:
            failures += 1
            sys.stderr.write("command answered %d: %s\n" % (answer.status, raw[:300]))
            if failures > 10:
                break
            continue
        position = json.loads(raw)["position"]
        reader.request("GET", "%s?minPosition=%d" % (read_path, position), headers=auth)
        read = reader.getresponse()
        read_body = read.read()
        t_read = time.perf_counter()
        if read.status != 200:
            failures += 1
            sys.stderr.write("read model answered %d: %s\n" % (read.status, read_body[:300]))
            if failures > 10:
                break
            continue
        fresh_ms.append((t_read - t_command) * 1000.0)
    fresh_ms.sort()
    print("FRESHNESS_JSON " + json.dumps({
        "samples": len(fresh_ms), "failures": failures,
        "p50_ms": percentile(fresh_ms, 50), "p99_ms": percentile(fresh_ms, 99),
        "max_ms": fresh_ms[-1] if fresh_ms else float("nan")}))
    return 0 if fresh_ms and failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
