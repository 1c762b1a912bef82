#include "api/http/metrics.h"

#include <cmath>
#include <cstdio>

namespace kinerja::http {
namespace {

void AtomicAdd(std::atomic<double>& a, double by) {
  double cur = a.load(std::memory_order_relaxed);
  while (!a.compare_exchange_weak(cur, cur + by, std::memory_order_relaxed)) {
  }
}

bool ValidName(const std::string& name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
                    (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

std::string FormatDouble(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

std::string EscapeHelp(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

// Inserts an extra label (le) into a rendered label set.
std::string WithLe(const std::string& rendered, const std::string& le) {
  const std::string item = "le=\"" + le + "\"";
  if (rendered.empty()) return "{" + item + "}";
  return rendered.substr(0, rendered.size() - 1) + "," + item + "}";
}

}  // namespace

void Counter::Increment(double by) {
  if (by < 0) return;  // counters only go up
  AtomicAdd(value_, by);
}

void Gauge::Add(double by) { AtomicAdd(value_, by); }

Histogram::Histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)),
      counts_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0);
}

void Histogram::Observe(double v) {
  size_t i = 0;
  while (i < bounds_.size() && v > bounds_[i]) ++i;
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  AtomicAdd(sum_, v);
}

std::vector<double> DefaultLatencyBuckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

std::string RenderLabels(const Labels& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : labels) {
    if (!first) out += ",";
    first = false;
    out += k;
    out += "=\"";
    for (char c : v) {
      if (c == '\\') out += "\\\\";
      else if (c == '"') out += "\\\"";
      else if (c == '\n') out += "\\n";
      else out += c;
    }
    out += "\"";
  }
  out += "}";
  return out;
}

MetricsRegistry::Family* MetricsRegistry::FamilyFor(const std::string& name, Type type,
                                                    const std::string& help) {
  if (!ValidName(name)) return nullptr;
  auto it = families_.find(name);
  if (it == families_.end()) {
    Family f;
    f.type = type;
    f.help = help;
    it = families_.emplace(name, std::move(f)).first;
  }
  if (it->second.type != type) return nullptr;
  return &it->second;
}

Counter* MetricsRegistry::GetCounter(const std::string& name, const std::string& help,
                                     const Labels& labels) {
  std::lock_guard<std::mutex> lock(mu_);
  Family* f = FamilyFor(name, Type::kCounter, help);
  if (f == nullptr) return nullptr;
  auto& slot = f->counters[RenderLabels(labels)];
  if (!slot) slot = std::make_unique<Counter>();
  return slot.get();
}

Gauge* MetricsRegistry::GetGauge(const std::string& name, const std::string& help,
                                 const Labels& labels) {
  std::lock_guard<std::mutex> lock(mu_);
  Family* f = FamilyFor(name, Type::kGauge, help);
  if (f == nullptr) return nullptr;
  auto& slot = f->gauges[RenderLabels(labels)];
  if (!slot) slot = std::make_unique<Gauge>();
  return slot.get();
}

Histogram* MetricsRegistry::GetHistogram(const std::string& name, const std::string& help,
                                         const std::vector<double>& upper_bounds,
                                         const Labels& labels) {
  std::lock_guard<std::mutex> lock(mu_);
  Family* f = FamilyFor(name, Type::kHistogram, help);
  if (f == nullptr) return nullptr;
  if (f->bounds.empty()) f->bounds = upper_bounds;
  auto& slot = f->histograms[RenderLabels(labels)];
  if (!slot) slot = std::make_unique<Histogram>(f->bounds);
  return slot.get();
}

bool MetricsRegistry::SetCallbackGauge(const std::string& name, const std::string& help,
                                       const Labels& labels, std::function<double()> callback) {
  std::lock_guard<std::mutex> lock(mu_);
  Family* f = FamilyFor(name, Type::kCallbackGauge, help);
  if (f == nullptr || !callback) return false;
  f->callbacks[RenderLabels(labels)] = std::move(callback);
  return true;
}

std::string MetricsRegistry::Render() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  for (const auto& [name, f] : families_) {
    const char* type = f.type == Type::kCounter     ? "counter"
                       : f.type == Type::kHistogram ? "histogram"
                                                    : "gauge";
    out += "# HELP " + name + " " + EscapeHelp(f.help) + "\n";
    out += "# TYPE " + name + " " + type + "\n";
    for (const auto& [labels, c] : f.counters) {
      out += name + labels + " " + FormatDouble(c->value()) + "\n";
    }
    for (const auto& [labels, g] : f.gauges) {
      out += name + labels + " " + FormatDouble(g->value()) + "\n";
    }
    for (const auto& [labels, cb] : f.callbacks) {
      out += name + labels + " " + FormatDouble(cb()) + "\n";
    }
    for (const auto& [labels, h] : f.histograms) {
      uint64_t cumulative = 0;
      const auto& bounds = h->upper_bounds();
      for (size_t i = 0; i <= bounds.size(); ++i) {
        cumulative += h->bucket_count(i);
        const std::string le = i < bounds.size() ? FormatDouble(bounds[i]) : "+Inf";
        out += name + "_bucket" + WithLe(labels, le) + " " + std::to_string(cumulative) + "\n";
      }
      out += name + "_sum" + labels + " " + FormatDouble(h->sum()) + "\n";
      out += name + "_count" + labels + " " + std::to_string(cumulative) + "\n";
    }
  }
  return out;
}

}  // namespace kinerja::http
