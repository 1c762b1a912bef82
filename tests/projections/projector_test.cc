// The projector against both event stores (memory and RocksDB): catch-up then live, resuming
// from the checkpoint, version bumps, rebuild == live, WaitFor, poison events, concurrent appends.
#include "projections/projector.h"

#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "eventstore/memory_event_store.h"
#include "eventstore/rocks_event_store.h"
#include "projections/memory_documents.h"
#include "tests/projections/test_projection.h"

namespace kinerja::projections {
namespace {

using eventstore::AllRead;
using eventstore::AppendContext;
using eventstore::EventStore;
using eventstore::ExpectedVersion;
using eventstore::RecordedEvent;
using testing::CountIn;
using testing::Ev;
using testing::StreamStats;
using testing::TempDir;

enum class Backend { kMemory, kRocks };

class ProjectorTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { ReopenStore(); }
  void TearDown() override {
    projector_.reset();
    store_.reset();
  }

  // Memory: the same store survives a "restart" (as the log would). RocksDB: closed and reopened.
  void ReopenStore() {
    if (GetParam() == Backend::kMemory) {
      if (!store_) store_ = std::make_unique<eventstore::MemoryEventStore>();
      return;
    }
    store_.reset();
    eventstore::RocksOptions o;
    o.path = dir_.Sub("events");
    o.sync = false;
    auto s = eventstore::RocksEventStore::Open(o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
  }

  std::unique_ptr<ViewStore> OpenViews(const std::string& name = "views") {
    ViewStoreOptions o;
    o.path = dir_.Sub(name);
    auto v = ViewStore::Open(o);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? std::move(v).value() : nullptr;
  }

  std::unique_ptr<Projector> OpenProjector(uint32_t version = 1,
                                           const std::string& views = "views",
                                           size_t batch_events = 1000) {
    std::vector<std::unique_ptr<Projection>> ps;
    ps.push_back(std::make_unique<StreamStats>(version));
    ProjectorOptions o;
    o.batch_events = batch_events;
    o.idle_wait = std::chrono::milliseconds(20);
    auto p = Projector::Open(store_.get(), OpenViews(views), std::move(ps), o);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? std::move(p).value() : nullptr;
  }

  void Append(const std::string& stream, int n, const std::string& type = "Happened") {
    for (int i = 0; i < n; ++i) {
      auto r = store_->Append(stream, ExpectedVersion::Any(),
                              {Ev(type, "{\"i\":" + std::to_string(i) + "}")}, AppendContext{});
      ASSERT_TRUE(r.ok()) << r.status().ToString();
    }
  }

  int64_t Count(const std::string& key) {
    auto doc = projector_->views()->Get("stream-stats", key);
    EXPECT_TRUE(doc.ok());
    return doc.ok() ? CountIn(*doc) : -1;
  }

  // Every stream's count equals its version and the total equals the head.
  void ExpectExact() {
    auto all = store_->ReadAll(AllRead{});
    ASSERT_TRUE(all.ok());
    std::map<std::string, int64_t> versions;
    for (const RecordedEvent& e : *all) versions[e.stream] = e.stream_version;
    for (const auto& [stream, version] : versions) EXPECT_EQ(Count("stream/" + stream), version);
    EXPECT_EQ(Count("total"), static_cast<int64_t>(all->size()));
    EXPECT_EQ(projector_->applied_position(), all->size());
  }

  // The documents an in-memory fold of the whole log gives.
  std::vector<Document> FoldInMemory(uint32_t version) {
    auto all = store_->ReadAll(AllRead{});
    EXPECT_TRUE(all.ok());
    MemoryDocuments docs;
    (void)FoldAll(StreamStats(version), *all, &docs);
    return docs.Dump();
  }

  std::vector<Document> Dump(Projector* p) {
    auto d = p->views()->Dump("stream-stats");
    EXPECT_TRUE(d.ok());
    return d.ok() ? *d : std::vector<Document>{};
  }

  TempDir dir_;
  std::unique_ptr<EventStore> store_;
  std::unique_ptr<Projector> projector_;
};

TEST_P(ProjectorTest, CatchesUpThenFollowsLive) {
  for (int s = 0; s < 5; ++s) Append("s-" + std::to_string(s), 10);
  projector_ = OpenProjector(1, "views", 7);  // Several batches to catch up.
  projector_->Start();
  ASSERT_TRUE(projector_->WaitFor(50, std::chrono::seconds(30)));
  EXPECT_EQ(Count("total"), 50);
  Append("s-1", 15);
  Append("live", 15);
  ASSERT_TRUE(projector_->WaitFor(80, std::chrono::seconds(30)));
  projector_->Stop();
  ExpectExact();
  ProjectorMetrics m = projector_->metrics();
  EXPECT_EQ(m.applied_position, 80u);
  EXPECT_EQ(m.head_position, 80u);
  EXPECT_EQ(m.events_applied, 80u);
  EXPECT_GE(m.batches, 8u);  // 50 events in batches of at most 7, then live ones.
  EXPECT_EQ(m.poison_events, 0u);
  EXPECT_EQ(m.rebuilds, 1u);  // The first open initialises the projection.
  EXPECT_EQ(Dump(projector_.get()), FoldInMemory(1));
}

TEST_P(ProjectorTest, RestartResumesFromCheckpointWithoutReapplying) {
  Append("a", 25);
  Append("b", 15);
  projector_ = OpenProjector();
  ASSERT_TRUE(projector_->CatchUp().ok());
  EXPECT_EQ(projector_->applied_position(), 40u);
  projector_.reset();
  ReopenStore();
  Append("a", 10);
  Append("c", 10);
  projector_ = OpenProjector();
  EXPECT_EQ(projector_->metrics().rebuilds, 0u);
  EXPECT_EQ(projector_->applied_position(), 40u);  // Resumed, not rebuilt.
  ASSERT_TRUE(projector_->CatchUp().ok());
  EXPECT_EQ(projector_->metrics().events_applied, 20u);  // Only the new ones.
  ExpectExact();
  auto meta = projector_->views()->Meta("stream-stats");
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ(meta->checkpoint, 60u);
  EXPECT_EQ(meta->version, 1u);
}

TEST_P(ProjectorTest, VersionBumpRebuildsToExactlyTheNewFoldOfTheLog) {
  Append("a", 12);
  Append("b", 8);
  projector_ = OpenProjector(1);
  projector_->Start();
  ASSERT_TRUE(projector_->WaitFor(20, std::chrono::seconds(30)));
  Append("c", 5);
  ASSERT_TRUE(projector_->WaitFor(25, std::chrono::seconds(30)));
  projector_.reset();

  projector_ = OpenProjector(2);  // The fold changed.
  EXPECT_EQ(projector_->metrics().rebuilds, 1u);
  EXPECT_EQ(projector_->applied_position(), 0u);
  EXPECT_EQ(Count("total"), 0);  // Wiped.
  projector_->Start();
  ASSERT_TRUE(projector_->WaitFor(25, std::chrono::seconds(30)));
  projector_->Stop();
  ExpectExact();
  EXPECT_EQ(Count("type/Happened"), 25);
  std::vector<Document> rebuilt = Dump(projector_.get());
  EXPECT_EQ(rebuilt, FoldInMemory(2));

  // A fresh view store folded with v2 from scratch holds the same documents.
  auto fresh = OpenProjector(2, "views-fresh");
  ASSERT_TRUE(fresh->CatchUp().ok());
  EXPECT_EQ(Dump(fresh.get()), rebuilt);
}

TEST_P(ProjectorTest, RebuildFromZeroEqualsLiveState) {
  projector_ = OpenProjector(1, "views", 16);
  projector_->Start();
  for (int round = 0; round < 5; ++round) {
    Append("r-" + std::to_string(round % 3), 20);
  }
  Append("poisoned", 1, "Fine");
  auto bad = store_->Append("poisoned", ExpectedVersion::Any(), {Ev("Bad", "[1,2]")},
                            AppendContext{});
  ASSERT_TRUE(bad.ok());
  ASSERT_TRUE(projector_->WaitFor(102, std::chrono::seconds(30)));
  projector_->Stop();
  std::vector<Document> live = Dump(projector_.get());
  auto live_dead = projector_->views()->DeadLetters("stream-stats");
  ASSERT_TRUE(live_dead.ok());
  ASSERT_EQ(live_dead->size(), 1u);

  ASSERT_TRUE(projector_->RebuildAll().ok());
  EXPECT_EQ(projector_->applied_position(), 102u);
  EXPECT_EQ(Dump(projector_.get()), live);
  EXPECT_EQ(live, FoldInMemory(1));
  auto rebuilt_dead = projector_->views()->DeadLetters("stream-stats");
  ASSERT_TRUE(rebuilt_dead.ok());
  EXPECT_EQ(*rebuilt_dead, *live_dead);
}

TEST_P(ProjectorTest, WaitForReturnsWhenReachedAndTimesOutWhenNot) {
  projector_ = OpenProjector();
  projector_->Start();
  EXPECT_TRUE(projector_->WaitFor(0, std::chrono::milliseconds(0)));
  EXPECT_FALSE(projector_->WaitFor(1, std::chrono::milliseconds(30)));
  std::thread writer([&] { Append("w", 3); });
  EXPECT_TRUE(projector_->WaitFor(3, std::chrono::seconds(30)));
  writer.join();
  EXPECT_GE(projector_->applied_position(), 3u);
  EXPECT_FALSE(projector_->WaitFor(4, std::chrono::milliseconds(30)));  // Never appended.
}

TEST_P(ProjectorTest, PoisonEventsAreDeadLetteredNotAppliedAndNotBlocking) {
  Append("s", 2);
  auto bad = store_->Append("s", ExpectedVersion::Any(), {Ev("Mangled", "{not json")},
                            AppendContext{});
  ASSERT_TRUE(bad.ok());
  auto boom = store_->Append("t", ExpectedVersion::Any(), {Ev("Explode", "{}")}, AppendContext{});
  ASSERT_TRUE(boom.ok());
  Append("s", 2);
  projector_ = OpenProjector();
  projector_->Start();
  ASSERT_TRUE(projector_->WaitFor(6, std::chrono::seconds(30)));
  projector_->Stop();
  // The poison events' partial writes ("total" is bumped before decoding) were rolled back.
  EXPECT_EQ(Count("total"), 4);
  EXPECT_EQ(Count("stream/s"), 4);
  EXPECT_EQ(Count("stream/t"), 0);
  EXPECT_EQ(projector_->metrics().poison_events, 2u);
  auto dead = projector_->views()->DeadLetters("stream-stats");
  ASSERT_TRUE(dead.ok());
  ASSERT_EQ(dead->size(), 2u);
  EXPECT_EQ((*dead)[0].position, 3u);
  EXPECT_EQ((*dead)[0].stream, "s");
  EXPECT_EQ((*dead)[0].type, "Mangled");
  EXPECT_EQ((*dead)[0].event_id, bad->events[0].id);
  EXPECT_EQ((*dead)[0].error, "event data is not a JSON object");
  EXPECT_EQ((*dead)[1].position, 4u);
  EXPECT_EQ((*dead)[1].error, "exception: fold exploded");

  // After a restart the dead letters remain and nothing is applied again.
  projector_.reset();
  ReopenStore();
  projector_ = OpenProjector();
  ASSERT_TRUE(projector_->CatchUp().ok());
  EXPECT_EQ(projector_->metrics().poison_events, 0u);
  EXPECT_EQ(Count("total"), 4);
  auto again = projector_->views()->DeadLetters("stream-stats");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->size(), 2u);
}

TEST_P(ProjectorTest, ConcurrentAppendsWhileRunningEndExact) {
  Append("pre", 10);
  projector_ = OpenProjector(1, "views", 64);
  projector_->Start();
  constexpr int kThreads = 4;
  constexpr int kPerThread = 100;
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([this, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Each writer has its own stream and also writes to a shared one.
        const std::string stream = (i % 2 == 0) ? "own-" + std::to_string(t) : "shared";
        auto r = store_->Append(stream, ExpectedVersion::Any(), {Ev("W", "{}")}, AppendContext{});
        ASSERT_TRUE(r.ok()) << r.status().ToString();
      }
    });
  }
  for (auto& w : writers) w.join();
  const uint64_t head = 10 + kThreads * kPerThread;
  ASSERT_TRUE(projector_->WaitFor(head, std::chrono::seconds(60)));
  projector_->Stop();
  ExpectExact();
  EXPECT_EQ(Count("stream/shared"), kThreads * kPerThread / 2);
  EXPECT_EQ(projector_->metrics().events_applied, head);
  EXPECT_EQ(Dump(projector_.get()), FoldInMemory(1));
}

TEST_P(ProjectorTest, ProjectionsWithDifferentCheckpointsEachApplyOnce) {
  Append("x", 30);
  {
    projector_ = OpenProjector(1);
    ASSERT_TRUE(projector_->CatchUp().ok());
    projector_.reset();
  }
  Append("x", 10);
  // Reopen with the old projection plus a new one (which starts at 0).
  std::vector<std::unique_ptr<Projection>> ps;
  ps.push_back(std::make_unique<StreamStats>(1));
  ps.push_back(std::make_unique<StreamStats>(1, "second"));
  auto p = Projector::Open(store_.get(), OpenViews(), std::move(ps));
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  projector_ = std::move(p).value();
  EXPECT_EQ(projector_->applied_position(), 0u);
  ASSERT_TRUE(projector_->CatchUp().ok());
  EXPECT_EQ(projector_->applied_position(), 40u);
  EXPECT_EQ(Count("stream/x"), 40);
  auto second = projector_->views()->Get("second", "stream/x");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(CountIn(*second), 40);
}

TEST_P(ProjectorTest, OpenRefusesBadProjectionSets) {
  std::vector<std::unique_ptr<Projection>> dup;
  dup.push_back(std::make_unique<StreamStats>(1));
  dup.push_back(std::make_unique<StreamStats>(1));
  EXPECT_EQ(Projector::Open(store_.get(), OpenViews(), std::move(dup)).status().code(),
            eventstore::StatusCode::kInvalidArgument);
  std::vector<std::unique_ptr<Projection>> bad_name;
  bad_name.push_back(std::make_unique<StreamStats>(1, "Has/Slash"));
  EXPECT_EQ(Projector::Open(store_.get(), OpenViews("v2"), std::move(bad_name)).status().code(),
            eventstore::StatusCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Stores, ProjectorTest,
                         ::testing::Values(Backend::kMemory, Backend::kRocks),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return info.param == Backend::kMemory ? "Memory" : "Rocks";
                         });

}  // namespace
}  // namespace kinerja::projections
