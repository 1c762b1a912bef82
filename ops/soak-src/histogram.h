// A log-linear latency histogram in the manner of HdrHistogram: values (microseconds) below 128
// are counted exactly; above, each power of two is split into 64 buckets, so a reported
// percentile is within 1.6% of the true value. 2,048 buckets cover up to 2^36 µs (about 19 h);
// larger values land in the last bucket. Memory is fixed (16 KiB), whatever the run length.
//
// Thread-safety: Record() may be called from any thread concurrently with Snapshot() (relaxed
// atomic counters); a snapshot is a plain value owned by one thread. The recording threads of
// the soak each own their histograms, so counters are never contended.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace kinerja::soak {

constexpr int kHistogramBuckets = 2048;

// A copy of a histogram's counts; can be added and subtracted (interval = now - before).
struct HistogramCounts {
  std::array<uint64_t, kHistogramBuckets> buckets{};
  uint64_t total = 0;
  uint64_t max_us = 0;  // the largest value recorded (not subtractable: kept from the minuend)

  void Add(const HistogramCounts& other);
  // Counts of `*this` minus those of `earlier` (a snapshot of the same histogram taken before).
  HistogramCounts Minus(const HistogramCounts& earlier) const;
  // The value at percentile `p` (0 < p <= 100): the upper edge of the bucket holding it (0 when
  // empty). p = 100 gives max_us.
  uint64_t Percentile(double p) const;
};

class Histogram {
 public:
  void Record(uint64_t micros);
  HistogramCounts Snapshot() const;

  // Bucket of a value and the highest value a bucket holds (exposed for tests and reports).
  static int BucketOf(uint64_t micros);
  static uint64_t UpperEdge(int bucket);

 private:
  std::array<std::atomic<uint64_t>, kHistogramBuckets> buckets_{};
  std::atomic<uint64_t> total_{0};
  std::atomic<uint64_t> max_us_{0};
};

}  // namespace kinerja::soak
