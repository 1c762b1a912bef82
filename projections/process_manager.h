// ProcessManager: runs a policy over the log (e.g. the follow-up policy: a finalised annual
// appraisal -> recommendation events). It reads the log from its own durable checkpoint (kept in
// the event store under "process/<name>") on its own thread and calls the handler once per
// event, in position order; the handler may append to the store.
//
// Delivery is AT LEAST ONCE: the checkpoint is saved after events were handled, so after a crash
// the last unsaved events are delivered again. Handlers must be idempotent (the follow-up policy
// gets that from its aggregate plus deterministic event ids). The view store and RebuildAll never
// touch this checkpoint, so a rebuild does not re-run the policy.
//
// Handler outcome (a Status):
//   ok                                              -> done, move on;
//   kUnavailable, kIOError, kWrongExpectedVersion   -> transient: the same event is retried after
//                                                      a back-off (the checkpoint does not pass it);
//   any other code                                  -> failed: counted, kept in failures() (the
//                                                      last 100) and passed to on_failure, then
//                                                      skipped so the policy is not wedged.
// Exceptions from the handler count as failures.
// Thread-safety: Start/Stop from one controlling thread; the accessors from any thread. The
// handler runs on the manager's thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "eventstore/event_store.h"

namespace kinerja::projections {

using eventstore::Result;
using eventstore::Status;

struct ProcessFailure {
  uint64_t position = 0;
  std::string event_id;
  std::string type;
  std::string error;
};

struct ProcessManagerOptions {
  // Names the durable checkpoint ("process/<name>"). 1..64 of [a-z0-9_-].
  // Default: none (required).
  std::string name;
  // Events read per batch; the checkpoint is saved after each batch.
  // Default: 256.
  size_t batch_events = 256;
  // Wait for new appends before re-checking (bounds Stop latency).
  // Default: 100 ms.
  std::chrono::milliseconds idle_wait{100};
  // First back-off after a transient error; doubles up to max_backoff.
  // Default: 20 ms, max 2 s.
  std::chrono::milliseconds retry_backoff{20};
  std::chrono::milliseconds max_backoff{2000};
  // Called (on the manager's thread) for each failed event, e.g. to log it.
  // Default: none.
  std::function<void(const ProcessFailure&)> on_failure;
};

struct ProcessManagerMetrics {
  uint64_t checkpoint = 0;  // Handled through this position (durably saved or not).
  uint64_t handled = 0;     // Events handled ok since Start (each delivery counts).
  uint64_t failed = 0;      // Events skipped as failed since Start.
  uint64_t retries = 0;     // Transient errors retried since Start.
};

class ProcessManager {
 public:
  using Handler = std::function<Status(const eventstore::RecordedEvent&)>;

  ProcessManager(eventstore::EventStore* store, ProcessManagerOptions options, Handler handler);
  ~ProcessManager();  // Stops.
  ProcessManager(const ProcessManager&) = delete;
  ProcessManager& operator=(const ProcessManager&) = delete;

  // Loads the checkpoint and starts the thread. Errors: kInvalidArgument (bad name), storage
  // errors reading the checkpoint. Idempotent once started.
  Status Start();
  // Saves the checkpoint and stops (within about idle_wait or one handler call). Idempotent.
  void Stop();

  // Handled through this position.
  uint64_t checkpoint() const { return position_.load(); }
  // Blocks until checkpoint() >= position or the timeout passes; returns whether reached.
  bool WaitFor(uint64_t position, std::chrono::milliseconds timeout);
  ProcessManagerMetrics metrics() const;
  std::vector<ProcessFailure> failures() const;

 private:
  void Run();
  void SaveCheckpoint();
  void Sleep(std::chrono::milliseconds d);
  void Advance(uint64_t position);

  eventstore::EventStore* store_;
  ProcessManagerOptions options_;
  Handler handler_;
  std::string checkpoint_name_;

  std::atomic<uint64_t> position_{0};
  uint64_t saved_ = 0;  // Owned by the manager thread (and Start/Stop).
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<ProcessFailure> failures_;  // Guarded by mu_.

  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::atomic<uint64_t> handled_{0}, failed_{0}, retries_{0};
};

}  // namespace kinerja::projections
