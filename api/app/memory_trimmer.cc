#include "api/app/memory_trimmer.h"

#include <malloc.h>

#include "api/app/resident_memory.h"

namespace kinerja::app {

MemoryTrimmer::~MemoryTrimmer() { Stop(); }

void MemoryTrimmer::Start() {
  if (interval_.count() <= 0) return;
  thread_.Start(
      [this] {
        TrimNow();
        return interval_;
      },
      interval_);
}

void MemoryTrimmer::Stop() { thread_.Stop(); }

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
