// Gauges of what kinerjad holds in memory, so an operator (and ops/soak) can tell a bounded
// cache filling up from a leak: the process's resident size, each RocksDB instance's block cache,
// memtables and index/filter blocks (eventstore/rocks_memory.h), the aggregate state cache, the
// dashboard answer cache, malloc's bytes in use against those it holds (allocator_stats.h), and
// what the memory trimmer (memory_trimmer.h) handed back.
#pragma once

#include "api/app/aggregate_cache.h"
#include "api/app/answer_cache.h"
#include "api/app/memory_trimmer.h"
#include "api/http/metrics.h"

namespace kinerja::eventstore {
class MerkleIndex;
class RocksEventStore;
}  // namespace kinerja::eventstore
namespace kinerja::projections {
class ViewStore;
}

namespace kinerja::app {

struct MemorySources {
  eventstore::RocksEventStore* log = nullptr;   // required
  projections::ViewStore* views = nullptr;      // required
  eventstore::MerkleIndex* merkle = nullptr;    // may be null (a replica has none)
  AggregateCache* aggregates = nullptr;         // may be null
  AnswerCache* dashboards = nullptr;            // may be null
  MemoryTrimmer* trimmer = nullptr;             // may be null
};

// Registers the gauges (read at every scrape of /metrics). The sources must outlive `metrics`'
// last render.
void RegisterMemoryMetrics(http::MetricsRegistry& metrics, const MemorySources& sources);

}  // namespace kinerja::app
