#include "eventstore/rocks_event_store.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/statistics.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/checkpoint.h>
#include <rocksdb/write_batch.h>
#include <rocksdb/write_buffer_manager.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "eventstore/hash_chain.h"
#include "eventstore/memory_event_store.h"
#include "eventstore/record_codec.h"
#include "eventstore/rocks_info_log.h"
#include "eventstore/rocks_recovery.h"
#include "eventstore/rocks_layout.h"

namespace kinerja::eventstore {

namespace {

constexpr size_t kVersionCacheMax = 1u << 20;
constexpr char kResumeSentinel[] = "mresume-sentinel";  // Memtable-only (rocks_recovery.h).

Status ReadError(const rocksdb::Status& s, const std::string& what) {
  if (s.IsCorruption()) return Status::Corruption(what + ": " + s.ToString());
  return Status::IOError(what + ": " + s.ToString());
}

Status WriteError(const rocksdb::Status& s) {
  if (s.IsCorruption()) return Status::Corruption("append failed: " + s.ToString());
  return Status::Unavailable("append could not be made durable: " + s.ToString());
}

bool PathExists(const std::string& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0;
}

// A process killed inside RocksDB's creation of a new database (after MANIFEST-000001, before
// CURRENT; the first WAL is created after CURRENT) leaves no WAL, no table file and no other
// MANIFEST: nothing of ours was ever written, so the store is created again. Anything else
// without CURRENT is corrupt.
bool InterruptedCreation(const std::string& path) {
  std::error_code ec;
  for (const auto& f : std::filesystem::directory_iterator(path, ec)) {
    const std::string name = f.path().filename().string();
    auto ends_with = [&name](const char* suffix) {
      const size_t n = std::char_traits<char>::length(suffix);
      return name.size() >= n && name.compare(name.size() - n, n, suffix) == 0;
    };
    if (ends_with(".sst")) return false;
    if (name.rfind("MANIFEST-", 0) == 0 && name != "MANIFEST-000001") return false;
    if (ends_with(".log")) return false;
  }
  return !ec;
}

std::string Bytes8(uint64_t v) {
  std::string s;
  layout::AppendBigEndian64(&s, v);
  return s;
}

}  // namespace

struct RocksEventStore::Writer {
  explicit Writer(AppendRequest r) : request(r) {}
  AppendRequest request;
  Result<AppendResult> result = Status::Unavailable("append not committed");
  bool done = false;
  std::condition_variable cv;
};

class RocksEventStore::Lookup : public PlannerLookup {
 public:
  explicit Lookup(RocksEventStore* s) : s_(s) {}
  Result<uint64_t> CommittedStreamVersion(const std::string& stream) override {
    auto it = s_->version_cache_.find(stream);
    if (it != s_->version_cache_.end()) return it->second;
    return s_->StreamVersion(stream);
  }
  Result<std::optional<AppendRef>> CommittedEventId(const std::string& id) override {
    std::string v;
    rocksdb::Status s = s_->db_->Get(rocksdb::ReadOptions(), layout::EventIdKey(id), &v);
    if (s.IsNotFound()) return std::optional<AppendRef>();
    if (!s.ok()) return ReadError(s, "reading the event-id index");
    if (v.size() < 16) return Status::Corruption("event-id index entry too short");
    AppendRef ref;
    ref.first_position = layout::ReadBigEndian64(v.data());
    ref.last_position = layout::ReadBigEndian64(v.data() + 8);
    ref.stream = v.substr(16);
    return std::optional<AppendRef>(std::move(ref));
  }
  Result<std::optional<AppendRef>> CommittedIdempotencyKey(const std::string& key) override {
    std::string v;
    rocksdb::Status s = s_->db_->Get(rocksdb::ReadOptions(), layout::IdempotencyKey(key), &v);
    if (s.IsNotFound()) return std::optional<AppendRef>();
    if (!s.ok()) return ReadError(s, "reading the idempotency index");
    if (v.size() < 20) return Status::Corruption("idempotency index entry too short");
    AppendRef ref;
    ref.first_position = layout::ReadBigEndian64(v.data());
    ref.last_position = layout::ReadBigEndian64(v.data() + 8);
    uint32_t n = (static_cast<uint32_t>(static_cast<unsigned char>(v[16])) << 24) |
                 (static_cast<uint32_t>(static_cast<unsigned char>(v[17])) << 16) |
                 (static_cast<uint32_t>(static_cast<unsigned char>(v[18])) << 8) |
                 static_cast<uint32_t>(static_cast<unsigned char>(v[19]));
    if (v.size() < 20 + size_t{n}) return Status::Corruption("idempotency index entry too short");
    ref.stream = v.substr(20, n);
    ref.fingerprint = v.substr(20 + n);
    return std::optional<AppendRef>(std::move(ref));
  }
  Result<std::vector<RecordedEvent>> CommittedRange(uint64_t first, uint64_t last) override {
    AllRead read;
    read.from_position = first;
    read.limit = last - first + 1;
    read.as_of.position = last;
    return s_->ReadAll(read);
  }

 private:
  RocksEventStore* s_;
};

RocksEventStore::RocksEventStore(RocksOptions options) : options_(std::move(options)) {
  if (!options_.clock) options_.clock = SystemClockMicros;
}

RocksEventStore::~RocksEventStore() {
  if (db_) {
    rocksdb::Status s = db_->Close();
    (void)s;  // Nothing useful to do on close failure: the WAL already holds every append.
  }
}

Result<std::unique_ptr<RocksEventStore>> RocksEventStore::Open(RocksOptions options) {
  if (options.path.empty()) return Status::InvalidArgument("RocksOptions::path is empty");
  bool existed = PathExists(options.path + "/CURRENT");
  if (!existed && !options.create_if_missing)
    return Status::NotFound("no event store at " + options.path);
  if (!existed && PathExists(options.path + "/MANIFEST-000001") &&
      !InterruptedCreation(options.path))
    return Status::Corruption("event store at " + options.path +
                              " is corrupt: CURRENT is missing");

  if (!existed) {
    std::error_code ec;
    std::filesystem::create_directories(options.path, ec);
    if (ec) return Status::IOError("cannot create " + options.path + ": " + ec.message());
  }
  std::unique_ptr<RocksEventStore> store(new RocksEventStore(std::move(options)));
  const RocksOptions& o = store->options_;

  rocksdb::Options db_options;
  db_options.create_if_missing = o.create_if_missing;
  db_options.paranoid_checks = true;
  db_options.max_background_jobs = 2;
  db_options.write_buffer_size = o.write_buffer_bytes;
  db_options.max_write_buffer_number = 2;  // PITFALLS: > 2 hits a 7.8.3 flush-retry bug.
  db_options.keep_log_file_num = 4;
  if (o.env) db_options.env = o.env.get();
  db_options.info_log = NewRocksInfoLog(o.path);  // Never aborts on a full or read-only disk.
  db_options.listeners.push_back(NewManualRecoveryListener());  // See rocks_recovery.h.
  std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(o.block_cache_bytes);
  db_options.write_buffer_manager =
      std::make_shared<rocksdb::WriteBufferManager>(o.write_buffer_manager_bytes, cache);
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.whole_key_filtering = true;
  db_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  if (o.enable_statistics) {
    store->statistics_ = rocksdb::CreateDBStatistics();
    db_options.statistics = store->statistics_;
  }

  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, o.path, &raw);
  if (!s.ok()) {
    if (s.IsCorruption())
      return Status::Corruption("event store at " + o.path + " is corrupt: " + s.ToString());
    return Status::IOError("cannot open event store at " + o.path + ": " + s.ToString());
  }
  store->db_.reset(raw);

  std::string format;
  s = raw->Get(rocksdb::ReadOptions(), layout::kFormatKey, &format);
  if (s.IsNotFound()) {
    std::unique_ptr<rocksdb::Iterator> it(raw->NewIterator(rocksdb::ReadOptions()));
    it->SeekToFirst();
    if (it->Valid())
      return Status::UnsupportedFormat("directory " + o.path +
                                       " holds a RocksDB database that is not a kinerja event "
                                       "store (no format version key)");
    if (!it->status().ok()) return ReadError(it->status(), "reading " + o.path);
    rocksdb::WriteOptions wo;
    wo.sync = true;
    s = raw->Put(wo, layout::kFormatKey, std::to_string(layout::kFormatVersion));
    if (!s.ok()) return WriteError(s);
  } else if (!s.ok()) {
    return ReadError(s, "reading the format version of " + o.path);
  } else {
    int version = 0;
    try {
      version = std::stoi(format);
    } catch (...) {
      version = -1;
    }
    if (version > layout::kFormatVersion)
      return Status::UnsupportedFormat(
          "event store at " + o.path + " was written by a newer format (version " + format +
          "); this build reads format version " + std::to_string(layout::kFormatVersion));
    if (version != layout::kFormatVersion)
      return Status::Corruption("event store at " + o.path + " has an invalid format version '" +
                                format + "'");
  }
  PutResumeSentinel(raw, kResumeSentinel);
  if (Status st = store->LoadTip(); !st.ok()) return st;
  store->PublishHead(store->tip_.position);
  return store;
}

Status RocksEventStore::LoadTip() {
  ChainTip tip;
  tip.hash = GenesisHashHex();
  rocksdb::ReadOptions ro;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
  it->SeekForPrev(layout::EventKey(UINT64_MAX));
  if (it->Valid() && it->key().size() > 0 && it->key()[0] == 'e') {
    uint64_t pos = 0;
    RecordedEvent e;
    if (!layout::ParseEventKey(std::string_view(it->key().data(), it->key().size()), &pos) ||
        !DecodeRecord(std::string_view(it->value().data(), it->value().size()), &e) ||
        e.position != pos)
      return Status::Corruption("the last event record of " + options_.path +
                                " does not decode");
    tip.position = e.position;
    tip.hash = e.hash;
    tip.recorded_at = e.recorded_at;
  }
  if (!it->status().ok()) return ReadError(it->status(), "reading the log head");
  tip_ = tip;
  tip_valid_ = true;
  version_cache_.clear();
  return Status::Ok();
}

Result<AppendResult> RocksEventStore::Append(const std::string& stream, ExpectedVersion expected,
                                             std::vector<NewEvent> events,
                                             const AppendContext& context) {
  Writer w(AppendRequest{&stream, expected, &events, &context});
  std::unique_lock<std::mutex> lock(mu_);
  writers_.push_back(&w);
  while (!w.done && &w != writers_.front()) w.cv.wait(lock);
  if (w.done) return std::move(w.result);

  // Leader: commit everything queued so far, in order, as one group.
  size_t n = std::min(writers_.size(), std::max<size_t>(options_.max_group_appends, 1));
  std::vector<Writer*> group(writers_.begin(), writers_.begin() + static_cast<std::ptrdiff_t>(n));
  lock.unlock();
  CommitGroup(group);
  lock.lock();
  for (size_t i = 0; i < n; ++i) {
    Writer* x = writers_.front();
    writers_.pop_front();
    if (x != &w) {
      x->done = true;
      x->cv.notify_one();
    }
  }
  if (!writers_.empty()) writers_.front()->cv.notify_one();
  return std::move(w.result);
}

void RocksEventStore::CommitGroup(const std::vector<Writer*>& group) {
  if (!tip_valid_) {
    if (Status s = LoadTip(); !s.ok()) {
      for (Writer* x : group) x->result = s;
      return;
    }
  }
  Lookup lookup(this);
  AppendPlanner planner(&lookup, tip_, options_.clock());
  for (Writer* x : group) x->result = planner.Plan(x->request);
  appends_.fetch_add(group.size());
  if (planner.new_events().empty()) return;

  rocksdb::WriteBatch batch;
  std::string value;
  for (const RecordedEvent* e : planner.new_events()) {
    EncodeRecord(*e, &value);
    batch.Put(layout::EventKey(e->position), value);
    batch.Put(layout::StreamIndexKey(e->stream, e->stream_version), Bytes8(e->position));
  }
  size_t ei = 0;
  const auto& events = planner.new_events();
  for (const AppendPlanner::NewAppend& a : planner.new_appends()) {
    std::string ref = Bytes8(a.first_position) + Bytes8(a.last_position);
    batch.Put(layout::StreamVersionKey(a.stream), Bytes8(a.stream_version));
    for (; ei < events.size() && events[ei]->position <= a.last_position; ++ei)
      if (planner.new_event_indexed()[ei])
        batch.Put(layout::EventIdKey(events[ei]->id), ref + a.stream);
    if (!a.idempotency_key.empty()) {
      std::string v = ref;
      uint32_t n = static_cast<uint32_t>(a.stream.size());
      char len[4] = {static_cast<char>(n >> 24), static_cast<char>(n >> 16),
                     static_cast<char>(n >> 8), static_cast<char>(n)};
      v.append(len, 4);
      v += a.stream;
      v += a.fingerprint;
      batch.Put(layout::IdempotencyKey(a.idempotency_key), v);
    }
  }
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  MaybeResume();
  rocksdb::Status s = db_->Write(wo, &batch);
  NoteWrite(s.ok());
  if (!s.ok()) {
    Status err = WriteError(s);
    for (Writer* x : group)
      if (x->result.ok()) x->result = err;
    // Nothing is consumed: the next leader re-reads the tip from what is really stored.
    tip_valid_ = false;
    version_cache_.clear();
    return;
  }
  group_commits_.fetch_add(1);
  events_.fetch_add(events.size());
  tip_ = planner.tip();
  if (version_cache_.size() > kVersionCacheMax) version_cache_.clear();
  for (const auto& [stream, version] : planner.stream_versions()) version_cache_[stream] = version;
  PublishHead(tip_.position);
}

Result<std::vector<RecordedEvent>> RocksEventStore::ReadStream(const std::string& stream,
                                                               const StreamRead& read) {
  std::vector<RecordedEvent> out;
  if (Status s = ValidateStreamName(stream); !s.ok()) return s;
  if (read.limit == 0) return out;
  std::string prefix = layout::StreamIndexPrefix(stream);
  std::string upper = prefix;
  upper.back() = '\x01';
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
  bool forward = read.direction == Direction::kForward;
  if (forward) {
    it->Seek(layout::StreamIndexKey(stream, std::max<uint64_t>(read.from_version, 1)));
  } else {
    it->SeekForPrev(layout::StreamIndexKey(stream, read.from_version));
  }
  std::string value;
  for (; it->Valid() && out.size() < read.limit; forward ? it->Next() : it->Prev()) {
    rocksdb::Slice k = it->key();
    if (!k.starts_with(prefix) || it->value().size() != 8) break;
    uint64_t pos = layout::ReadBigEndian64(it->value().data());
    if (read.as_of.position && pos > *read.as_of.position) {
      if (forward) break;
      continue;
    }
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), layout::EventKey(pos), &value);
    if (!s.ok()) return ReadError(s, "reading event " + std::to_string(pos));
    RecordedEvent e;
    if (!DecodeRecord(value, &e) || e.position != pos)
      return Status::Corruption("event record at position " + std::to_string(pos) +
                                " does not decode");
    if (!read.as_of.Admits(e.position, e.recorded_at)) {
      if (forward) break;
      continue;
    }
    out.push_back(std::move(e));
  }
  if (!it->status().ok()) return ReadError(it->status(), "reading stream " + stream);
  return out;
}

Status RocksEventStore::ForEach(const AllRead& read,
                                const std::function<bool(const RecordedEvent&)>& visit) {
  if (read.limit == 0) return Status::Ok();
  std::string upper = "f";
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
  RecordedEvent e;  // Reused: decoding into it reuses the strings' capacity.
  size_t delivered = 0;
  for (it->Seek(layout::EventKey(std::max<uint64_t>(read.from_position, 1)));
       it->Valid() && delivered < read.limit; it->Next()) {
    uint64_t pos = 0;
    if (!layout::ParseEventKey(std::string_view(it->key().data(), it->key().size()), &pos))
      return Status::Corruption("unexpected key in the event range");
    if (read.as_of.position && pos > *read.as_of.position) break;
    if (!DecodeRecord(std::string_view(it->value().data(), it->value().size()), &e) ||
        e.position != pos)
      return Status::Corruption("event record at position " + std::to_string(pos) +
                                " does not decode");
    if (read.as_of.recorded_at && e.recorded_at > *read.as_of.recorded_at) break;
    if (!read.types.empty() &&
        std::find(read.types.begin(), read.types.end(), e.type) == read.types.end())
      continue;
    ++delivered;
    if (!visit(e)) break;
  }
  if (!it->status().ok()) return ReadError(it->status(), "reading the log");
  return Status::Ok();
}

Result<std::vector<RecordedEvent>> RocksEventStore::ReadAll(const AllRead& read) {
  std::vector<RecordedEvent> out;
  if (read.limit != kNoLimit && read.limit <= 4096 && read.types.empty()) out.reserve(read.limit);
  Status s = ForEach(read, [&out](const RecordedEvent& e) {
    out.push_back(e);
    return true;
  });
  if (!s.ok()) return s;
  return out;
}

Result<RecordedEvent> RocksEventStore::ReadAt(uint64_t position) {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), layout::EventKey(position), &value);
  if (s.IsNotFound()) return Status::NotFound("no event at position " + std::to_string(position));
  if (!s.ok()) return ReadError(s, "reading event " + std::to_string(position));
  RecordedEvent e;
  if (!DecodeRecord(value, &e) || e.position != position)
    return Status::Corruption("event record at position " + std::to_string(position) +
                              " does not decode");
  return e;
}

Result<uint64_t> RocksEventStore::StreamVersion(const std::string& stream) {
  std::string v;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), layout::StreamVersionKey(stream), &v);
  if (s.IsNotFound()) return uint64_t{0};
  if (!s.ok()) return ReadError(s, "reading the version of stream " + stream);
  if (v.size() != 8) return Status::Corruption("stream version entry of " + stream);
  return layout::ReadBigEndian64(v.data());
}

Result<uint64_t> RocksEventStore::PositionAsOf(int64_t at_us) {
  // recorded_at is non-decreasing along positions: binary search for the last one <= at_us.
  uint64_t lo = 0, hi = head_position();  // Invariant: t(lo) <= at (lo=0: none), t(hi+1) > at.
  std::string value;
  while (lo < hi) {
    uint64_t mid = lo + (hi - lo + 1) / 2;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), layout::EventKey(mid), &value);
    if (!s.ok()) return ReadError(s, "reading event " + std::to_string(mid));
    uint64_t pos;
    int64_t at;
    if (!DecodeRecordTime(value, &pos, &at))
      return Status::Corruption("event record at position " + std::to_string(mid));
    if (at <= at_us) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

Result<std::optional<IdempotentAppend>> RocksEventStore::FindIdempotentAppend(
    const std::string& key) {
  Lookup lookup(this);
  auto ref = lookup.CommittedIdempotencyKey(key);
  if (!ref.ok()) return ref.status();
  if (!ref.value()) return std::optional<IdempotentAppend>();
  auto events = lookup.CommittedRange(ref.value()->first_position, ref.value()->last_position);
  if (!events.ok()) return events.status();
  if (events->empty()) return Status::Corruption("idempotency index points at missing events");
  return std::optional<IdempotentAppend>(IdempotentAppendFrom(*ref.value(), std::move(events).value()));
}

Result<Head> RocksEventStore::GetHead() {
  Head h;
  h.hash = GenesisHashHex();
  uint64_t pos = head_position();
  if (pos == 0) return h;
  auto e = ReadAt(pos);
  if (!e.ok()) return e.status();
  h.position = pos;
  h.hash = e->hash;
  h.recorded_at = e->recorded_at;
  return h;
}

Result<VerifyReport> RocksEventStore::Verify(uint64_t from, uint64_t to) {
  // Hashes every record straight from the bytes RocksDB hands out (RecordView: no copies, no
  // hex), with the previous hash kept as 32 raw bytes.
  VerifyReport report;
  from = std::max<uint64_t>(from, 1);
  uint64_t head = head_position();
  if (to == 0 || to > head) to = head;
  if (from > to) return report;
  unsigned char prev[kHashBytes] = {0};
  auto prev_view = [&prev] {
    return std::string_view(reinterpret_cast<const char*>(prev), kHashBytes);
  };
  auto fail = [&report](uint64_t pos, std::string why) {
    report.ok = false;
    report.first_broken_position = pos;
    report.detail = std::move(why);
  };
  if (from > 1) {
    auto before = ReadAt(from - 1);
    std::string raw;
    if (!before.ok() || !FromHex(before->hash, &raw) || raw.size() != kHashBytes) {
      fail(from - 1, before.ok() ? "stored hash is not 32 bytes of hex"
                                 : before.status().ToString());
      return report;
    }
    std::memcpy(prev, raw.data(), kHashBytes);
  }
  std::string upper = "f";
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
  uint64_t next = from;
  RecordView v;
  unsigned char hash[kHashBytes];
  for (it->Seek(layout::EventKey(from)); it->Valid() && next <= to; it->Next()) {
    uint64_t pos = 0;
    if (!layout::ParseEventKey(std::string_view(it->key().data(), it->key().size()), &pos) ||
        pos > to)
      break;
    if (!DecodeRecordView(std::string_view(it->value().data(), it->value().size()), &v)) {
      fail(pos == next ? pos : next, pos == next ? "event record does not decode"
                                                 : "position " + std::to_string(next) +
                                                       " is missing (found " +
                                                       std::to_string(pos) + ")");
      break;
    }
    if (v.position != next || pos != next) {
      fail(next, "position " + std::to_string(next) + " is missing (found " +
                     std::to_string(v.position) + ")");
      break;
    }
    if (v.prev_hash_raw != prev_view()) {
      fail(next, "prev_hash does not match the hash of the previous event");
      break;
    }
    ComputeHashRawInto(prev_view(), v, hash);
    if (std::memcmp(hash, v.hash_raw.data(), kHashBytes) != 0) {
      fail(next, "hash does not match the event's content");
      break;
    }
    std::memcpy(prev, hash, kHashBytes);
    ++report.checked;
    report.last_position = next;
    ++next;
  }
  if (!it->status().ok()) return ReadError(it->status(), "verifying the log");
  if (report.ok && next <= to) fail(next, "position " + std::to_string(next) + " is missing");
  if (report.checked > 0) report.head_hash = ToHex(prev_view());
  return report;
}

Status RocksEventStore::SaveCheckpoint(const std::string& name, uint64_t position) {
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  MaybeResume();
  rocksdb::Status s = db_->Put(wo, layout::CheckpointKey(name), Bytes8(position));
  NoteWrite(s.ok());
  if (!s.ok()) return WriteError(s);
  return Status::Ok();
}

Result<uint64_t> RocksEventStore::LoadCheckpoint(const std::string& name) {
  std::string v;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), layout::CheckpointKey(name), &v);
  if (s.IsNotFound()) return uint64_t{0};
  if (!s.ok()) return ReadError(s, "reading checkpoint " + name);
  if (v.size() != 8) return Status::Corruption("checkpoint " + name + " is malformed");
  return layout::ReadBigEndian64(v.data());
}

Status RocksEventStore::Backup(const std::string& dir) {
  if (dir.empty()) return Status::InvalidArgument("backup directory is empty");
  if (PathExists(dir)) return Status::InvalidArgument("backup target " + dir + " already exists");
  rocksdb::Checkpoint* raw = nullptr;
  rocksdb::Status s = rocksdb::Checkpoint::Create(db_.get(), &raw);
  std::unique_ptr<rocksdb::Checkpoint> cp(raw);
  if (s.ok()) s = cp->CreateCheckpoint(dir);
  if (!s.ok()) return Status::IOError("backup to " + dir + " failed: " + s.ToString());
  return Status::Ok();
}

void RocksEventStore::MaybeResume() {
  if (!write_failing_.load()) return;
  std::unique_lock<std::mutex> lock(resume_mu_, std::try_to_lock);
  if (!lock.owns_lock()) return;  // Someone else is resuming; their write will tell.
  auto now = std::chrono::steady_clock::now();
  if (last_resume_ != std::chrono::steady_clock::time_point{} &&
      now - last_resume_ < options_.resume_interval)
    return;
  last_resume_ = now;
  // A disk that is still full or read-only fails again; the write below reports the DB's state.
  // kUnsafe: RocksDB would keep the failed WAL; writes stay refused until a restart.
  ResumeOutcome outcome = SafeResume(db_.get(), kResumeSentinel);
  if (outcome == ResumeOutcome::kResumed) resumes_.fetch_add(1);
  restart_needed_.store(outcome == ResumeOutcome::kUnsafe);
}

void RocksEventStore::NoteWrite(bool ok) {
  if (ok) {
    write_failing_.store(false);
  } else {
    write_errors_.fetch_add(1);
    write_failing_.store(true);
  }
}

RocksStats RocksEventStore::stats() const {
  RocksStats st;
  st.appends = appends_.load();
  st.events = events_.load();
  st.group_commits = group_commits_.load();
  st.write_errors = write_errors_.load();
  st.resumes = resumes_.load();
  st.writable = !write_failing_.load();
  st.restart_needed = restart_needed_.load();
  if (statistics_) st.wal_syncs = statistics_->getTickerCount(rocksdb::WAL_FILE_SYNCED);
  return st;
}

}  // namespace kinerja::eventstore
