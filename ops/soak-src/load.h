// The soak's drivers: RunPhase sends a fixed list of requests (a seeding phase) over N
// keep-alive connections; RunLoad runs the month-end mix of World::Next over N connections,
// one thread each, for a given time (closed loop, or open loop at a fixed rate with latency
// measured from the intended send time, as wrk2 does, so a stalled server is not flattered),
// and calls back every interval with cumulative statistics and kinerjad's RSS.
//
// Thread-safety: Stats::Record is called by the connection threads (each on its own slot);
// Snapshot and the problem list may be read by any thread meanwhile. RunPhase and RunLoad block
// the calling thread.
#pragma once

#include <sys/types.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ops/soak-src/histogram.h"
#include "ops/soak-src/rss.h"
#include "ops/soak-src/world.h"

namespace kinerja::soak {

constexpr int kStatusSlots = 600;  // [0]: transport failure; [100..599]: HTTP status

// Cumulative figures of all connections, per operation.
struct StatsSnapshot {
  std::array<HistogramCounts, kOpCount> latency;
  std::array<std::array<uint64_t, kStatusSlots>, kOpCount> status{};
  uint64_t reconnects = 0;

  uint64_t Count(Op op) const { return latency[static_cast<int>(op)].total; }
  // Requests of one class (commands or reads) merged.
  HistogramCounts Class(bool commands) const;
  uint64_t StatusCount(int low, int high) const;  // statuses in [low, high], all ops
};

class Stats {
 public:
  explicit Stats(int slots);
  void Record(int slot, Op op, int status, uint64_t micros);
  void AddReconnects(uint64_t n) { reconnects_.fetch_add(n, std::memory_order_relaxed); }
  // Remembers a non-2xx answer by op, status and problem `code` (or the transport error).
  void Problem(Op op, int status, const std::string& body_or_error);
  std::unique_ptr<StatsSnapshot> Snapshot() const;
  // "cmd.record_progress 409 skp.conflict" -> count, plus one example detail per key.
  std::map<std::string, std::pair<uint64_t, std::string>> Problems() const;

 private:
  struct Slot {
    std::array<Histogram, kOpCount> latency;
    std::array<std::array<std::atomic<uint64_t>, kStatusSlots>, kOpCount> status{};
  };
  std::vector<std::unique_ptr<Slot>> slots_;
  std::atomic<uint64_t> reconnects_{0};
  mutable std::mutex mu_;
  std::map<std::string, std::pair<uint64_t, std::string>> problems_;
};

struct PhaseResult {
  uint64_t sent = 0, ok = 0;
  double seconds = 0;
};

// Sends every request of `requests` (connections at a time), records them in `stats` and tells
// `world` each answer.
PhaseResult RunPhase(World& world, const std::vector<Planned>& requests, uint16_t port,
                     int connections, int timeout_ms, const std::string& key_prefix, Stats& stats);

struct LoadOptions {
  uint16_t port = 0;
  pid_t server_pid = 0;       // sampled for RSS; 0: none
  int connections = 16;
  double duration_s = 60;
  double interval_s = 10;
  double rate = 0;            // requests/s over all connections; 0: as fast as answered
  int timeout_ms = 30000;
  uint64_t seed = 1;
  std::string key_prefix;     // Idempotency-Key prefix, unique per run
};

struct Tick {
  double seconds = 0;                     // since the load began
  const StatsSnapshot* now = nullptr;     // cumulative
  const StatsSnapshot* before = nullptr;  // cumulative at the previous tick
  double interval_s = 0;
  uint64_t rss_kib = 0;
  MemoryBreakdown memory;  // kinerjad's memory gauges at this tick
  bool server_alive = true;
};

struct LoadResult {
  double seconds = 0;
  std::vector<RssSample> rss;
  bool server_died = false;
};

// Runs the mix until the duration is over or the server is gone; `on_tick` is called every
// interval (and once at the end).
LoadResult RunLoad(World& world, const LoadOptions& options, Stats& stats,
                   const std::function<void(const Tick&)>& on_tick);

}  // namespace kinerja::soak
