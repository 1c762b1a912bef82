// RocksEventStore: the durable EventStore on RocksDB 7.8 (key layout in rocks_layout.h).
// Appends go through a group-commit writer queue: the first queued writer (the leader) plans
// every queued append in order, writes them as ONE WriteBatch (sync when Options::sync) and
// wakes the others with their own results. Reads go straight to RocksDB.
// Thread-safety: every method may be called concurrently; see event_store.h for lifetime rules.
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
#include <unordered_map>

#include "eventstore/append_planner.h"
#include "eventstore/event_store.h"
#include "eventstore/rocks_memory.h"

namespace rocksdb {
class DB;
class Env;
class Statistics;
}  // namespace rocksdb

namespace kinerja::eventstore {

struct RocksOptions {
  // Data directory.
  // Default: none (required).
  std::string path;
  // Create the store when the directory holds none.
  // Default: true.
  bool create_if_missing = true;
  // Acknowledge an append only after its WAL is fsync'd. With false, an acknowledged append can
  // be lost by a machine crash (not by a process crash) but the log stays gap-free and chained.
  // Default: true.
  bool sync = true;
  // Shared LRU block cache for reads.
  // Default: 32 MiB.
  size_t block_cache_bytes = 32u << 20;
  // Budget of all memtables (RocksDB WriteBufferManager, charged to the block cache).
  // Default: 64 MiB.
  size_t write_buffer_manager_bytes = 64u << 20;
  // Size of one memtable.
  // Default: 16 MiB.
  size_t write_buffer_bytes = 16u << 20;
  // At most this many appends are committed by one leader in one WriteBatch.
  // Default: 512.
  size_t max_group_appends = 512;
  // Microseconds since the Unix epoch; recorded_at = max(clock(), previous recorded_at).
  // Default: the system clock.
  std::function<int64_t()> clock;
  // Collect RocksDB statistics (for benchmarks: WAL_FILE_SYNCED).
  // Default: false.
  bool enable_statistics = false;
  // After a failed write (disk full, read-only, I/O error) RocksDB refuses every write until
  // DB::Resume(); the next append or checkpoint calls it (eventstore/rocks_recovery.h), at most
  // once per this interval. RocksDB's own automatic recovery is off.
  // Default: 1 s.
  std::chrono::milliseconds resume_interval{1000};
  // Test hook: the RocksDB Env (e.g. one whose FileSystem fails writes on demand).
  // Default: null (the default Env).
  std::shared_ptr<rocksdb::Env> env;
};

struct RocksStats {
  uint64_t appends = 0;        // Appends acknowledged (including duplicates).
  uint64_t events = 0;         // Events written.
  uint64_t group_commits = 0;  // WriteBatches written (one WAL sync each when sync is on).
  uint64_t wal_syncs = 0;      // RocksDB WAL_FILE_SYNCED (0 unless enable_statistics).
  uint64_t write_errors = 0;   // Failed writes (appends' batches and checkpoints).
  uint64_t resumes = 0;        // Successful DB::Resume() after a failed write.
  bool writable = true;        // False from a failed write until a write succeeds again.
  bool restart_needed = false;  // Writes cannot be resumed in-process (rocks_recovery.h).
};

class RocksEventStore : public EventStore {
 public:
  // Opens (or creates) the store. Errors: kUnsupportedFormat (newer format or not an event
  // store), kCorruption (damaged directory), kIOError, kInvalidArgument.
  static Result<std::unique_ptr<RocksEventStore>> Open(RocksOptions options);
  ~RocksEventStore() override;

  Result<AppendResult> Append(const std::string& stream, ExpectedVersion expected,
                              std::vector<NewEvent> events, const AppendContext& context) override;
  Result<std::vector<RecordedEvent>> ReadStream(const std::string& stream,
                                                const StreamRead& read) override;
  Result<std::vector<RecordedEvent>> ReadAll(const AllRead& read) override;
  Status ForEach(const AllRead& read,
                 const std::function<bool(const RecordedEvent&)>& visit) override;
  Result<RecordedEvent> ReadAt(uint64_t position) override;
  Result<uint64_t> StreamVersion(const std::string& stream) override;
  Result<uint64_t> PositionAsOf(int64_t at_us) override;
  Result<Head> GetHead() override;
  Result<std::optional<IdempotentAppend>> FindIdempotentAppend(const std::string& key) override;
  Result<VerifyReport> Verify(uint64_t from = 1, uint64_t to = 0) override;
  Status SaveCheckpoint(const std::string& name, uint64_t position) override;
  Result<uint64_t> LoadCheckpoint(const std::string& name) override;

  // Online, consistent backup (RocksDB Checkpoint, hard links where possible) into `dir`,
  // which must not exist yet. Open the backup with Open({.path = dir}).
  Status Backup(const std::string& dir);

  RocksStats stats() const;
  // Block cache, memtables and index/filter blocks held by the log (rocks_memory.h).
  RocksMemory memory() const { return ReadRocksMemory(db_.get()); }
  // The underlying database, for tests and tools that use rocks_layout.h. Not for writes in
  // production code.
  rocksdb::DB* raw_db() { return db_.get(); }

 private:
  struct Writer;
  class Lookup;

  explicit RocksEventStore(RocksOptions options);
  Status LoadTip();
  void CommitGroup(const std::vector<Writer*>& group);
  // Before a write: if the last write failed, DB::Resume() (rate-limited by resume_interval).
  void MaybeResume();
  // After a write: records whether writes work.
  void NoteWrite(bool ok);

  RocksOptions options_;
  std::shared_ptr<rocksdb::Statistics> statistics_;
  std::unique_ptr<rocksdb::DB> db_;

  std::mutex mu_;  // Guards writers_ only.
  std::deque<Writer*> writers_;
  // Owned by the current leader (only one at a time): the chain tip and stream-version cache.
  ChainTip tip_;
  bool tip_valid_ = false;
  std::unordered_map<std::string, uint64_t> version_cache_;

  std::atomic<uint64_t> appends_{0}, events_{0}, group_commits_{0};
  std::atomic<uint64_t> write_errors_{0}, resumes_{0};
  std::atomic<bool> write_failing_{false};
  std::atomic<bool> restart_needed_{false};
  std::mutex resume_mu_;  // Guards last_resume_.
  std::chrono::steady_clock::time_point last_resume_{};
};

}  // namespace kinerja::eventstore
