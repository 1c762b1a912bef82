// ViewStore: the read models' own RocksDB (a directory separate from the event log, e.g.
// <data-dir>/views). Documents live under "<projection>/<key>"; each projection also has a
// checkpoint (last applied position), a version and dead letters (events its fold refused).
// Writes happen only through a ViewBatch committed as ONE RocksDB WriteBatch, so documents and
// their checkpoint always move together: a crash never leaves a model ahead of or behind its
// checkpoint.
// Thread-safety: every ViewStore method may be called concurrently (readers from any thread).
// A ViewBatch or ViewSnapshot is used by one thread at a time and must be destroyed before the
// store.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eventstore/rocks_memory.h"
#include "eventstore/status.h"
#include "eventstore/types.h"
#include "projections/document_view.h"

namespace rocksdb {
class Cache;
class DB;
class Env;
class Snapshot;
class WriteBatch;
class WriteBatchWithIndex;
struct WriteOptions;
}  // namespace rocksdb

namespace kinerja::projections {

using eventstore::Result;
using eventstore::Status;

struct ViewStoreOptions {
  // Directory of the view database.
  // Default: none (required).
  std::string path;
  // Create the database when the directory holds none.
  // Default: true.
  bool create_if_missing = true;
  // fsync the WAL on every commit. Off by default: read models can always be refolded from the
  // log, and even without fsync a commit is atomic (a machine crash loses whole recent batches,
  // documents and checkpoint together, and the projector re-applies them).
  // Default: false.
  bool sync = false;
  // Block cache to share with other RocksDB instances of the process; null: one of
  // block_cache_bytes is created.
  // Default: null.
  std::shared_ptr<rocksdb::Cache> block_cache;
  // Size of the block cache created when block_cache is null.
  // Default: 16 MiB.
  size_t block_cache_bytes = 16u << 20;
  // Budget of all memtables (WriteBufferManager, charged to the block cache).
  // Default: 32 MiB.
  size_t write_buffer_manager_bytes = 32u << 20;
  // Size of one memtable (max_write_buffer_number is 2, see PITFALLS).
  // Default: 8 MiB.
  size_t write_buffer_bytes = 8u << 20;
  // After a failed write (disk full, read-only) RocksDB refuses writes until DB::Resume(); the
  // next Commit/Reset calls it, at most once per this interval.
  // Default: 1 s.
  std::chrono::milliseconds resume_interval{1000};
  // Test hook: the RocksDB Env (e.g. one whose FileSystem fails writes on demand).
  // Default: null (the default Env).
  std::shared_ptr<rocksdb::Env> env;
};

// An event a projection's fold refused (see projector.h).
struct DeadLetter {
  uint64_t position = 0;
  std::string stream;
  std::string type;
  std::string event_id;
  std::string error;
  bool operator==(const DeadLetter& o) const {
    return position == o.position && stream == o.stream && type == o.type &&
           event_id == o.event_id && error == o.error;
  }
};

struct ProjectionMeta {
  uint64_t checkpoint = 0;          // Last applied position (0: none).
  std::optional<uint32_t> version;  // nullopt: the projection was never initialised here.
};

inline constexpr size_t kNoScanLimit = std::numeric_limits<size_t>::max();

class ViewStore;

// A consistent point-in-time view for multi-key reads (documents and checkpoints agree).
class ViewSnapshot {
 public:
  ~ViewSnapshot();
  ViewSnapshot(const ViewSnapshot&) = delete;
  ViewSnapshot& operator=(const ViewSnapshot&) = delete;

  Result<std::optional<std::string>> Get(const std::string& projection, std::string_view key);
  Result<std::vector<Document>> Scan(const std::string& projection, std::string_view prefix,
                                     size_t limit = kNoScanLimit);
  // The documents under `prefix` in key order, one at a time, without collecting them (a reader
  // of thousands of documents holds one at a time instead of all of them): `visit(key, value)`
  // gets the key relative to the projection, as Scan returns it, and the stored value, both
  // valid only during the call; it returns false to stop early.
  using Visitor = std::function<bool(std::string_view key, std::string_view value)>;
  Status ForEach(const std::string& projection, std::string_view prefix, const Visitor& visit);
  Result<ProjectionMeta> Meta(const std::string& projection);

 private:
  friend class ViewStore;
  ViewSnapshot(ViewStore* store, const rocksdb::Snapshot* snapshot)
      : store_(store), snapshot_(snapshot) {}
  ViewStore* store_;
  const rocksdb::Snapshot* snapshot_;
};

// Pending writes of the projector: per-projection DocumentViews whose reads see the batch, plus
// checkpoints and dead letters; committed atomically by ViewStore::Commit.
class ViewBatch {
 public:
  ~ViewBatch();
  ViewBatch(const ViewBatch&) = delete;
  ViewBatch& operator=(const ViewBatch&) = delete;

  // The documents of `projection` through this batch. The reference lives as long as the batch.
  DocumentView& View(const std::string& projection);
  // Undo for one fold step (nested allowed). Rollback/Pop REQUIRE a save point.
  void SetSavePoint();
  void RollbackToSavePoint();
  void PopSavePoint();
  void SetCheckpoint(const std::string& projection, uint64_t position);
  void AddDeadLetter(const std::string& projection, const DeadLetter& letter);
  // The first storage read error seen through any View() (ok when none). A batch with a read
  // error must not be committed: a fold may have taken a failed read for "absent".
  const Status& read_status() const { return read_status_; }
  size_t data_bytes() const;

 private:
  friend class ViewStore;
  class ScopedView;
  explicit ViewBatch(ViewStore* store);

  ViewStore* store_;
  std::unique_ptr<rocksdb::WriteBatchWithIndex> batch_;
  std::map<std::string, std::unique_ptr<ScopedView>> views_;
  Status read_status_;
};

class ViewStore {
 public:
  // Errors: kUnsupportedFormat (a directory that is not a view store), kCorruption, kIOError,
  // kInvalidArgument.
  static Result<std::unique_ptr<ViewStore>> Open(ViewStoreOptions options);
  ~ViewStore();
  ViewStore(const ViewStore&) = delete;
  ViewStore& operator=(const ViewStore&) = delete;

  // The document under `key` of `projection` (nullopt: none).
  Result<std::optional<std::string>> Get(const std::string& projection, std::string_view key);
  // Documents whose key starts with `prefix`, in key order, at most `limit`.
  Result<std::vector<Document>> Scan(const std::string& projection, std::string_view prefix,
                                     size_t limit = kNoScanLimit);
  // Every document of `projection` in key order (for comparing stores: rebuild == live).
  Result<std::vector<Document>> Dump(const std::string& projection) {
    return Scan(projection, "");
  }
  Result<ProjectionMeta> Meta(const std::string& projection);
  Result<std::vector<DeadLetter>> DeadLetters(const std::string& projection);

  std::unique_ptr<ViewSnapshot> NewSnapshot();
  std::unique_ptr<ViewBatch> NewBatch();
  // Writes the batch atomically (sync per options). Refuses a batch whose read_status() is not ok.
  Status Commit(ViewBatch* batch);
  // Atomically deletes every document and dead letter of `projection` and records `version`
  // with checkpoint 0 (the start of a rebuild).
  Status Reset(const std::string& projection, uint32_t version);

  // Writes that failed (disk full, read-only) since Open.
  uint64_t write_errors() const { return write_errors_.load(); }
  // False from a failed write until a write succeeds again.
  bool writable() const { return !write_failing_.load(); }
  // Block cache, memtables and index/filter blocks held by this store (eventstore/rocks_memory.h).
  eventstore::RocksMemory memory() const { return eventstore::ReadRocksMemory(db_.get()); }

 private:
  friend class ViewSnapshot;
  friend class ViewBatch;
  explicit ViewStore(ViewStoreOptions options);
  Result<std::optional<std::string>> GetAt(const rocksdb::Snapshot* snap, const std::string& key);
  Result<std::vector<Document>> ScanAt(const rocksdb::Snapshot* snap, const std::string& prefix,
                                       size_t limit);
  Status ForEachAt(const rocksdb::Snapshot* snap, const std::string& prefix,
                   const ViewSnapshot::Visitor& visit);
  Result<ProjectionMeta> MetaAt(const rocksdb::Snapshot* snap, const std::string& projection);

  // Resume()s RocksDB after a failed write (rate-limited), writes, and records the outcome.
  Status Write(const rocksdb::WriteOptions& options, rocksdb::WriteBatch* batch,
               const std::string& what);

  ViewStoreOptions options_;
  std::unique_ptr<rocksdb::DB> db_;
  std::atomic<bool> write_failing_{false};
  std::atomic<uint64_t> write_errors_{0};
  std::mutex resume_mu_;  // Guards last_resume_.
  std::chrono::steady_clock::time_point last_resume_{};
};

}  // namespace kinerja::projections
