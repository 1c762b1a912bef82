#include "api/app/storage_monitor.h"

#include <utility>

namespace kinerja::app {
namespace {

std::string Seconds(std::chrono::steady_clock::duration d) {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(d).count());
}

}  // namespace

StorageMonitor::StorageMonitor(std::vector<StorageProbe> probes, Log log,
                               StorageMonitorOptions options)
    : probes_(std::move(probes)),
      log_(std::move(log)),
      options_(options),
      states_(probes_.size()) {}

StorageMonitor::~StorageMonitor() { Stop(); }

void StorageMonitor::Start() {
  thread_.Start([this] {
    Check();
    return options_.poll;
  });
}

void StorageMonitor::Stop() { thread_.Stop(); }

void StorageMonitor::Check() {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> lock(mu_);
  for (size_t i = 0; i < probes_.size(); ++i) {
    const StorageProbe& p = probes_[i];
    State& s = states_[i];
    const bool writable = p.writable();
    const uint64_t errors = p.write_errors ? p.write_errors() : 0;
    if (!writable && !s.failing) {
      s.failing = true;
      s.since = s.reminded = now;
      log_("error", "storage writes failing",
           {{"store", p.name},
            {"writeErrors", std::to_string(errors)},
            {"effect", "commands answer 503 storage.unavailable; reads keep working"},
            {"action", "free space in the data directory (writes resume by themselves); a "
                       "read-only or failing disk needs a restart once it is fixed"}});
    } else if (!writable && now - s.reminded >= options_.reminder) {
      s.reminded = now;
      log_("error", "storage writes still failing",
           {{"store", p.name},
            {"failingForSeconds", Seconds(now - s.since)},
            {"writeErrors", std::to_string(errors)}});
    } else if (writable && s.failing) {
      s.failing = false;
      log_("info", "storage writes recovered",
           {{"store", p.name},
            {"failedForSeconds", Seconds(now - s.since)},
            {"failedWrites", std::to_string(errors - s.errors_at_start)}});
    }
    if (writable) s.errors_at_start = errors;  // the count before the next failure
  }
}

bool StorageMonitor::all_writable() const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const State& s : states_) {
    if (s.failing) return false;
  }
  return true;
}

}  // namespace kinerja::app
