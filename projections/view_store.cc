#include "projections/view_store.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/write_batch_with_index.h>
#include <rocksdb/write_buffer_manager.h>

#include "eventstore/rocks_info_log.h"
#include "eventstore/rocks_recovery.h"
#include "projections/view_keys.h"

namespace kinerja::projections {
namespace {

constexpr char kResumeSentinel[] = "resume-sentinel";  // Memtable-only (rocks_recovery.h).

Status FromRocks(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return Status::Ok();
  std::string msg = what + ": " + s.ToString();
  if (s.IsCorruption()) return Status::Corruption(msg);
  if (s.IsInvalidArgument()) return Status::InvalidArgument(msg);
  if (s.IsIOError() && (s.IsNoSpace() || s.IsPathNotFound())) return Status::Unavailable(msg);
  return Status::IOError(msg);
}

// A failed write (disk full, read-only, or refused because of an earlier one) is retryable.
Status FromRocksWrite(const rocksdb::Status& s, const std::string& what) {
  if (s.ok() || s.IsCorruption() || s.IsInvalidArgument()) return FromRocks(s, what);
  return Status::Unavailable(what + ": " + s.ToString());
}

std::string EncodeDeadLetter(const DeadLetter& d) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  auto str = [&w](const char* k, const std::string& v) {
    w.Key(k);
    w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  };
  w.StartObject();
  w.Key("position");
  w.Uint64(d.position);
  str("stream", d.stream);
  str("type", d.type);
  str("eventId", d.event_id);
  str("error", d.error);
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

bool DecodeDeadLetter(const std::string& text, DeadLetter* d) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError() || !doc.IsObject()) return false;
  auto str = [&doc](const char* k, std::string* out) {
    auto it = doc.FindMember(k);
    if (it == doc.MemberEnd() || !it->value.IsString()) return false;
    out->assign(it->value.GetString(), it->value.GetStringLength());
    return true;
  };
  auto pos = doc.FindMember("position");
  if (pos == doc.MemberEnd() || !pos->value.IsUint64()) return false;
  d->position = pos->value.GetUint64();
  return str("stream", &d->stream) && str("type", &d->type) && str("eventId", &d->event_id) &&
         str("error", &d->error);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// ViewBatch

class ViewBatch::ScopedView : public DocumentView {
 public:
  ScopedView(ViewBatch* batch, std::string projection)
      : batch_(batch), prefix_(keys::DocPrefix(projection)) {}

  std::optional<std::string> Get(std::string_view key) override {
    std::string value;
    rocksdb::Status s = batch_->batch_->GetFromBatchAndDB(
        batch_->store_->db_.get(), rocksdb::ReadOptions(), Full(key), &value);
    if (s.IsNotFound()) return std::nullopt;
    if (!s.ok()) {
      Fail(FromRocks(s, "view read"));
      return std::nullopt;
    }
    return value;
  }

  void Put(std::string_view key, std::string_view value) override {
    rocksdb::Status s = batch_->batch_->Put(Full(key), rocksdb::Slice(value.data(), value.size()));
    if (!s.ok()) Fail(FromRocks(s, "view batch put"));
  }

  void Delete(std::string_view key) override {
    rocksdb::Status s = batch_->batch_->Delete(Full(key));
    if (!s.ok()) Fail(FromRocks(s, "view batch delete"));
  }

  void Scan(std::string_view prefix,
            const std::function<bool(std::string_view key, std::string_view value)>& visit)
      override {
    const std::string start = Full(prefix);
    const std::string end = keys::PrefixSuccessor(start);
    rocksdb::Slice upper(end);  // Outlives `it` (declared before it).
    rocksdb::ReadOptions ro;
    if (!end.empty()) ro.iterate_upper_bound = &upper;
    std::unique_ptr<rocksdb::Iterator> it(
        batch_->batch_->NewIteratorWithBase(batch_->store_->db_->NewIterator(ro)));
    for (it->Seek(start); it->Valid(); it->Next()) {
      rocksdb::Slice k = it->key();
      if (!k.starts_with(start)) break;
      rocksdb::Slice v = it->value();
      std::string_view rel(k.data() + prefix_.size(), k.size() - prefix_.size());
      if (!visit(rel, std::string_view(v.data(), v.size()))) break;
    }
    if (!it->status().ok()) Fail(FromRocks(it->status(), "view scan"));
  }

 private:
  std::string Full(std::string_view key) const {
    std::string k = prefix_;
    k.append(key);
    return k;
  }
  void Fail(Status s) {
    if (batch_->read_status_.ok()) batch_->read_status_ = std::move(s);
  }

  ViewBatch* batch_;
  std::string prefix_;
};

ViewBatch::ViewBatch(ViewStore* store)
    : store_(store),
      batch_(std::make_unique<rocksdb::WriteBatchWithIndex>(rocksdb::BytewiseComparator(), 0,
                                                             /*overwrite_key=*/true)) {}

ViewBatch::~ViewBatch() = default;

DocumentView& ViewBatch::View(const std::string& projection) {
  auto it = views_.find(projection);
  if (it == views_.end()) {
    it = views_.emplace(projection, std::make_unique<ScopedView>(this, projection)).first;
  }
  return *it->second;
}

void ViewBatch::SetSavePoint() { batch_->SetSavePoint(); }

void ViewBatch::RollbackToSavePoint() {
  rocksdb::Status s = batch_->RollbackToSavePoint();
  if (!s.ok() && read_status_.ok()) read_status_ = FromRocks(s, "rollback");
}

void ViewBatch::PopSavePoint() {
  rocksdb::Status s = batch_->PopSavePoint();
  if (!s.ok() && read_status_.ok()) read_status_ = FromRocks(s, "pop save point");
}

void ViewBatch::SetCheckpoint(const std::string& projection, uint64_t position) {
  rocksdb::Status s = batch_->Put(keys::CheckpointKey(projection), keys::EncodeU64(position));
  if (!s.ok() && read_status_.ok()) read_status_ = FromRocks(s, "checkpoint put");
}

void ViewBatch::AddDeadLetter(const std::string& projection, const DeadLetter& letter) {
  rocksdb::Status s =
      batch_->Put(keys::DeadLetter(projection, letter.position), EncodeDeadLetter(letter));
  if (!s.ok() && read_status_.ok()) read_status_ = FromRocks(s, "dead letter put");
}

size_t ViewBatch::data_bytes() const { return batch_->GetDataSize(); }

// ---------------------------------------------------------------------------------------------
// ViewSnapshot

ViewSnapshot::~ViewSnapshot() { store_->db_->ReleaseSnapshot(snapshot_); }

Result<std::optional<std::string>> ViewSnapshot::Get(const std::string& projection,
                                                     std::string_view key) {
  return store_->GetAt(snapshot_, keys::Doc(projection, key));
}

Result<std::vector<Document>> ViewSnapshot::Scan(const std::string& projection,
                                                 std::string_view prefix, size_t limit) {
  return store_->ScanAt(snapshot_, keys::Doc(projection, prefix), limit);
}

Status ViewSnapshot::ForEach(const std::string& projection, std::string_view prefix,
                             const Visitor& visit) {
  return store_->ForEachAt(snapshot_, keys::Doc(projection, prefix), visit);
}

Result<ProjectionMeta> ViewSnapshot::Meta(const std::string& projection) {
  return store_->MetaAt(snapshot_, projection);
}

// ---------------------------------------------------------------------------------------------
// ViewStore

Result<std::unique_ptr<ViewStore>> ViewStore::Open(ViewStoreOptions options) {
  if (options.path.empty()) return Status::InvalidArgument("ViewStoreOptions::path is empty");
  std::unique_ptr<ViewStore> store(new ViewStore(std::move(options)));
  const ViewStoreOptions& o = store->options_;

  rocksdb::Options db_options;
  db_options.create_if_missing = o.create_if_missing;
  db_options.write_buffer_size = o.write_buffer_bytes;
  db_options.max_write_buffer_number = 2;  // PITFALLS: > 2 hits a 7.8.3 flush-retry bug.
  db_options.max_background_jobs = 2;
  db_options.keep_log_file_num = 4;
  if (o.env) db_options.env = o.env.get();
  db_options.info_log = eventstore::NewRocksInfoLog(o.path);  // Never aborts on a full disk.
  db_options.listeners.push_back(eventstore::NewManualRecoveryListener());
  std::shared_ptr<rocksdb::Cache> cache =
      o.block_cache ? o.block_cache : rocksdb::NewLRUCache(o.block_cache_bytes);
  db_options.write_buffer_manager =
      std::make_shared<rocksdb::WriteBufferManager>(o.write_buffer_manager_bytes, cache);
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  db_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));

  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, o.path, &raw);
  if (!s.ok()) return FromRocks(s, "open view store " + o.path);
  store->db_.reset(raw);

  std::string format;
  s = raw->Get(rocksdb::ReadOptions(), keys::kFormatKey, &format);
  if (s.IsNotFound()) {
    std::unique_ptr<rocksdb::Iterator> it(raw->NewIterator(rocksdb::ReadOptions()));
    it->SeekToFirst();
    if (it->Valid()) return Status::UnsupportedFormat(o.path + " is not a kinerja view store");
    if (!it->status().ok()) return FromRocks(it->status(), "open view store");
    rocksdb::WriteOptions wo;
    wo.sync = true;
    s = raw->Put(wo, keys::kFormatKey, keys::kFormatValue);
    if (!s.ok()) return FromRocks(s, "write view store format");
  } else if (!s.ok()) {
    return FromRocks(s, "read view store format");
  } else if (format != keys::kFormatValue) {
    return Status::UnsupportedFormat("view store format '" + format + "' is not supported");
  }
  eventstore::PutResumeSentinel(raw, kResumeSentinel);
  return store;
}

ViewStore::ViewStore(ViewStoreOptions options) : options_(std::move(options)) {}

ViewStore::~ViewStore() = default;

Result<std::optional<std::string>> ViewStore::GetAt(const rocksdb::Snapshot* snap,
                                                    const std::string& key) {
  rocksdb::ReadOptions ro;
  ro.snapshot = snap;
  std::string value;
  rocksdb::Status s = db_->Get(ro, key, &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, "view get");
  return std::optional<std::string>(std::move(value));
}

Result<std::vector<Document>> ViewStore::ScanAt(const rocksdb::Snapshot* snap,
                                                const std::string& prefix, size_t limit) {
  std::vector<Document> out;
  Status st = ForEachAt(snap, prefix, [&](std::string_view key, std::string_view value) {
    if (out.size() >= limit) return false;
    out.push_back(Document{std::string(key), std::string(value)});
    return true;
  });
  if (!st.ok()) return st;
  return out;
}

Status ViewStore::ForEachAt(const rocksdb::Snapshot* snap, const std::string& prefix,
                            const ViewSnapshot::Visitor& visit) {
  // Callers pass a full key prefix that begins with "d/<projection>/" or "x/<projection>/"; the
  // visited keys are relative to "<x>/<projection>/".
  const size_t strip = prefix.find('/', 2) + 1;
  const std::string end = keys::PrefixSuccessor(prefix);
  rocksdb::Slice upper(end);  // Outlives `it`.
  rocksdb::ReadOptions ro;
  ro.snapshot = snap;
  if (!end.empty()) ro.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    const rocksdb::Slice k = it->key();
    if (!k.starts_with(prefix)) break;
    const rocksdb::Slice v = it->value();
    if (!visit(std::string_view(k.data() + strip, k.size() - strip),
               std::string_view(v.data(), v.size()))) {
      break;
    }
  }
  if (!it->status().ok()) return FromRocks(it->status(), "view scan");
  return Status::Ok();
}

Result<ProjectionMeta> ViewStore::MetaAt(const rocksdb::Snapshot* snap,
                                         const std::string& projection) {
  ProjectionMeta meta;
  auto cp = GetAt(snap, keys::CheckpointKey(projection));
  if (!cp.ok()) return cp.status();
  if (cp->has_value() && !keys::DecodeU64(**cp, &meta.checkpoint)) {
    return Status::Corruption("bad checkpoint of projection " + projection);
  }
  auto ver = GetAt(snap, keys::VersionKey(projection));
  if (!ver.ok()) return ver.status();
  if (ver->has_value()) {
    const std::string& text = **ver;
    uint64_t v = 0;
    if (text.empty() || text.size() > 9) return Status::Corruption("bad version of " + projection);
    for (char c : text) {
      if (c < '0' || c > '9') return Status::Corruption("bad version of " + projection);
      v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    meta.version = static_cast<uint32_t>(v);
  }
  return meta;
}

Result<std::optional<std::string>> ViewStore::Get(const std::string& projection,
                                                  std::string_view key) {
  return GetAt(nullptr, keys::Doc(projection, key));
}

Result<std::vector<Document>> ViewStore::Scan(const std::string& projection,
                                              std::string_view prefix, size_t limit) {
  return ScanAt(nullptr, keys::Doc(projection, prefix), limit);
}

Result<ProjectionMeta> ViewStore::Meta(const std::string& projection) {
  return MetaAt(nullptr, projection);
}

Result<std::vector<DeadLetter>> ViewStore::DeadLetters(const std::string& projection) {
  auto raw = ScanAt(nullptr, keys::DeadLetterPrefix(projection), kNoScanLimit);
  if (!raw.ok()) return raw.status();
  std::vector<DeadLetter> out;
  for (const Document& d : *raw) {
    DeadLetter letter;
    if (!DecodeDeadLetter(d.value, &letter)) {
      return Status::Corruption("bad dead letter of projection " + projection);
    }
    out.push_back(std::move(letter));
  }
  return out;
}

std::unique_ptr<ViewSnapshot> ViewStore::NewSnapshot() {
  return std::unique_ptr<ViewSnapshot>(new ViewSnapshot(this, db_->GetSnapshot()));
}

std::unique_ptr<ViewBatch> ViewStore::NewBatch() {
  return std::unique_ptr<ViewBatch>(new ViewBatch(this));
}

Status ViewStore::Commit(ViewBatch* batch) {
  if (!batch->read_status().ok()) return batch->read_status();
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  return Write(wo, batch->batch_->GetWriteBatch(), "view commit");
}

Status ViewStore::Write(const rocksdb::WriteOptions& options, rocksdb::WriteBatch* batch,
                        const std::string& what) {
  if (write_failing_.load()) {
    std::unique_lock<std::mutex> lock(resume_mu_, std::try_to_lock);
    auto now = std::chrono::steady_clock::now();
    if (lock.owns_lock() && (last_resume_ == std::chrono::steady_clock::time_point{} ||
                             now - last_resume_ >= options_.resume_interval)) {
      last_resume_ = now;
      // The write below tells whether it worked; kUnsafe leaves writes refused until a restart.
      (void)eventstore::SafeResume(db_.get(), kResumeSentinel);
    }
  }
  rocksdb::Status s = db_->Write(options, batch);
  if (!s.ok()) {
    write_errors_.fetch_add(1);
    write_failing_.store(true);
    return FromRocksWrite(s, what);
  }
  write_failing_.store(false);
  return Status::Ok();
}

Status ViewStore::Reset(const std::string& projection, uint32_t version) {
  rocksdb::WriteBatch b;
  const std::string docs = keys::DocPrefix(projection);
  const std::string dead = keys::DeadLetterPrefix(projection);
  rocksdb::Status s = b.DeleteRange(docs, keys::PrefixSuccessor(docs));
  if (s.ok()) s = b.DeleteRange(dead, keys::PrefixSuccessor(dead));
  if (s.ok()) s = b.Put(keys::CheckpointKey(projection), keys::EncodeU64(0));
  if (s.ok()) s = b.Put(keys::VersionKey(projection), std::to_string(version));
  if (!s.ok()) return FromRocks(s, "reset batch");
  rocksdb::WriteOptions wo;
  wo.sync = true;  // A reset is rare; make it durable so a rebuild never resumes on stale data.
  return Write(wo, &b, "reset projection " + projection);
}

}  // namespace kinerja::projections
