// MemoryTrimmer: hands the memory that glibc's malloc keeps free back to the kernel every
// `interval` (malloc_trim(0), which also releases free pages in the middle of an arena).
//
// Why: measured with the month-end soak (ops/soak-src/README.md), kinerjad's live heap stays
// flat (malloc_stats: 185 then 151 MB in use) while its RSS keeps rising (264 then 281 MB held
// from the system): the heavy reads (inbox, dashboards) allocate tens of MiB for a moment, many
// at once on the worker threads, and glibc keeps the freed pages between long-lived blocks
// (block cache, cached aggregate states), so RSS ratchets up to the highest transient peak seen
// so far. Trimming makes RSS follow what is in use instead; one trim of a ~280 MB heap takes a
// few milliseconds (measured: kinerja_malloc_trim_seconds_total / _trims_total).
//
// Thread-safety: Start/Stop from one controlling thread; stats() from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "eventstore/periodic_thread.h"

namespace kinerja::app {

class MemoryTrimmer {
 public:
  // interval <= 0: Start does nothing.
  explicit MemoryTrimmer(std::chrono::milliseconds interval) : interval_(interval) {}
  ~MemoryTrimmer();  // Stop()
  MemoryTrimmer(const MemoryTrimmer&) = delete;
  MemoryTrimmer& operator=(const MemoryTrimmer&) = delete;

  // Trims on a thread of its own every interval. Idempotent.
  void Start();
  void Stop();
  // One trim now, on the calling thread.
  void TrimNow();

  struct Stats {
    uint64_t trims = 0;
    double seconds = 0;          // spent in malloc_trim, all trims together
    uint64_t released_bytes = 0; // RSS before minus after, summed over the trims (>= 0 each)
  };
  Stats stats() const;

 private:
  const std::chrono::milliseconds interval_;
  std::atomic<uint64_t> trims_{0}, nanos_{0}, released_{0};
  eventstore::PeriodicThread thread_;  // last: stopped before the counters go
};

}  // namespace kinerja::app
