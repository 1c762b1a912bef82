// RocksEventStore under write faults (tests/eventstore/fault_fs.h): a failed write answers
// kUnavailable and consumes no position; the store keeps refusing cleanly while RocksDB holds its
// background error, resumes (DB::Resume) on the next append once the disk works again, and after
// a reopen holds exactly the acknowledged events, gap-free and chained.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "eventstore/rocks_event_store.h"
#include "tests/eventstore/fault_fs.h"
#include "tests/eventstore/test_util.h"

namespace kinerja::eventstore {
namespace {

using kinerja::testing::FaultFileSystem;
using testing::Ctx;
using testing::Ev;
using testing::TempDir;
using Mode = FaultFileSystem::Mode;

class RocksFaultsTest : public ::testing::Test {
 protected:
  std::unique_ptr<RocksEventStore> Open(bool faulty = true) {
    RocksOptions o;
    o.path = dir_.Sub("events");
    o.resume_interval = std::chrono::milliseconds(0);
    if (faulty) o.env = FaultFileSystem::NewEnv(&fs_);
    auto s = RocksEventStore::Open(o);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }

  Result<AppendResult> AppendOne(RocksEventStore* store, const std::string& stream,
                                 const std::string& id = "") {
    std::vector<NewEvent> events{Ev("Happened", "{\"n\":1}", id)};
    return store->Append(stream, ExpectedVersion::Any(), std::move(events), Ctx());
  }

  // Every event of the log, checking positions 1..n and the chain.
  std::vector<RecordedEvent> All(RocksEventStore* store) {
    auto all = store->ReadAll(AllRead{});
    EXPECT_TRUE(all.ok());
    for (size_t i = 0; i < all->size(); ++i) EXPECT_EQ((*all)[i].position, i + 1);
    auto report = store->Verify();
    EXPECT_TRUE(report.ok());
    EXPECT_TRUE(report->ok) << report->detail;
    EXPECT_EQ(store->head_position(), all->size());
    return std::move(all).value();
  }

  TempDir dir_;
  std::shared_ptr<FaultFileSystem> fs_;
};

// Appends until RocksDB lets writes through again (its own recovery may hold a Resume busy for
// a moment). Returns the first successful result.
Result<AppendResult> AppendUntilOk(RocksEventStore* store, const std::string& stream) {
  Result<AppendResult> r = Status::Unavailable("not tried");
  for (int i = 0; i < 500; ++i) {
    r = store->Append(stream, ExpectedVersion::Any(), {Ev("Happened", "{\"after\":1}")}, Ctx());
    if (r.ok() || r.status().code() != StatusCode::kUnavailable) return r;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return r;
}

TEST_F(RocksFaultsTest, DiskFullRefusesWithUnavailableThenResumesWithoutAGap) {
  auto store = Open();
  ASSERT_TRUE(store);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(AppendOne(store.get(), "s-1").ok());

  fs_->set_mode(Mode::kNoSpace);
  for (int i = 0; i < 3; ++i) {
    auto r = AppendOne(store.get(), "s-1");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kUnavailable) << r.status().ToString();
  }
  EXPECT_EQ(store->head_position(), 3u);
  EXPECT_FALSE(store->stats().writable);
  EXPECT_GE(store->stats().write_errors, 3u);
  // Reads keep working while writes are refused.
  EXPECT_EQ(All(store.get()).size(), 3u);
  auto version = store->StreamVersion("s-1");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, 3u);
  EXPECT_TRUE(store->SaveCheckpoint("relay", 3).code() == StatusCode::kUnavailable);

  fs_->set_mode(Mode::kNone);
  auto r = AppendUntilOk(store.get(), "s-1");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->first_position, 4u);
  EXPECT_EQ(r->stream_version, 4u);
  EXPECT_TRUE(store->stats().writable);
  ASSERT_TRUE(AppendOne(store.get(), "s-2").ok());
  EXPECT_TRUE(store->SaveCheckpoint("relay", 5).ok());
  EXPECT_EQ(All(store.get()).size(), 5u);

  store.reset();
  store = Open(/*faulty=*/false);
  ASSERT_TRUE(store);
  auto all = All(store.get());
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[3].data, "{\"after\":1}");
  auto cp = store->LoadCheckpoint("relay");
  ASSERT_TRUE(cp.ok());
  EXPECT_EQ(*cp, 5u);
}

// The first write after opening fails (a memtable that holds nothing yet): RocksDB 7.8 would
// keep the failed WAL writer on Resume() and abort on the next write, unless the store keeps its
// sentinel in the memtable (eventstore/rocks_recovery.h).
TEST_F(RocksFaultsTest, FirstWriteAfterReopenFailsThenResumesWithoutAbort) {
  {
    auto store = Open(/*faulty=*/false);
    ASSERT_TRUE(store);
    ASSERT_TRUE(AppendOne(store.get(), "s-1").ok());
  }
  auto store = Open();
  ASSERT_TRUE(store);
  fs_->set_mode(Mode::kNoSpace);
  auto r = AppendOne(store.get(), "s-1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  fs_->set_mode(Mode::kNone);
  for (int i = 0; i < 3; ++i) {
    auto ok = AppendUntilOk(store.get(), "s-1");
    ASSERT_TRUE(ok.ok()) << ok.status().ToString();
    EXPECT_EQ(ok->first_position, 2u + static_cast<uint64_t>(i));
  }
  EXPECT_FALSE(store->stats().restart_needed);
  EXPECT_GE(store->stats().resumes, 1u);
  store.reset();
  store = Open(/*faulty=*/false);
  EXPECT_EQ(All(store.get()).size(), 4u);
}

TEST_F(RocksFaultsTest, FailedSyncIsNotAcknowledgedAndLeavesNoEventBehind) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(AppendOne(store.get(), "s-1").ok());
  // The WAL gets the bytes but the fsync fails: not acknowledged, so it must never show up.
  fs_->set_mode(Mode::kSyncOnly);
  auto failed = AppendOne(store.get(), "s-1", "00000000-0000-4000-8000-0000000000aa");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(store->head_position(), 1u);

  fs_->set_mode(Mode::kNone);
  auto r = AppendUntilOk(store.get(), "s-2");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->first_position, 2u);
  store.reset();

  store = Open(/*faulty=*/false);
  auto all = All(store.get());
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].stream, "s-2");
  for (const auto& e : all) EXPECT_NE(e.id, "00000000-0000-4000-8000-0000000000aa");
}

TEST_F(RocksFaultsTest, ReadOnlyDiskRefusesUntilReopenedAndLosesNothing) {
  auto store = Open();
  ASSERT_TRUE(store);
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(AppendOne(store.get(), "s-1").ok());
  fs_->set_mode(Mode::kReadOnly);
  auto r = AppendOne(store.get(), "s-1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  fs_->set_mode(Mode::kNone);
  // RocksDB 7.8 makes a plain I/O error on the WAL fatal: Resume() cannot clear it, so the store
  // keeps refusing (cleanly, as kUnavailable) until it is reopened. Reads keep working.
  for (int i = 0; i < 3; ++i) {
    auto again = AppendOne(store.get(), "s-1");
    if (again.ok()) {
      EXPECT_EQ(again->first_position, 3u + static_cast<uint64_t>(i));
    } else {
      EXPECT_EQ(again.status().code(), StatusCode::kUnavailable);
    }
  }
  const uint64_t head = store->head_position();
  EXPECT_EQ(All(store.get()).size(), head);
  store.reset();  // Close after a fatal error must not crash.

  store = Open(/*faulty=*/false);
  ASSERT_TRUE(store);
  EXPECT_EQ(All(store.get()).size(), head);
  auto after = AppendOne(store.get(), "s-1");
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(after->first_position, head + 1);
  EXPECT_EQ(All(store.get()).size(), head + 1);
}

// Concurrent appenders while the disk fills and empties twice: every acknowledged append is in
// the log after a reopen, nothing else is, and positions stay gap-free.
TEST_F(RocksFaultsTest, ConcurrentAppendsAcrossFaultsKeepExactlyTheAcknowledged) {
  auto store = Open();
  ASSERT_TRUE(store);
  std::mutex mu;
  std::set<std::string> acked_ids;
  std::atomic<bool> stop{false};
  std::atomic<int> refused{0}, other_errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; !stop.load(); ++i) {
        char id[64];
        std::snprintf(id, sizeof(id), "00000000-0000-4000-8000-%06d%06d", t, i);
        auto r = AppendOne(store.get(), "s-" + std::to_string(t), id);
        if (r.ok()) {
          std::lock_guard<std::mutex> lock(mu);
          acked_ids.insert(r->events.at(0).id);
        } else if (r.status().code() == StatusCode::kUnavailable) {
          refused.fetch_add(1);
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        } else {
          other_errors.fetch_add(1);
        }
      }
    });
  }
  auto wait_acks = [&](size_t at_least) {
    for (int i = 0; i < 2000; ++i) {
      {
        std::lock_guard<std::mutex> lock(mu);
        if (acked_ids.size() >= at_least) return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
  };
  for (Mode fault : {Mode::kNoSpace, Mode::kSyncOnly}) {
    size_t before;
    {
      std::lock_guard<std::mutex> lock(mu);
      before = acked_ids.size();
    }
    EXPECT_TRUE(wait_acks(before + 50));
    fs_->set_mode(fault);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    fs_->set_mode(Mode::kNone);
    {
      std::lock_guard<std::mutex> lock(mu);
      before = acked_ids.size();
    }
    EXPECT_TRUE(wait_acks(before + 50)) << "no recovery without a reopen";
  }
  stop.store(true);
  for (auto& th : threads) th.join();
  EXPECT_EQ(other_errors.load(), 0);
  EXPECT_GT(refused.load(), 0);
  EXPECT_GT(fs_->failures(), 0u);
  store.reset();

  store = Open(/*faulty=*/false);
  auto all = All(store.get());
  std::set<std::string> stored;
  for (const auto& e : all) stored.insert(e.id);
  EXPECT_EQ(stored.size(), all.size());
  EXPECT_EQ(stored, acked_ids);
}

}  // namespace
}  // namespace kinerja::eventstore
