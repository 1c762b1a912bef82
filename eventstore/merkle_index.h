// MerkleIndex: a durable RFC 6962 Merkle tree over the event log, kept in its own RocksDB
// directory and following the log like a projection: on its own subscription thread, catching
// up from its stored size. It stores the hash of every complete (perfect) subtree, so the root of
// any size n <= size(), an inclusion proof and a consistency proof cost O(log n) reads.
// Appends never wait for it.
//
// Leaf i (0-based) is the event at position i+1; its data is the event's raw 32-byte chain hash
// (eventstore/README.md "Verifiable log"). Before indexing an event the index checks that it
// links to the previous one (prev_hash) and that its hash matches its canonical bytes; an event
// that does not stops the index (error() says where) so no checkpoint ever covers a broken chain.
//
// RocksDB layout (big-endian integers):
//   "merkle-format"         -> "1"
//   "size"                  -> number of indexed leaves (8)
//   "last"                  -> raw chain hash of the last indexed event (32)
//   'n' level(1) index(8)   -> hash of the perfect subtree (32); level 0 = the leaf hashes
// The nodes and "size"/"last" of a batch are one WriteBatch.
// Thread-safety: every method may be called from any thread. Start/Stop from one controlling
// thread. Destroy the index before the event store it follows.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "eventstore/event_store.h"
#include "eventstore/merkle.h"
#include "eventstore/rocks_memory.h"
#include "eventstore/status.h"

namespace rocksdb {
class DB;
}

namespace kinerja::eventstore {

struct MerkleIndexOptions {
  // RocksDB directory of the index (e.g. <data dir>/merkle). Default: none (required).
  std::string path;
  // Events indexed per WriteBatch while catching up (a live tail writes smaller batches as soon
  // as it reaches the head). Default: 4096.
  size_t batch_events = 4096;
  // Shared block cache of the index's RocksDB. Default: 8 MiB.
  size_t block_cache_bytes = 8u << 20;
  // Recompute each event's chain hash before indexing it. Default: true.
  bool verify_chain = true;
  // After a failed write (disk full, read-only) the live follower retries the batch this often
  // (calling DB::Resume() first); the events stay pending in memory meanwhile. Default: 1 s.
  std::chrono::milliseconds retry_interval{1000};
};

class MerkleIndex {
 public:
  // Opens (or creates) the index at options.path following `store`. Errors:
  // kUnsupportedFormat (newer format / not an index), kCorruption, kIOError.
  static Result<std::unique_ptr<MerkleIndex>> Open(EventStore* store, MerkleIndexOptions options);
  ~MerkleIndex();  // Stop()
  MerkleIndex(const MerkleIndex&) = delete;
  MerkleIndex& operator=(const MerkleIndex&) = delete;

  // Starts following the log on a subscription thread (from size() + 1). Idempotent.
  void Start();
  // Stops following (joins the thread; what was indexed stays). Idempotent.
  void Stop();
  // Indexes synchronously up to the head as it is now (tools, benchmarks, tests). Returns the
  // sticky error if the chain is broken. May run while Start()ed (they take turns).
  Status CatchUp();

  // Leaves indexed so far (published only after their batch is written).
  uint64_t size() const { return size_.load(); }
  // Waits until size() >= n, the index stops on an error, or the timeout passes.
  bool WaitForSize(uint64_t n, std::chrono::milliseconds timeout);
  // Ok, or why indexing stopped (kCorruption naming the position). A failed write does not
  // stop the index: it is retried (see write_errors()).
  Status error() const;
  // Writes of the index that failed (disk full, read-only) since Open.
  uint64_t write_errors() const { return write_errors_.load(); }
  // False from a failed write until a write succeeds again.
  bool writable() const { return !write_failing_.load(); }
  // Block cache, memtables and index/filter blocks held by the index (rocks_memory.h).
  RocksMemory memory() const { return ReadRocksMemory(db_.get()); }

  // The tree head of the first `size` leaves. kInvalidArgument when size > this->size().
  Result<std::string> Root(uint64_t size) const;
  // RFC 9162 audit path of leaf `leaf_index` in the tree of `size` leaves.
  Result<std::vector<std::string>> InclusionProof(uint64_t leaf_index, uint64_t size) const;
  // RFC 9162 consistency proof from old_size to new_size (0 < old_size <= new_size <= size()).
  Result<std::vector<std::string>> ConsistencyProof(uint64_t old_size, uint64_t new_size) const;
  // The stored leaf hash of leaf `leaf_index` (< size()).
  Result<std::string> LeafHash(uint64_t leaf_index) const;

 private:
  MerkleIndex(EventStore* store, MerkleIndexOptions options);
  Status Load();
  Result<std::string> ReadNode(uint32_t level, uint64_t index) const;
  merkle::NodeReader Reader() const;
  // Adds one event to the pending batch (REQUIRES apply_mu_). Positions <= indexed are skipped.
  Status Add(const RecordedEvent& e);
  Status Flush();  // REQUIRES apply_mu_
  void Fail(Status s);
  Status CheckSize(uint64_t size) const;

  EventStore* store_;
  MerkleIndexOptions options_;
  std::unique_ptr<rocksdb::DB> db_;

  std::mutex apply_mu_;  // guards the builder state below
  merkle::MerkleFrontier frontier_;
  std::string last_raw_;  // raw chain hash of the last added event (32 zero bytes: none)
  std::vector<merkle::MerkleFrontier::Node> pending_;
  uint64_t pending_events_ = 0;

  std::atomic<uint64_t> size_{0};
  mutable std::mutex state_mu_;
  std::condition_variable state_cv_;
  Status error_;
  std::unique_ptr<Subscription> subscription_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> write_failing_{false};
  std::atomic<uint64_t> write_errors_{0};
  std::chrono::steady_clock::time_point last_resume_{};  // guarded by apply_mu_
};

}  // namespace kinerja::eventstore
