// RocksEventStore beyond the contract: reopening, format/corruption errors, tamper detection
// underneath the store, online backup.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "eventstore/hash_chain.h"
#include "eventstore/record_codec.h"
#include "eventstore/rocks_event_store.h"
#include "eventstore/rocks_layout.h"
#include "tests/eventstore/test_util.h"

namespace kinerja::eventstore {
namespace {

using testing::Ctx;
using testing::Ev;
using testing::TempDir;

std::unique_ptr<RocksEventStore> MustOpen(const std::string& path) {
  RocksOptions o;
  o.path = path;
  auto s = RocksEventStore::Open(o);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? std::move(s).value() : nullptr;
}

void Fill(EventStore* store, int n) {
  for (int i = 0; i < n; ++i) {
    auto r = store->Append("s" + std::to_string(i % 3), ExpectedVersion::Any(),
                           {Ev("A", "{\"i\":" + std::to_string(i) + "}")}, Ctx());
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
}

TEST(RocksEventStore, ReopenContinuesTheChainAndKeepsIndexes) {
  TempDir dir;
  std::string id;
  {
    auto store = MustOpen(dir.Sub("db"));
    Fill(store.get(), 10);
    AppendContext ctx = Ctx();
    ctx.idempotency_key = "k1";
    ctx.request_fingerprint = "f1";
    auto r = store->Append("x", ExpectedVersion::NoStream(),
                           {Ev("B", "{}", "0b7a3c1e-5d2f-4e6a-9b8c-7d6e5f4a3b2c")}, ctx);
    ASSERT_TRUE(r.ok());
    id = r->events[0].id;
    ASSERT_TRUE(store->SaveCheckpoint("cp", 5).ok());
  }
  auto store = MustOpen(dir.Sub("db"));
  EXPECT_EQ(store->head_position(), 11u);
  EXPECT_EQ(*store->StreamVersion("x"), 1u);
  EXPECT_EQ(*store->LoadCheckpoint("cp"), 5u);
  AppendContext ctx = Ctx();
  ctx.idempotency_key = "k1";
  ctx.request_fingerprint = "f1";
  auto dup = store->Append("x", ExpectedVersion::NoStream(), {Ev("B")}, ctx);
  ASSERT_TRUE(dup.ok());
  EXPECT_TRUE(dup->duplicate);
  EXPECT_EQ(dup->events[0].id, id);
  auto dup_ids = store->Append("x", ExpectedVersion::NoStream(), {Ev("B", "{}", id)}, Ctx());
  ASSERT_TRUE(dup_ids.ok());
  EXPECT_TRUE(dup_ids->duplicate);
  auto next = store->Append("x", ExpectedVersion::Exact(1), {Ev("C")}, Ctx());
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(next->first_position, 12u);
  auto report = store->Verify();
  EXPECT_TRUE(report->ok) << report->detail;
  EXPECT_EQ(report->checked, 12u);
}

TEST(RocksEventStore, NewerFormatIsRefusedWithAClearMessage) {
  TempDir dir;
  { MustOpen(dir.Sub("db")); }
  {
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::Options(), dir.Sub("db"), &raw).ok());
    ASSERT_TRUE(raw->Put(rocksdb::WriteOptions(), layout::kFormatKey, "2").ok());
    delete raw;
  }
  RocksOptions o;
  o.path = dir.Sub("db");
  auto s = RocksEventStore::Open(o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kUnsupportedFormat);
  EXPECT_NE(s.status().message().find("newer format"), std::string::npos)
      << s.status().message();
}

TEST(RocksEventStore, ForeignRocksDbIsRefused) {
  TempDir dir;
  {
    rocksdb::Options opts;
    opts.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(opts, dir.Sub("db"), &raw).ok());
    ASSERT_TRUE(raw->Put(rocksdb::WriteOptions(), "hello", "world").ok());
    delete raw;
  }
  RocksOptions o;
  o.path = dir.Sub("db");
  auto s = RocksEventStore::Open(o);
  EXPECT_EQ(s.status().code(), StatusCode::kUnsupportedFormat);
}

TEST(RocksEventStore, CorruptDirectoryIsRefusedWithAClearMessage) {
  TempDir dir;
  {
    auto store = MustOpen(dir.Sub("db"));
    Fill(store.get(), 5);
  }
  // Overwrite every MANIFEST with garbage.
  int damaged = 0;
  for (const auto& f : std::filesystem::directory_iterator(dir.Sub("db"))) {
    if (f.path().filename().string().rfind("MANIFEST-", 0) == 0) {
      std::ofstream out(f.path(), std::ios::trunc | std::ios::binary);
      out << std::string(4096, '\x5a');
      ++damaged;
    }
  }
  ASSERT_GT(damaged, 0);
  RocksOptions o;
  o.path = dir.Sub("db");
  auto s = RocksEventStore::Open(o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kCorruption) << s.status().ToString();
  EXPECT_NE(s.status().message().find(dir.Sub("db")), std::string::npos);
  EXPECT_NE(s.status().message().find("corrupt"), std::string::npos);
}

TEST(RocksEventStore, KilledWhileCreatingIsCreatedAgainButALostCurrentIsCorrupt) {
  TempDir dir;
  // What a SIGKILL inside RocksDB's creation leaves: a (partly written) MANIFEST-000001, no
  // CURRENT, no WAL yet.
  std::filesystem::create_directories(dir.Sub("fresh"));
  std::ofstream(dir.Sub("fresh") + "/MANIFEST-000001", std::ios::binary) << std::string(10, '\x01');
  std::ofstream(dir.Sub("fresh") + "/IDENTITY") << "7c0f6e2a-0000-4000-8000-000000000000\n";
  {
    auto store = MustOpen(dir.Sub("fresh"));
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(store->head_position(), 0u);
    Fill(store.get(), 3);
    EXPECT_TRUE(store->Verify()->ok);
  }
  // A store that holds events and lost CURRENT is refused.
  {
    auto store = MustOpen(dir.Sub("full"));
    Fill(store.get(), 5);
  }
  ASSERT_TRUE(std::filesystem::remove(dir.Sub("full") + "/CURRENT"));
  RocksOptions o;
  o.path = dir.Sub("full");
  auto s = RocksEventStore::Open(o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kCorruption) << s.status().ToString();
  EXPECT_NE(s.status().message().find("corrupt"), std::string::npos) << s.status().ToString();
}

TEST(RocksEventStore, MissingDirectoryWithoutCreateIsNotFound) {
  TempDir dir;
  RocksOptions o;
  o.path = dir.Sub("none");
  o.create_if_missing = false;
  EXPECT_EQ(RocksEventStore::Open(o).status().code(), StatusCode::kNotFound);
}

TEST(RocksEventStore, EventRewrittenUnderneathIsReportedByVerify) {
  TempDir dir;
  auto store = MustOpen(dir.Sub("db"));
  Fill(store.get(), 20);
  // The tamperer changes the data of position 7 but cannot fix the chain.
  std::string value;
  ASSERT_TRUE(store->raw_db()->Get(rocksdb::ReadOptions(), layout::EventKey(7), &value).ok());
  RecordedEvent e;
  ASSERT_TRUE(DecodeRecord(value, &e));
  e.data = "{\"i\":999}";
  EncodeRecord(e, &value);
  ASSERT_TRUE(store->raw_db()->Put(rocksdb::WriteOptions(), layout::EventKey(7), value).ok());
  auto report = store->Verify();
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->first_broken_position, 7u);
  EXPECT_EQ(report->checked, 6u);

  // A smarter tamperer also recomputes that event's hash: the next link breaks instead.
  std::string prev_raw;
  FromHex(e.prev_hash, &prev_raw);
  e.hash = ToHex(ComputeHashRaw(prev_raw, e));
  EncodeRecord(e, &value);
  ASSERT_TRUE(store->raw_db()->Put(rocksdb::WriteOptions(), layout::EventKey(7), value).ok());
  report = store->Verify();
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->first_broken_position, 8u);

  // Deleting an event is a gap.
  ASSERT_TRUE(store->raw_db()->Delete(rocksdb::WriteOptions(), layout::EventKey(3)).ok());
  report = store->Verify();
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->first_broken_position, 3u);
}

TEST(RocksEventStore, BackupOpensAndVerifies) {
  TempDir dir;
  auto store = MustOpen(dir.Sub("db"));
  Fill(store.get(), 25);
  ASSERT_TRUE(store->Backup(dir.Sub("backup")).ok());
  EXPECT_EQ(store->Backup(dir.Sub("backup")).code(), StatusCode::kInvalidArgument);
  Fill(store.get(), 5);  // After the backup: not in it.
  auto copy = MustOpen(dir.Sub("backup"));
  ASSERT_NE(copy, nullptr);
  EXPECT_EQ(copy->head_position(), 25u);
  auto report = copy->Verify();
  EXPECT_TRUE(report->ok) << report->detail;
  EXPECT_EQ(report->head_hash, store->ReadAt(25)->hash);
}

TEST(RocksEventStore, ConcurrentAppendsShareGroupCommits) {
  TempDir dir;
  auto store = MustOpen(dir.Sub("db"));
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i)
        ASSERT_TRUE(store->Append("t" + std::to_string(t), ExpectedVersion::Exact(i), {Ev("A")},
                                  Ctx())
                        .ok());
    });
  for (auto& th : threads) th.join();
  RocksStats st = store->stats();
  EXPECT_EQ(st.appends, 400u);
  EXPECT_EQ(st.events, 400u);
  EXPECT_LE(st.group_commits, 400u);
  EXPECT_GE(st.group_commits, 1u);
  EXPECT_TRUE(store->Verify()->ok);
}

// Groups are planned on top of the group still being written (pipelined group commit): retries
// racing across group boundaries must still write once and answer the first result.
TEST(RocksEventStore, RetriesRacingAcrossPipelinedGroupsWriteOnce) {
  TempDir dir;
  auto store = MustOpen(dir.Sub("db"));
  constexpr int kThreads = 16, kKeys = 40;
  std::vector<std::vector<uint64_t>> first(kThreads, std::vector<uint64_t>(kKeys, 0));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int k = 0; k < kKeys; ++k) {
        AppendContext ctx = Ctx();
        ctx.idempotency_key = "key-" + std::to_string(k);
        ctx.request_fingerprint = "fp";
        // Even keys: idempotency key; odd keys: the same caller-supplied event id.
        std::string id = "00000000-0000-4000-8000-" + std::string(12 - std::to_string(k).size(),
                                                                  '0') + std::to_string(k);
        auto r = k % 2 == 0
                     ? store->Append("s" + std::to_string(k), ExpectedVersion::Any(),
                                     {Ev("A"), Ev("B")}, ctx)
                     : store->Append("s" + std::to_string(k), ExpectedVersion::Any(),
                                     {Ev("A", "{}", id)}, Ctx());
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        first[t][k] = r->first_position;
        // Unrelated appends in between keep groups forming and splitting.
        ASSERT_TRUE(store->Append("noise-" + std::to_string(t), ExpectedVersion::Any(),
                                  {Ev("N")}, Ctx())
                        .ok());
      }
    });
  for (auto& th : threads) th.join();
  for (int k = 0; k < kKeys; ++k)
    for (int t = 1; t < kThreads; ++t) EXPECT_EQ(first[t][k], first[0][k]) << "key " << k;
  for (int k = 0; k < kKeys; ++k)
    EXPECT_EQ(*store->StreamVersion("s" + std::to_string(k)), k % 2 == 0 ? 2u : 1u);
  const uint64_t expected = kKeys / 2 * 2 + kKeys / 2 + uint64_t{kThreads} * kKeys;
  EXPECT_EQ(store->head_position(), expected);
  auto report = store->Verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->detail;
  EXPECT_EQ(report->checked, expected);
}

}  // namespace
}  // namespace kinerja::eventstore
