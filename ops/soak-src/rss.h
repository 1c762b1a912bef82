// kinerjad's resident set size over the soak, and the rule that decides whether it stopped
// growing.
//
// The rule (ops/soak-src/README.md explains it): the samples of the load phase are cut into
// thirds by time. The first third is warm-up (RocksDB block caches and memtables, malloc arenas,
// connection buffers fill up). RSS "stopped growing" when both
//   (a) the peak of the last third exceeds the peak of the middle third by no more than the
//       tolerance, max(tolerance_pct % of the middle peak, tolerance_mib), and
//   (b) the trend does not either: the least-squares slope over the last two thirds, times the
//       length of one third, is within the same tolerance.
// Peaks, not means, so that the saw-tooth of memtable flushes and cache eviction does not read as
// growth or hide it; the slope catches a steady creep that a spike in the middle third would
// mask. Fewer than 9 samples, or a load phase under 60 s, gives no verdict (kInconclusive),
// never a failure.
//
// Thread-safety: pure functions, plus ReadRssKib which reads /proc.
#pragma once

#include <cstdint>
#include <string>
#include <sys/types.h>
#include <vector>

namespace kinerja::soak {

// What kinerjad's /metrics says it holds (api/app/memory_metrics.h), to tell bounded caches
// filling up from a leak. Bytes; `known` is false when the scrape failed.
struct MemoryBreakdown {
  bool known = false;
  double rocks_block_cache = 0;    // every RocksDB block cache (memtables are charged to it)
  double rocks_memtables = 0;      // already inside rocks_block_cache's reservation
  double rocks_table_readers = 0;  // index/filter blocks outside the caches
  double aggregate_event_bytes = 0;  // event data folded into the aggregate cache's states
  double aggregate_entries = 0;
  double dashboard_bytes = 0;
  double malloc_in_use = 0;  // bytes allocated and not freed (api/app/allocator_stats.h)
  double malloc_held = 0;    // bytes malloc keeps for them: in use, freed but kept, fragmented
};

struct RssSample {
  double seconds = 0;  // since the load phase began
  uint64_t kib = 0;    // VmRSS
  MemoryBreakdown memory;
};

// VmRSS of `pid` from /proc/<pid>/status; 0 when the process is gone or the line is missing.
uint64_t ReadRssKib(pid_t pid);

// The memory gauges from a Prometheus text page (sums over the `store` label).
MemoryBreakdown ParseMemoryMetrics(const std::string& prometheus_text);

struct RssRule {
  double tolerance_pct = 5.0;
  double tolerance_mib = 8.0;
  int min_samples = 9;
  double min_seconds = 60;
};

struct RssVerdict {
  enum Kind { kFlat, kGrowing, kInconclusive } kind = kInconclusive;
  double first_mib = 0, middle_peak_mib = 0, last_peak_mib = 0, end_mib = 0, peak_mib = 0;
  double growth_mib = 0;      // last peak - middle peak
  double allowed_mib = 0;     // the tolerance applied
  double slope_mib_per_min = 0;  // least-squares slope over the last two thirds
  double trend_mib = 0;          // that slope times the length of one third
  std::string explanation;    // one sentence
};

RssVerdict JudgeRss(const std::vector<RssSample>& samples, const RssRule& rule);
const char* ToString(RssVerdict::Kind kind);

}  // namespace kinerja::soak
