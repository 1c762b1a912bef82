// Metrics registry rendered as Prometheus text exposition format 0.0.4.
//
// Families (counter, gauge, histogram, callback gauge) are declared once by name with a help text;
// series are addressed by their label set. Series handles (Counter*, Gauge*, Histogram*) stay valid
// for the registry's lifetime, so hot paths look a series up once and then update it lock-free.
// The event store and projections register their own figures (append/fsync counters, projection
// lag as a callback gauge) on the same registry.
//
// Thread-safety: every member function may be called from any thread concurrently. Callback
// gauges run on the thread that calls Render(); they must be thread-safe and must not call back
// into the registry.
#ifndef KINERJA_API_HTTP_METRICS_H_
#define KINERJA_API_HTTP_METRICS_H_

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace kinerja::http {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void Increment(double by = 1.0);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

class Gauge {
 public:
  void Set(double v) { value_.store(v, std::memory_order_relaxed); }
  void Add(double by);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> upper_bounds);
  void Observe(double v);
  const std::vector<double>& upper_bounds() const { return bounds_; }
  // Non-cumulative count of bucket i (i == bounds.size() is +Inf).
  uint64_t bucket_count(size_t i) const { return counts_[i].load(std::memory_order_relaxed); }
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  double sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;
  std::atomic<uint64_t> count_{0};
  std::atomic<double> sum_{0.0};
};

// Latency buckets in seconds (0.5 ms .. 10 s).
std::vector<double> DefaultLatencyBuckets();

class MetricsRegistry {
 public:
  MetricsRegistry() = default;
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  // Declaring a family twice with the same type is harmless; the first help text wins.
  // Returns nullptr if `name` is already a family of another type or is not a valid metric name.
  Counter* GetCounter(const std::string& name, const std::string& help, const Labels& labels = {});
  Gauge* GetGauge(const std::string& name, const std::string& help, const Labels& labels = {});
  Histogram* GetHistogram(const std::string& name, const std::string& help,
                          const std::vector<double>& upper_bounds, const Labels& labels = {});
  // A gauge whose value is read at render time. Replaces an earlier callback for the same labels.
  bool SetCallbackGauge(const std::string& name, const std::string& help, const Labels& labels,
                        std::function<double()> callback);

  // Prometheus text format 0.0.4 (Content-Type: text/plain; version=0.0.4).
  std::string Render() const;

 private:
  enum class Type { kCounter, kGauge, kHistogram, kCallbackGauge };
  struct Family {
    Type type;
    std::string help;
    std::vector<double> bounds;
    std::map<std::string, std::unique_ptr<Counter>> counters;  // key: rendered label set
    std::map<std::string, std::unique_ptr<Gauge>> gauges;
    std::map<std::string, std::unique_ptr<Histogram>> histograms;
    std::map<std::string, std::function<double()>> callbacks;
  };
  Family* FamilyFor(const std::string& name, Type type, const std::string& help);

  mutable std::mutex mu_;
  std::map<std::string, Family> families_;
};

// Renders {a="x",b="y"} with Prometheus escaping; "" for no labels.
std::string RenderLabels(const Labels& labels);

}  // namespace kinerja::http

#endif  // KINERJA_API_HTTP_METRICS_H_
