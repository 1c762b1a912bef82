#include "api/app/memory_trimmer.h"

#include <malloc.h>

#include "api/app/memory_metrics.h"

namespace kinerja::app {

MemoryTrimmer::~MemoryTrimmer() { Stop(); }

void MemoryTrimmer::Start() {
  if (interval_.count() <= 0 || thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = false;
  }
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!cv_.wait_for(lock, interval_, [this] { return stop_; })) {
      lock.unlock();
      TrimNow();
      lock.lock();
    }
  });
}

void MemoryTrimmer::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void MemoryTrimmer::TrimNow() {
  const uint64_t before = ResidentBytes();
  const auto start = std::chrono::steady_clock::now();
  malloc_trim(0);
  const auto took = std::chrono::steady_clock::now() - start;
  const uint64_t after = ResidentBytes();
  trims_.fetch_add(1);
  nanos_.fetch_add(
      static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(took).count()));
  if (before > after) released_.fetch_add(before - after);
}

MemoryTrimmer::Stats MemoryTrimmer::stats() const {
  return Stats{trims_.load(), static_cast<double>(nanos_.load()) / 1e9, released_.load()};
}

}  // namespace kinerja::app
