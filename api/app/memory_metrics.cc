#include "api/app/memory_metrics.h"

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "api/app/allocator_stats.h"
#include "api/app/resident_memory.h"
#include "eventstore/merkle_index.h"
#include "eventstore/rocks_event_store.h"
#include "eventstore/rocks_memory.h"
#include "projections/view_store.h"

namespace kinerja::app {
namespace {

// One reading (a RocksDB instance's properties, the allocator's statistics) serves all the gauges
// of a scrape that show a part of it (they are rendered one after the other): a reading younger
// than a second is reused, so the parts come from one snapshot.
template <typename Reading>
class SharedReading {
 public:
  explicit SharedReading(std::function<Reading()> read) : read_(std::move(read)) {}
  Reading Get() {
    std::lock_guard<std::mutex> lock(mu_);
    const auto now = std::chrono::steady_clock::now();
    if (read_at_ == std::chrono::steady_clock::time_point{} ||
        now - read_at_ >= std::chrono::seconds(1)) {
      last_ = read_();
      read_at_ = now;
    }
    return last_;
  }

 private:
  std::function<Reading()> read_;
  std::mutex mu_;
  std::chrono::steady_clock::time_point read_at_{};
  Reading last_;
};

void RegisterRocks(http::MetricsRegistry& m, const std::string& store,
                   std::function<eventstore::RocksMemory()> read_now) {
  auto read = std::make_shared<SharedReading<eventstore::RocksMemory>>(std::move(read_now));
  m.SetCallbackGauge("kinerja_rocksdb_block_cache_bytes",
                     "Bytes in a RocksDB block cache, including the memtables' reservation "
                     "(bounded by its capacity)", {{"store", store}},
                     [read] { return static_cast<double>(read->Get().block_cache); });
  m.SetCallbackGauge("kinerja_rocksdb_memtable_bytes",
                     "Bytes of all memtables of a RocksDB instance", {{"store", store}},
                     [read] { return static_cast<double>(read->Get().memtables); });
  m.SetCallbackGauge("kinerja_rocksdb_table_readers_bytes",
                     "Index and filter blocks of the open SST files held outside the block cache "
                     "(grows with the data on disk)", {{"store", store}},
                     [read] { return static_cast<double>(read->Get().table_readers); });
}

void RegisterAllocator(http::MetricsRegistry& m) {
  auto read = std::make_shared<SharedReading<AllocatorStats>>(ReadAllocatorStats);
  const http::Labels labels = {{"allocator", read->Get().allocator}};
  m.SetCallbackGauge("kinerja_malloc_in_use_bytes",
                     "Bytes allocated by kinerjad and not yet freed, as its malloc counts them", labels,
                     [read] { return static_cast<double>(read->Get().in_use); });
  m.SetCallbackGauge("kinerja_malloc_held_bytes",
                     "Bytes malloc holds for kinerjad: in use, freed but kept, fragmentation and "
                     "its own metadata (glibc: an upper bound)", labels,
                     [read] { return static_cast<double>(read->Get().held); });
}

}  // namespace

void RegisterMemoryMetrics(http::MetricsRegistry& m, const MemorySources& s) {
  m.SetCallbackGauge("process_resident_memory_bytes", "Resident memory size in bytes", {},
                     [] { return static_cast<double>(ResidentBytes()); });
  RegisterAllocator(m);
  eventstore::RocksEventStore* log = s.log;
  RegisterRocks(m, "event_log", [log] { return log->memory(); });
  projections::ViewStore* views = s.views;
  RegisterRocks(m, "read_models", [views] { return views->memory(); });
  if (eventstore::MerkleIndex* merkle = s.merkle) {
    RegisterRocks(m, "merkle_index", [merkle] { return merkle->memory(); });
  }
  if (AggregateCache* cache = s.aggregates) {
    m.SetCallbackGauge("kinerja_aggregate_cache_entries",
                       "Aggregate states kept between commands", {},
                       [cache] { return static_cast<double>(cache->stats().entries); });
    m.SetCallbackGauge("kinerja_aggregate_cache_event_bytes",
                       "Bytes of event data folded into the kept aggregate states (the cache's "
                       "budget counts these)", {},
                       [cache] { return static_cast<double>(cache->stats().bytes); });
    m.SetCallbackGauge("kinerja_aggregate_cache_hits_total",
                       "Commands whose aggregate state was found in the cache", {},
                       [cache] { return static_cast<double>(cache->stats().hits); });
    m.SetCallbackGauge("kinerja_aggregate_cache_misses_total",
                       "Commands that folded their aggregate's whole stream", {},
                       [cache] { return static_cast<double>(cache->stats().misses); });
    m.SetCallbackGauge("kinerja_aggregate_cache_evictions_total",
                       "Aggregate states dropped to stay within the cache's budget", {},
                       [cache] { return static_cast<double>(cache->stats().evictions); });
  }
  if (MemoryTrimmer* trimmer = s.trimmer) {
    m.SetCallbackGauge("kinerja_malloc_trims_total",
                       "Times free malloc memory was handed back to the kernel (malloc_trim)", {},
                       [trimmer] { return static_cast<double>(trimmer->stats().trims); });
    m.SetCallbackGauge("kinerja_malloc_trim_seconds_total", "Time spent in malloc_trim", {},
                       [trimmer] { return trimmer->stats().seconds; });
    m.SetCallbackGauge("kinerja_malloc_trim_released_bytes_total",
                       "Resident bytes handed back to the kernel by malloc_trim", {},
                       [trimmer] { return static_cast<double>(trimmer->stats().released_bytes); });
  }
  if (AnswerCache* answers = s.dashboards) {
    m.SetCallbackGauge("kinerja_dashboard_cache_keys", "Dashboard answers kept", {},
                       [answers] { return static_cast<double>(answers->keys()); });
    m.SetCallbackGauge("kinerja_dashboard_cache_bytes", "Bytes of the dashboard answers kept", {},
                       [answers] { return static_cast<double>(answers->kept_bytes()); });
    m.SetCallbackGauge("kinerja_dashboard_computing", "Dashboard computations running now", {},
                       [answers] { return static_cast<double>(answers->computing()); });
    m.SetCallbackGauge("kinerja_dashboard_turn_waits_total",
                       "Dashboard computations that waited for a turn (--dashboard-concurrency)",
                       {}, [answers] { return static_cast<double>(answers->turn_waits()); });
  }
}

}  // namespace kinerja::app
