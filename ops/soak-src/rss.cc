#include "ops/soak-src/rss.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace kinerja::soak {

uint64_t ReadRssKib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtoull(line.c_str() + 6, nullptr, 10);
  }
  return 0;
}

MemoryBreakdown ParseMemoryMetrics(const std::string& text) {
  MemoryBreakdown m;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(begin, end - begin);
    begin = end + 1;
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.rfind(' ');
    if (space == std::string::npos) continue;
    const std::string series = line.substr(0, space);
    const std::string name = series.substr(0, series.find('{'));
    const double value = std::strtod(line.c_str() + space + 1, nullptr);
    double* into = nullptr;
    if (name == "kinerja_rocksdb_block_cache_bytes") into = &m.rocks_block_cache;
    if (name == "kinerja_rocksdb_memtable_bytes") into = &m.rocks_memtables;
    if (name == "kinerja_rocksdb_table_readers_bytes") into = &m.rocks_table_readers;
    if (name == "kinerja_aggregate_cache_event_bytes") into = &m.aggregate_event_bytes;
    if (name == "kinerja_aggregate_cache_entries") into = &m.aggregate_entries;
    if (name == "kinerja_dashboard_cache_bytes") into = &m.dashboard_bytes;
    if (name == "kinerja_malloc_in_use_bytes") into = &m.malloc_in_use;
    if (name == "kinerja_malloc_held_bytes") into = &m.malloc_held;
    if (into == nullptr) continue;
    *into += value;
    m.known = true;
  }
  return m;
}

const char* ToString(RssVerdict::Kind kind) {
  switch (kind) {
    case RssVerdict::kFlat:
      return "stopped growing";
    case RssVerdict::kGrowing:
      return "GROWING";
    case RssVerdict::kInconclusive:
      return "inconclusive";
  }
  return "?";
}

RssVerdict JudgeRss(const std::vector<RssSample>& samples, const RssRule& rule) {
  RssVerdict v;
  auto mib = [](uint64_t kib) { return static_cast<double>(kib) / 1024.0; };
  char text[512];
  if (samples.empty()) {
    v.explanation = "no RSS samples";
    return v;
  }
  v.first_mib = mib(samples.front().kib);
  v.end_mib = mib(samples.back().kib);
  for (const auto& s : samples) v.peak_mib = std::max(v.peak_mib, mib(s.kib));
  const double span = samples.back().seconds - samples.front().seconds;
  if (static_cast<int>(samples.size()) < rule.min_samples || span < rule.min_seconds) {
    std::snprintf(text, sizeof text,
                  "%zu samples over %.0f s: a verdict needs at least %d samples and %.0f s",
                  samples.size(), span, rule.min_samples, rule.min_seconds);
    v.explanation = text;
    return v;
  }
  const double t0 = samples.front().seconds;
  const double cut1 = t0 + span / 3, cut2 = t0 + 2 * span / 3;
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const auto& s : samples) {
    const double m = mib(s.kib);
    if (s.seconds >= cut2) {
      v.last_peak_mib = std::max(v.last_peak_mib, m);
    } else if (s.seconds >= cut1) {
      v.middle_peak_mib = std::max(v.middle_peak_mib, m);
    }
    if (s.seconds >= cut1) {
      const double x = s.seconds / 60.0;
      n += 1;
      sx += x;
      sy += m;
      sxx += x * x;
      sxy += x * m;
    }
  }
  const double denom = n * sxx - sx * sx;
  v.slope_mib_per_min = denom > 0 ? (n * sxy - sx * sy) / denom : 0;
  v.growth_mib = v.last_peak_mib - v.middle_peak_mib;
  v.trend_mib = v.slope_mib_per_min * span / 3 / 60.0;
  v.allowed_mib = std::max(rule.tolerance_pct / 100.0 * v.middle_peak_mib, rule.tolerance_mib);
  v.kind = v.growth_mib <= v.allowed_mib && v.trend_mib <= v.allowed_mib ? RssVerdict::kFlat
                                                                          : RssVerdict::kGrowing;
  std::snprintf(text, sizeof text,
                "peak of the last third %.1f MiB vs the middle third %.1f MiB: %+.1f MiB; "
                "trend %+.2f MiB/min = %+.1f MiB per third; allowed %.1f MiB (max of %.0f%% "
                "and %.0f MiB)",
                v.last_peak_mib, v.middle_peak_mib, v.growth_mib, v.slope_mib_per_min,
                v.trend_mib, v.allowed_mib, rule.tolerance_pct, rule.tolerance_mib);
  v.explanation = text;
  return v;
}

}  // namespace kinerja::soak
