// StorageMonitor: watches the writers of kinerjad's data directory (event log, read models,
// Merkle index) and logs when their writes start failing (disk full, read-only, I/O error) and
// when they recover: one line per transition and, while a store keeps failing, a reminder at most
// every `reminder`, never a line per refused request or per retry. The stores themselves refuse
// and retry (eventstore/rocks_event_store.h, projections/view_store.h, eventstore/merkle_index.h);
// this only makes it visible to the operator.
// Thread-safety: Check() and all_writable() may be called from any thread; Start/Stop from one
// controlling thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "api/app/audit_log.h"
#include "eventstore/periodic_thread.h"

namespace kinerja::app {

struct StorageProbe {
  std::string name;                      // "event log", "read models", "merkle index"
  std::function<bool()> writable;        // false after a failed write until one succeeds
  std::function<uint64_t()> write_errors;  // failed writes so far
};

struct StorageMonitorOptions {
  // How often the probes are read. Default: 250 ms.
  std::chrono::milliseconds poll{250};
  // While a store keeps failing, repeat the warning this often. Default: 30 s.
  std::chrono::milliseconds reminder{30000};
};

class StorageMonitor {
 public:
  using Log = std::function<void(std::string_view level, std::string_view msg,
                                 const LogFields& fields)>;
  StorageMonitor(std::vector<StorageProbe> probes, Log log, StorageMonitorOptions options = {});
  ~StorageMonitor();  // Stop()
  StorageMonitor(const StorageMonitor&) = delete;
  StorageMonitor& operator=(const StorageMonitor&) = delete;

  // Polls on a thread of its own. Idempotent.
  void Start();
  void Stop();
  // Reads every probe once and logs what changed.
  void Check();
  // Every store accepted its last write.
  bool all_writable() const;

 private:
  struct State {
    bool failing = false;
    std::chrono::steady_clock::time_point since{}, reminded{};
    uint64_t errors_at_start = 0;  // write_errors while last seen writable
  };

  std::vector<StorageProbe> probes_;
  Log log_;
  StorageMonitorOptions options_;
  mutable std::mutex mu_;  // guards states_
  std::vector<State> states_;
  eventstore::PeriodicThread thread_;  // last: stopped before the rest goes
};

}  // namespace kinerja::app
