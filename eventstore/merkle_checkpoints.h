// CheckpointPublisher: signs the Merkle index's tree head periodically and keeps the latest
// signed checkpoint in memory and on disk (the note text, checkpoint_signer.h). It publishes when
// the index has grown since the last checkpoint AND either `interval` has passed since the last
// one or `every_events` new events were indexed. Before signing it checks that the new tree is
// consistent (RFC 9162 consistency proof) with the previous checkpoint; if not, it refuses to
// sign and error() says so (the log was rewritten under the server). `on_checkpoint` is the seam
// for publishing each new checkpoint elsewhere (e.g. to Kafka).
// Thread-safety: every method may be called from any thread; Start/Stop from one controlling
// thread. `on_checkpoint` runs on the publisher's thread (or the caller of PublishNow).
// Destroy before the index and the signer.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "eventstore/checkpoint_signer.h"
#include "eventstore/merkle_index.h"
#include "eventstore/periodic_thread.h"

namespace kinerja::eventstore {

struct CheckpointPublisherOptions {
  // File holding the latest checkpoint note (written atomically: temp file + rename).
  // Default: none (required).
  std::string path;
  // Publish at least this often while the log grows. Default: 10 s.
  std::chrono::milliseconds interval{10000};
  // Publish as soon as this many events were indexed since the last checkpoint. Default: 10000.
  uint64_t every_events = 10000;
  // Stamps checkpoints (microseconds since the epoch, UTC). Default: the system clock.
  std::function<int64_t()> clock;
  // Called with every newly published checkpoint. Default: none.
  std::function<void(const SignedCheckpoint&)> on_checkpoint;
};

class CheckpointPublisher {
 public:
  // Loads the latest checkpoint from options.path if present (its signature must verify with
  // `signer`'s key; kCorruption otherwise).
  static Result<std::unique_ptr<CheckpointPublisher>> Open(MerkleIndex* index,
                                                           const CheckpointSigner* signer,
                                                           CheckpointPublisherOptions options);
  ~CheckpointPublisher();  // Stop()
  CheckpointPublisher(const CheckpointPublisher&) = delete;
  CheckpointPublisher& operator=(const CheckpointPublisher&) = delete;

  void Start();  // idempotent
  void Stop();   // idempotent; joins the thread

  // The latest published checkpoint (nullopt before the first).
  std::optional<SignedCheckpoint> Latest() const;
  // Publishes a checkpoint of the index's current size now (unless it equals the latest).
  Result<SignedCheckpoint> PublishNow();
  // A freshly signed checkpoint of the tree at `size` (not published). kInvalidArgument when
  // size > the indexed size.
  Result<SignedCheckpoint> SignAt(uint64_t size) const;
  // Ok, or why the last publication failed (kCorruption: inconsistent with the previous one).
  Status error() const;

 private:
  CheckpointPublisher(MerkleIndex* index, const CheckpointSigner* signer,
                      CheckpointPublisherOptions options);
  // One turn of the publishing thread: publishes when due; returns the wait before the next.
  std::chrono::milliseconds PublishIfDue();
  Status Store(const SignedCheckpoint& c);

  MerkleIndex* index_;
  const CheckpointSigner* signer_;
  CheckpointPublisherOptions options_;
  std::mutex publish_mu_;  // one publication at a time
  mutable std::mutex mu_;
  std::optional<SignedCheckpoint> latest_;
  std::chrono::steady_clock::time_point last_published_at_{};
  Status error_;
  PeriodicThread thread_;  // last: stopped before the rest goes
};

}  // namespace kinerja::eventstore
