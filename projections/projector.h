// Projector: keeps a set of projections up to date with the event log.
//
// Open() checks each projection against the view store: one whose stored version differs from
// its code version (or that was never initialised) is reset (documents and dead letters wiped,
// checkpoint 0) and so is refolded from position 1. Then the projector reads the log from the
// lowest checkpoint + 1 in batches (ReadAll, up to batch_events per batch) and, once caught up,
// waits for new appends (EventStore::WaitForPosition). Each batch is folded into ONE ViewBatch
// holding every projection's document writes and its new checkpoint, committed atomically; an
// event at or below a projection's checkpoint is never applied to it again.
//
// Poison events: when a fold returns FoldStatus::Poison (or throws), that event's writes for
// that projection are rolled back, a DeadLetter (position, stream, type, event id, error) is
// written in the same batch, metrics().poison_events counts it, and the projection moves on.
// The event is neither lost (it stays in the log and in the dead letters) nor allowed to wedge
// the projector; a fixed fold ships with a version bump, which refolds everything, dead letters
// included. Storage errors (event store reads, view reads, commits) are not poison: the batch is
// discarded and retried after a back-off.
//
// Thread-safety: Open/Start/Stop/CatchUp/RebuildAll from one controlling thread; Start and
// CatchUp/RebuildAll are exclusive (call CatchUp/RebuildAll only while stopped).
// applied_position, WaitFor, metrics and views() may be called from any thread at any time.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "eventstore/event_store.h"
#include "projections/projection.h"
#include "projections/view_store.h"

namespace kinerja::projections {

struct ProjectorOptions {
  // Most events folded into one WriteBatch.
  // Default: 1000.
  size_t batch_events = 1000;
  // How long the follower waits for new appends before re-checking (stop latency bound).
  // Default: 100 ms.
  std::chrono::milliseconds idle_wait{100};
  // Back-off after a storage error before the batch is retried.
  // Default: 100 ms.
  std::chrono::milliseconds error_backoff{100};
};

struct ProjectorMetrics {
  uint64_t applied_position = 0;  // Every projection has applied the log up to here.
  uint64_t head_position = 0;     // The event store's head.
  uint64_t events_applied = 0;    // Events read and folded since Open (each counts once).
  uint64_t batches = 0;           // Batches committed since Open.
  uint64_t poison_events = 0;     // Dead letters written since Open (per projection and event).
  uint64_t storage_errors = 0;    // Batches discarded because of a storage error.
  uint64_t rebuilds = 0;          // Projections reset since Open.
  uint64_t last_batch_events = 0;
  uint64_t last_batch_micros = 0;  // Wall time of the last committed batch (read+fold+commit).
};

class Projector {
 public:
  // Takes ownership of the view store and projections (names must be valid and distinct).
  // Resets the projections whose version changed. Errors: kInvalidArgument, storage errors.
  static Result<std::unique_ptr<Projector>> Open(
      eventstore::EventStore* events, std::unique_ptr<ViewStore> views,
      std::vector<std::unique_ptr<Projection>> projections, ProjectorOptions options = {});
  ~Projector();  // Stops the follower.
  Projector(const Projector&) = delete;
  Projector& operator=(const Projector&) = delete;

  // Starts the follower thread (catch-up, then live). Idempotent.
  void Start();
  // Stops the follower after its current batch (returns within about idle_wait). Idempotent.
  void Stop();

  // Synchronously folds the log up to its current head (REQUIRES: not started).
  Status CatchUp();
  // Offline rebuild (`kinerja rebuild`): resets every projection and refolds from position 1 up
  // to the current head (REQUIRES: not started).
  Status RebuildAll();

  // Every projection has applied the log up to this position.
  uint64_t applied_position() const { return applied_.load(); }
  // Blocks until applied_position() >= position or the timeout passes; returns whether reached.
  bool WaitFor(uint64_t position, std::chrono::milliseconds timeout);
  ProjectorMetrics metrics() const;

  ViewStore* views() { return views_.get(); }
  const std::vector<std::unique_ptr<Projection>>& projections() const { return projections_; }

 private:
  Projector(eventstore::EventStore* events, std::unique_ptr<ViewStore> views,
            std::vector<std::unique_ptr<Projection>> projections, ProjectorOptions options);
  Status Prepare();
  Status ResetAll();
  // Reads and applies one batch from the lowest checkpoint + 1. *applied = events read.
  Status Step(size_t* applied);
  Status ApplyBatch(const std::vector<eventstore::RecordedEvent>& events);
  void Publish();
  void Run();

  eventstore::EventStore* events_;
  std::unique_ptr<ViewStore> views_;
  std::vector<std::unique_ptr<Projection>> projections_;
  std::vector<uint64_t> checkpoints_;  // Per projection; owned by the applying thread.
  ProjectorOptions options_;

  std::atomic<uint64_t> applied_{0};
  std::mutex applied_mu_;
  std::condition_variable applied_cv_;

  std::atomic<bool> stop_{false};
  std::thread thread_;

  std::atomic<uint64_t> events_applied_{0}, batches_{0}, poison_{0}, storage_errors_{0},
      rebuilds_{0}, last_batch_events_{0}, last_batch_micros_{0};
};

}  // namespace kinerja::projections
