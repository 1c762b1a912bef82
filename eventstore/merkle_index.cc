#include "eventstore/merkle_index.h"

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <filesystem>

#include "eventstore/hash_chain.h"
#include "eventstore/rocks_info_log.h"
#include "eventstore/rocks_recovery.h"
#include "eventstore/rocks_layout.h"

#include <thread>

namespace kinerja::eventstore {
namespace {

constexpr char kFormatKey[] = "merkle-format";
constexpr int kFormatVersion = 1;
constexpr char kSizeKey[] = "size";
constexpr char kLastKey[] = "last";
constexpr char kResumeSentinel[] = "resume-sentinel";  // memtable-only (rocks_recovery.h)

std::string NodeKey(uint32_t level, uint64_t index) {
  std::string key;
  key.reserve(10);
  key.push_back('n');
  key.push_back(static_cast<char>(level));
  layout::AppendBigEndian64(&key, index);
  return key;
}

std::string U64Value(uint64_t v) {
  std::string s;
  layout::AppendBigEndian64(&s, v);
  return s;
}

}  // namespace

MerkleIndex::MerkleIndex(EventStore* store, MerkleIndexOptions options)
    : store_(store), options_(std::move(options)), last_raw_(kHashBytes, '\0') {}

MerkleIndex::~MerkleIndex() { Stop(); }

Result<std::unique_ptr<MerkleIndex>> MerkleIndex::Open(EventStore* store,
                                                       MerkleIndexOptions options) {
  if (store == nullptr || options.path.empty()) {
    return Status::InvalidArgument("a Merkle index needs an event store and a path");
  }
  if (options.batch_events == 0) options.batch_events = 1;
  std::error_code ec;
  std::filesystem::create_directories(options.path, ec);
  if (ec) return Status::IOError("cannot create " + options.path + ": " + ec.message());

  std::unique_ptr<MerkleIndex> index(new MerkleIndex(store, std::move(options)));
  const MerkleIndexOptions& o = index->options_;
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.paranoid_checks = true;
  db_options.max_background_jobs = 1;
  db_options.write_buffer_size = 8u << 20;
  db_options.max_write_buffer_number = 2;  // PITFALLS: > 2 hits a 7.8.3 flush-retry bug.
  db_options.keep_log_file_num = 2;
  db_options.info_log = NewRocksInfoLog(o.path);  // never aborts on a full or read-only disk
  db_options.listeners.push_back(NewManualRecoveryListener());
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(o.block_cache_bytes);
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  db_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, o.path, &raw);
  if (!s.ok()) {
    if (s.IsCorruption()) {
      return Status::Corruption("Merkle index at " + o.path + " is corrupt: " + s.ToString());
    }
    return Status::IOError("cannot open the Merkle index at " + o.path + ": " + s.ToString());
  }
  index->db_.reset(raw);
  if (Status loaded = index->Load(); !loaded.ok()) return loaded;
  PutResumeSentinel(raw, kResumeSentinel);
  return index;
}

Status MerkleIndex::Load() {
  std::string format;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), kFormatKey, &format);
  if (s.IsNotFound()) {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
    it->SeekToFirst();
    if (it->Valid()) {
      return Status::UnsupportedFormat(options_.path + " holds a RocksDB database that is not a "
                                       "kinerja Merkle index");
    }
    rocksdb::WriteOptions wo;
    wo.sync = true;
    s = db_->Put(wo, kFormatKey, std::to_string(kFormatVersion));
    if (!s.ok()) return Status::IOError("cannot initialise " + options_.path + ": " + s.ToString());
    return Status::Ok();
  }
  if (!s.ok()) return Status::IOError("reading " + options_.path + ": " + s.ToString());
  if (format != std::to_string(kFormatVersion)) {
    return Status::UnsupportedFormat("Merkle index at " + options_.path +
                                     " was written by a newer format (" + format + ")");
  }
  std::string size_value, last;
  s = db_->Get(rocksdb::ReadOptions(), kSizeKey, &size_value);
  if (s.IsNotFound()) return Status::Ok();
  if (!s.ok()) return Status::IOError("reading " + options_.path + ": " + s.ToString());
  s = db_->Get(rocksdb::ReadOptions(), kLastKey, &last);
  if (!s.ok() || size_value.size() != 8 || last.size() != kHashBytes) {
    return Status::Corruption("Merkle index at " + options_.path + " is corrupt: bad size/last");
  }
  const uint64_t size = layout::ReadBigEndian64(size_value.data());
  auto frontier = merkle::MerkleFrontier::Restore(size, Reader());
  if (!frontier.ok()) return frontier.status();
  frontier_ = std::move(frontier).value();
  last_raw_ = last;
  size_.store(size);
  return Status::Ok();
}

void MerkleIndex::Start() {
  if (subscription_) return;
  stopping_.store(false);
  subscription_ = store_->Subscribe(size_.load() + 1, [this](const RecordedEvent& e) {
    std::lock_guard<std::mutex> lock(apply_mu_);
    Status s = Add(e);
    if (s.ok() && (pending_events_ >= options_.batch_events ||
                   e.position >= store_->head_position())) {
      s = Flush();
      // A failed write (disk full, read-only) keeps the batch pending: retry until it is
      // written or the index stops (what is pending is re-derived from the log after a restart).
      while (s.code() == StatusCode::kUnavailable && !stopping_.load()) {
        for (auto waited = std::chrono::milliseconds(0);
             waited < options_.retry_interval && !stopping_.load();
             waited += std::chrono::milliseconds(10)) {
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        s = Flush();
      }
      if (s.code() == StatusCode::kUnavailable) s = Status::Ok();
    }
    if (!s.ok()) Fail(s);  // sticky: later events are ignored (Add returns the error)
  });
}

void MerkleIndex::Stop() {
  if (!subscription_) return;
  stopping_.store(true);
  subscription_->Stop();
  subscription_.reset();
  std::lock_guard<std::mutex> lock(apply_mu_);
  if (error().ok()) {
    // A failed write here is not a broken chain: the pending leaves are re-derived next start.
    if (Status s = Flush(); !s.ok() && s.code() != StatusCode::kUnavailable) Fail(s);
  }
}

Status MerkleIndex::CatchUp() {
  std::lock_guard<std::mutex> lock(apply_mu_);
  if (Status e = error(); !e.ok()) return e;
  AllRead read;
  read.from_position = frontier_.size() + 1;
  read.as_of.position = store_->head_position();
  Status add_status;
  Status s = store_->ForEach(read, [&](const RecordedEvent& e) {
    add_status = Add(e);
    if (add_status.ok() && pending_events_ >= options_.batch_events) add_status = Flush();
    return add_status.ok();
  });
  if (s.ok()) s = add_status;
  if (s.ok()) s = Flush();
  if (!s.ok() && s.code() != StatusCode::kUnavailable) Fail(s);  // a failed write is retried
  return s;
}

Status MerkleIndex::Add(const RecordedEvent& e) {
  if (Status err = error(); !err.ok()) return err;
  if (e.position <= frontier_.size()) return Status::Ok();  // already indexed
  if (e.position != frontier_.size() + 1) {
    return Status::Corruption("Merkle index expected position " +
                              std::to_string(frontier_.size() + 1) + ", got " +
                              std::to_string(e.position));
  }
  std::string raw, prev;
  if (!FromHex(e.hash, &raw) || raw.size() != kHashBytes || !FromHex(e.prev_hash, &prev) ||
      prev != last_raw_) {
    return Status::Corruption("event " + std::to_string(e.position) +
                              " does not link to the previous event's hash");
  }
  if (options_.verify_chain && ComputeHashRaw(prev, e) != raw) {
    return Status::Corruption("event " + std::to_string(e.position) +
                              " does not match its hash");
  }
  frontier_.Append(merkle::LeafHash(raw), &pending_);
  last_raw_ = std::move(raw);
  ++pending_events_;
  return Status::Ok();
}

Status MerkleIndex::Flush() {
  if (pending_events_ == 0) return Status::Ok();
  rocksdb::WriteBatch batch;
  for (const auto& node : pending_) batch.Put(NodeKey(node.level, node.index), node.hash);
  batch.Put(kSizeKey, U64Value(frontier_.size()));
  batch.Put(kLastKey, last_raw_);
  rocksdb::WriteOptions wo;  // derivable from the log: no fsync, the WAL keeps it atomic
  if (write_failing_.load()) {
    // RocksDB refuses writes after a failed one until Resume() (rate-limited).
    auto now = std::chrono::steady_clock::now();
    if (now - last_resume_ >= options_.retry_interval) {
      last_resume_ = now;
      (void)SafeResume(db_.get(), kResumeSentinel);  // kUnsafe: refused until a restart
    }
  }
  rocksdb::Status s = db_->Write(wo, &batch);
  if (!s.ok()) {
    write_errors_.fetch_add(1);
    write_failing_.store(true);
    if (s.IsCorruption()) return Status::Corruption("writing the Merkle index: " + s.ToString());
    return Status::Unavailable("writing the Merkle index: " + s.ToString());
  }
  write_failing_.store(false);
  pending_.clear();
  pending_events_ = 0;
  {
    std::lock_guard<std::mutex> lock(state_mu_);
    size_.store(frontier_.size());
  }
  state_cv_.notify_all();
  return Status::Ok();
}

void MerkleIndex::Fail(Status s) {
  {
    std::lock_guard<std::mutex> lock(state_mu_);
    if (error_.ok()) error_ = std::move(s);
  }
  state_cv_.notify_all();
}

Status MerkleIndex::error() const {
  std::lock_guard<std::mutex> lock(state_mu_);
  return error_;
}

bool MerkleIndex::WaitForSize(uint64_t n, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(state_mu_);
  state_cv_.wait_for(lock, timeout, [&] { return size_.load() >= n || !error_.ok(); });
  return size_.load() >= n;
}

Result<std::string> MerkleIndex::ReadNode(uint32_t level, uint64_t index) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), NodeKey(level, index), &value);
  if (s.ok() && value.size() == merkle::kHashSize) return value;
  if (s.ok() || s.IsNotFound()) {
    return Status::Corruption("Merkle index at " + options_.path + " lacks node " +
                              std::to_string(level) + "/" + std::to_string(index));
  }
  return Status::IOError("reading the Merkle index: " + s.ToString());
}

merkle::NodeReader MerkleIndex::Reader() const {
  return [this](uint32_t level, uint64_t index) { return ReadNode(level, index); };
}

Status MerkleIndex::CheckSize(uint64_t size) const {
  const uint64_t indexed = size_.load();
  if (size > indexed) {
    return Status::InvalidArgument("tree size " + std::to_string(size) +
                                   " is beyond the indexed size " + std::to_string(indexed));
  }
  return Status::Ok();
}

Result<std::string> MerkleIndex::Root(uint64_t size) const {
  if (Status s = CheckSize(size); !s.ok()) return s;
  return merkle::RootHash(size, Reader());
}

Result<std::vector<std::string>> MerkleIndex::InclusionProof(uint64_t leaf_index,
                                                             uint64_t size) const {
  if (Status s = CheckSize(size); !s.ok()) return s;
  return merkle::InclusionProof(leaf_index, size, Reader());
}

Result<std::vector<std::string>> MerkleIndex::ConsistencyProof(uint64_t old_size,
                                                               uint64_t new_size) const {
  if (Status s = CheckSize(new_size); !s.ok()) return s;
  return merkle::ConsistencyProof(old_size, new_size, Reader());
}

Result<std::string> MerkleIndex::LeafHash(uint64_t leaf_index) const {
  if (leaf_index >= size_.load()) {
    return Status::InvalidArgument("leaf " + std::to_string(leaf_index) + " is not indexed");
  }
  return ReadNode(0, leaf_index);
}

}  // namespace kinerja::eventstore
