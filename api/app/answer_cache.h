// A bounded-staleness cache of whole answers of expensive reads (the unit and city dashboards),
// keyed by the caller's choice (route, parameters, the request's date). An answer is reused only
// while it is younger than `max_age` AND was computed from a read-model snapshot at a position
// >= the request's minPosition, so read-your-writes via ?minPosition= / X-Min-Position holds.
// At most one computation per key runs at a time: concurrent requests for the same key wait for
// it and then take its answer when it satisfies them. Only 200 answers are kept.
// At most `max_computing` computations of all keys run at once (0: no limit); the others wait
// for a turn. Why: a dashboard decodes thousands of documents (a city one ≈ 20 MB of short-lived
// allocations), and every one running at once on the worker threads raises the heap's high-water
// mark, which the allocator keeps as RSS (ops/soak-src/README.md). On two cores more than two at
// once is no faster anyway.
// Thread-safety: every method may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "api/http/route.h"

namespace kinerja::app {

class AnswerCache {
 public:
  explicit AnswerCache(size_t max_computing = 0) : max_computing_(max_computing) {}

  struct Computed {
    http::Response response;
    uint64_t position = 0;  // a lower bound of the snapshot position the answer was computed at
  };
  // The answer for `key`: a kept one younger than `max_age` whose position >= `min_position`,
  // else compute() (kept when its status is 200). max_age <= 0 computes every time.
  http::Response Get(const std::string& key, uint64_t min_position,
                     std::chrono::milliseconds max_age, const std::function<Computed()>& compute);

  // Counters for tests and metrics.
  uint64_t hits() const;
  uint64_t computations() const;
  // Keys kept and the bytes of the answers' bodies kept (for the memory metrics).
  size_t keys() const;
  size_t kept_bytes() const;
  // Computations running now, and how many had to wait for a turn so far.
  size_t computing() const;
  uint64_t turn_waits() const;

 private:
  using Clock = std::chrono::steady_clock;
  struct Slot {
    std::mutex mu;  // held while computing; guards the fields below
    bool has_answer = false;
    http::Response answer;
    uint64_t position = 0;
    Clock::time_point at;
  };
  static constexpr size_t kMaxKeys = 256;
  std::shared_ptr<Slot> SlotOf(const std::string& key, std::chrono::milliseconds max_age);
  // compute() once a turn is free (max_computing_), counted.
  Computed ComputeInTurn(const std::function<Computed()>& compute);

  const size_t max_computing_;

  mutable std::mutex mu_;  // guards the fields below
  std::map<std::string, std::shared_ptr<Slot>> slots_;
  uint64_t hits_ = 0, computations_ = 0, turn_waits_ = 0;
  size_t kept_bytes_ = 0;  // sum of the kept answers' body sizes
  size_t computing_ = 0;
  std::condition_variable turn_free_;  // with mu_
};

}  // namespace kinerja::app
