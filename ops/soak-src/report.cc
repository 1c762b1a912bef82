#include "ops/soak-src/report.h"

#include <cstdarg>
#include <cstdio>
#include <vector>

#include "api/http/json.h"

namespace kinerja::soak {

namespace {

std::string Format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
std::string Format(const char* fmt, ...) {
  char buf[1024];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, args);
  va_end(args);
  return buf;
}

double Ms(uint64_t micros) { return static_cast<double>(micros) / 1000.0; }

std::string Latencies(const HistogramCounts& h) {
  return Format("%.1f / %.1f / %.1f ms", Ms(h.Percentile(50)), Ms(h.Percentile(99)),
                Ms(h.Percentile(99.9)));
}

uint64_t NonOk(const StatsSnapshot& s, int op) {
  uint64_t n = 0;
  for (int code = 0; code < kStatusSlots; ++code) {
    if (code < 200 || code >= 300) n += s.status[op][code];
  }
  return n;
}

double MiB(double bytes) { return bytes / (1024.0 * 1024.0); }

// " (malloc 88/121, rocks 96 + 4 idx, aggregates 31.0 ev, dashboards 0.4)": malloc's bytes in
// use / held, and the caches kinerjad reports.
std::string MemoryNote(const MemoryBreakdown& m) {
  if (!m.known) return "";
  return Format(" (malloc %.0f/%.0f, rocks %.0f + %.0f idx, aggregates %.1f ev, dashboards %.1f)",
                MiB(m.malloc_in_use), MiB(m.malloc_held), MiB(m.rocks_block_cache),
                MiB(m.rocks_table_readers), MiB(m.aggregate_event_bytes),
                MiB(m.dashboard_bytes));
}

}  // namespace

std::string ProgressLine(const Tick& t) {
  const HistogramCounts reads = t.now->Class(false).Minus(t.before->Class(false));
  const HistogramCounts cmds = t.now->Class(true).Minus(t.before->Class(true));
  const double secs = t.interval_s > 0 ? t.interval_s : 1;
  const uint64_t c4 = t.now->StatusCount(400, 499), c5 = t.now->StatusCount(500, 599);
  const uint64_t err = t.now->StatusCount(0, 0);
  return Format(
      "[%6.0fs] %6.0f req/s (reads %5.0f, commands %5.0f) | read p50/p99 %6.1f/%7.1f ms | "
      "cmd p50/p99 %6.1f/%7.1f ms | 4xx %llu 5xx %llu err %llu | RSS %.1f MiB%s%s",
      t.seconds, (reads.total + cmds.total) / secs, reads.total / secs, cmds.total / secs,
      Ms(reads.Percentile(50)), Ms(reads.Percentile(99)), Ms(cmds.Percentile(50)),
      Ms(cmds.Percentile(99)), static_cast<unsigned long long>(c4),
      static_cast<unsigned long long>(c5), static_cast<unsigned long long>(err),
      static_cast<double>(t.rss_kib) / 1024.0, MemoryNote(t.memory).c_str(),
      t.server_alive ? "" : " | SERVER GONE");
}

Outcome Judge(const StatsSnapshot& load, const RssVerdict& rss, const RunFacts& facts) {
  Outcome o;
  o.fivexx = load.StatusCount(500, 599);
  o.transport = load.StatusCount(0, 0);
  o.fourxx = load.StatusCount(400, 499);
  if (o.fivexx > 0) o.reasons.push_back(std::to_string(o.fivexx) + " answers were 5xx");
  if (o.transport > 0) {
    o.reasons.push_back(std::to_string(o.transport) + " requests failed in transport");
  }
  if (facts.server_died) o.reasons.push_back("kinerjad exited during the soak");
  if (rss.kind == RssVerdict::kGrowing) o.reasons.push_back("RSS kept growing: " + rss.explanation);
  o.failed = !o.reasons.empty();
  return o;
}

std::string Summary(const RunFacts& f, const StatsSnapshot& s,
                    const std::map<std::string, std::pair<uint64_t, std::string>>& problems,
                    const std::vector<RssSample>& rss, const RssVerdict& v, const Outcome& o) {
  const HistogramCounts reads = s.Class(false), cmds = s.Class(true);
  const double secs = f.load_seconds > 0 ? f.load_seconds : 1;
  const uint64_t total = reads.total + cmds.total;
  std::string out;
  out += "\n## kinerja soak: month-end mix\n\n";
  out += "Command: `" + f.command_line + "`\n\n";
  out += "| figure | value |\n|---|---|\n";
  out += Format("| city | %d units, %d pegawai (%d supervisors) |\n", f.units, f.people,
                f.supervisors);
  out += Format("| seeding | %llu requests (%llu 2xx) in %.1f s |\n",
                static_cast<unsigned long long>(f.seed_requests),
                static_cast<unsigned long long>(f.seed_ok), f.seed_seconds);
  out += Format("| load | %.0f s, %d connections, %s |\n", f.load_seconds, f.connections,
                f.rate > 0 ? Format("open loop at %.0f req/s", f.rate).c_str()
                           : "closed loop (as fast as answered)");
  out += Format("| requests | %llu: %llu reads (%.1f%%), %llu commands (%.1f%%) |\n",
                static_cast<unsigned long long>(total),
                static_cast<unsigned long long>(reads.total),
                total ? 100.0 * reads.total / total : 0.0,
                static_cast<unsigned long long>(cmds.total),
                total ? 100.0 * cmds.total / total : 0.0);
  out += Format("| throughput | %.0f req/s: reads %.0f/s, commands %.0f/s |\n", total / secs,
                reads.total / secs, cmds.total / secs);
  out += "| read latency p50 / p99 / p99.9 | " + Latencies(reads) +
         Format(" (max %.0f ms) |\n", Ms(reads.max_us));
  out += "| command latency p50 / p99 / p99.9 | " + Latencies(cmds) +
         Format(" (max %.0f ms) |\n", Ms(cmds.max_us));
  std::string fours;
  for (int code = 400; code < 500; ++code) {
    uint64_t n = 0;
    for (int op = 0; op < kOpCount; ++op) n += s.status[op][code];
    if (n > 0) fours += Format("%s%d: %llu", fours.empty() ? "" : ", ", code,
                               static_cast<unsigned long long>(n));
  }
  out += Format("| 4xx | %llu%s |\n", static_cast<unsigned long long>(o.fourxx),
                fours.empty() ? "" : (" (" + fours + ")").c_str());
  out += Format("| 5xx | %llu |\n", static_cast<unsigned long long>(o.fivexx));
  out += Format("| transport errors / reconnects | %llu / %llu |\n",
                static_cast<unsigned long long>(o.transport),
                static_cast<unsigned long long>(s.reconnects));
  out += Format("| kinerjad RSS first / middle-third peak / last-third peak / end | %.1f / %.1f "
                "/ %.1f / %.1f MiB |\n",
                v.first_mib, v.middle_peak_mib, v.last_peak_mib, v.end_mib);
  out += Format("| RSS verdict | %s: %s |\n", ToString(v.kind), v.explanation.c_str());
  out += Format("| result | %s |\n", o.failed ? "FAIL" : "PASS");

  out += "\nPer operation (latency from the request being due to the whole answer read):\n\n";
  out += "| operation | requests | share | p50 / p99 / p99.9 | max | not 2xx |\n";
  out += "|---|---:|---:|---|---:|---:|\n";
  for (int op = 0; op < kOpCount; ++op) {
    const HistogramCounts& h = s.latency[op];
    if (h.total == 0) continue;
    out += Format("| %s | %llu | %.1f%% | %s | %.0f ms | %llu |\n",
                  InfoOf(static_cast<Op>(op)).name, static_cast<unsigned long long>(h.total),
                  total ? 100.0 * h.total / total : 0.0, Latencies(h).c_str(), Ms(h.max_us),
                  static_cast<unsigned long long>(NonOk(s, op)));
  }
  if (!problems.empty()) {
    out += "\nAnswers other than 2xx (load and seeding), by operation, status and problem code:\n\n";
    for (const auto& [key, entry] : problems) {
      out += Format("  %-60s %8llu   e.g. %s\n", key.c_str(),
                    static_cast<unsigned long long>(entry.first), entry.second.c_str());
    }
  }
  out += "\nkinerjad RSS over time (MiB; time since the load began):\n";
  const size_t step = rss.size() > 60 ? (rss.size() + 59) / 60 : 1;
  std::string line;
  for (size_t i = 0; i < rss.size(); i += step) {
    line += Format("  %5.0fs %7.1f", rss[i].seconds, static_cast<double>(rss[i].kib) / 1024.0);
    if (line.size() > 90) {
      out += line + "\n";
      line.clear();
    }
  }
  if (!line.empty()) out += line + "\n";
  std::vector<const RssSample*> marks;  // first, middle and last sample with kinerjad's gauges
  for (const auto& r : rss) {
    if (r.memory.known) marks.push_back(&r);
  }
  if (!marks.empty()) {
    out += "\nWhat kinerjad holds (its /metrics; MiB; malloc: bytes in use and bytes malloc holds "
           "for them; the block caches include the memtables charged to them; aggregates: event "
           "data folded into the kept states):\n\n";
    out += "| since load began | RSS | malloc in use | malloc held | RocksDB block caches | "
           "memtables | index/filter | aggregate states (entries) | dashboards |\n"
           "|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const RssSample* r : {marks.front(), marks[marks.size() / 2], marks.back()}) {
      const MemoryBreakdown& m = r->memory;
      out += Format("| %.0f s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f (%.0f) | %.1f |\n",
                    r->seconds, static_cast<double>(r->kib) / 1024.0, MiB(m.malloc_in_use),
                    MiB(m.malloc_held), MiB(m.rocks_block_cache),
                    MiB(m.rocks_memtables), MiB(m.rocks_table_readers),
                    MiB(m.aggregate_event_bytes), m.aggregate_entries, MiB(m.dashboard_bytes));
    }
  }
  if (o.failed) {
    out += "\nFAILED:\n";
    for (const auto& r : o.reasons) out += "  - " + r + "\n";
  }
  return out;
}

std::string SummaryJson(const RunFacts& f, const StatsSnapshot& s,
                        const std::map<std::string, std::pair<uint64_t, std::string>>& problems,
                        const std::vector<RssSample>& rss, const RssVerdict& v,
                        const Outcome& o) {
  const HistogramCounts reads = s.Class(false), cmds = s.Class(true);
  const double secs = f.load_seconds > 0 ? f.load_seconds : 1;
  http::JsonWriter w;
  auto latency = [&](const HistogramCounts& h) {
    w.StartObject();
    w.Key("count").Uint(h.total);
    w.Key("p50Ms").Double(Ms(h.Percentile(50)));
    w.Key("p99Ms").Double(Ms(h.Percentile(99)));
    w.Key("p999Ms").Double(Ms(h.Percentile(99.9)));
    w.Key("maxMs").Double(Ms(h.max_us));
    w.EndObject();
  };
  w.StartObject();
  w.Key("commandLine").String(f.command_line);
  w.Key("units").Int(f.units);
  w.Key("pegawai").Int(f.people);
  w.Key("connections").Int(f.connections);
  w.Key("seedRequests").Uint(f.seed_requests);
  w.Key("seedOk").Uint(f.seed_ok);
  w.Key("loadSeconds").Double(f.load_seconds);
  w.Key("throughput").StartObject();
  w.Key("total").Double((reads.total + cmds.total) / secs);
  w.Key("reads").Double(reads.total / secs);
  w.Key("commands").Double(cmds.total / secs);
  w.EndObject();
  w.Key("reads");
  latency(reads);
  w.Key("commands");
  latency(cmds);
  w.Key("operations").StartObject();
  for (int op = 0; op < kOpCount; ++op) {
    w.Key(InfoOf(static_cast<Op>(op)).name);
    latency(s.latency[op]);
  }
  w.EndObject();
  w.Key("status").StartObject();
  for (int code = 0; code < kStatusSlots; ++code) {
    uint64_t n = 0;
    for (int op = 0; op < kOpCount; ++op) n += s.status[op][code];
    if (n > 0) w.Key(code == 0 ? "transport" : std::to_string(code)).Uint(n);
  }
  w.EndObject();
  w.Key("count4xx").Uint(o.fourxx);
  w.Key("count5xx").Uint(o.fivexx);
  w.Key("transportErrors").Uint(o.transport);
  w.Key("problems").StartObject();
  for (const auto& [key, entry] : problems) w.Key(key).Uint(entry.first);
  w.EndObject();
  w.Key("rss").StartObject();
  w.Key("samples").StartArray();
  for (const auto& r : rss) {
    w.StartArray();
    w.Double(r.seconds);
    w.Uint(r.kib);
    if (r.memory.known) {
      w.Double(r.memory.rocks_block_cache);
      w.Double(r.memory.rocks_memtables);
      w.Double(r.memory.rocks_table_readers);
      w.Double(r.memory.aggregate_event_bytes);
      w.Double(r.memory.aggregate_entries);
      w.Double(r.memory.dashboard_bytes);
      w.Double(r.memory.malloc_in_use);
      w.Double(r.memory.malloc_held);
    }
    w.EndArray();
  }
  w.EndArray();
  w.Key("verdict").String(v.kind == RssVerdict::kFlat       ? "flat"
                          : v.kind == RssVerdict::kGrowing ? "growing"
                                                           : "inconclusive");
  w.Key("explanation").String(v.explanation);
  w.Key("middlePeakMib").Double(v.middle_peak_mib);
  w.Key("lastPeakMib").Double(v.last_peak_mib);
  w.Key("slopeMibPerMin").Double(v.slope_mib_per_min);
  w.Key("trendMib").Double(v.trend_mib);
  w.Key("allowedMib").Double(v.allowed_mib);
  w.EndObject();
  w.Key("serverDied").Bool(f.server_died);
  w.Key("passed").Bool(!o.failed);
  w.Key("failures").StartArray();
  for (const auto& r : o.reasons) w.String(r);
  w.EndArray();
  w.EndObject();
  return w.str();
}

}  // namespace kinerja::soak
