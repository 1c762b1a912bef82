#include "ops/soak-src/histogram.h"

#include <algorithm>
#include <cmath>

namespace kinerja::soak {

namespace {
constexpr int kExactBelow = 128;  // values 0..127 have a bucket each
constexpr int kSubBuckets = 64;   // buckets per power of two above that
}  // namespace

int Histogram::BucketOf(uint64_t v) {
  if (v < kExactBelow) return static_cast<int>(v);
  const int msb = 63 - __builtin_clzll(v);  // >= 7
  const int shift = msb - 6;                 // >= 1: v >> shift is in [64, 128)
  const int index = kExactBelow + (shift - 1) * kSubBuckets + static_cast<int>((v >> shift) - 64);
  return std::min(index, kHistogramBuckets - 1);
}

uint64_t Histogram::UpperEdge(int bucket) {
  if (bucket < kExactBelow) return static_cast<uint64_t>(bucket);
  const int shift = (bucket - kExactBelow) / kSubBuckets + 1;
  const uint64_t sub = static_cast<uint64_t>((bucket - kExactBelow) % kSubBuckets) + 64;
  return ((sub + 1) << shift) - 1;
}

void Histogram::Record(uint64_t micros) {
  buckets_[BucketOf(micros)].fetch_add(1, std::memory_order_relaxed);
  total_.fetch_add(1, std::memory_order_relaxed);
  uint64_t seen = max_us_.load(std::memory_order_relaxed);
  while (micros > seen &&
         !max_us_.compare_exchange_weak(seen, micros, std::memory_order_relaxed)) {
  }
}

HistogramCounts Histogram::Snapshot() const {
  HistogramCounts c;
  for (int i = 0; i < kHistogramBuckets; ++i) {
    c.buckets[i] = buckets_[i].load(std::memory_order_relaxed);
    c.total += c.buckets[i];
  }
  c.max_us = max_us_.load(std::memory_order_relaxed);
  return c;
}

void HistogramCounts::Add(const HistogramCounts& other) {
  for (int i = 0; i < kHistogramBuckets; ++i) buckets[i] += other.buckets[i];
  total += other.total;
  max_us = std::max(max_us, other.max_us);
}

HistogramCounts HistogramCounts::Minus(const HistogramCounts& earlier) const {
  HistogramCounts c;
  for (int i = 0; i < kHistogramBuckets; ++i) {
    c.buckets[i] = buckets[i] >= earlier.buckets[i] ? buckets[i] - earlier.buckets[i] : 0;
    c.total += c.buckets[i];
  }
  c.max_us = max_us;
  return c;
}

uint64_t HistogramCounts::Percentile(double p) const {
  if (total == 0) return 0;
  if (p >= 100) return max_us;
  // The smallest value v such that at least p% of the samples are <= v.
  const uint64_t rank = std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(p / 100.0 * total)));
  uint64_t seen = 0;
  for (int i = 0; i < kHistogramBuckets; ++i) {
    seen += buckets[i];
    if (seen >= rank) return std::min(Histogram::UpperEdge(i), max_us);
  }
  return max_us;
}

}  // namespace kinerja::soak
