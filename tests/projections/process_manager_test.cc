// The process-manager runner against both event stores: at-least-once delivery from a durable
// checkpoint, an idempotent handler that appends (a policy reacting once even when events are
// delivered again), resuming after a restart, transient retries and skipped failures.
#include "projections/process_manager.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>

#include "eventstore/memory_event_store.h"
#include "eventstore/rocks_event_store.h"
#include "tests/projections/test_projection.h"

namespace kinerja::projections {
namespace {

using eventstore::AllRead;
using eventstore::AppendContext;
using eventstore::ExpectedVersion;
using eventstore::RecordedEvent;
using testing::Ev;
using testing::TempDir;

enum class Backend { kMemory, kRocks };

class ProcessManagerTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { ReopenStore(); }
  void TearDown() override { store_.reset(); }

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

  void Append(const std::string& stream, const std::string& type, int n) {
    for (int i = 0; i < n; ++i) {
      auto r = store_->Append(stream, ExpectedVersion::Any(), {Ev(type, "{}")}, AppendContext{});
      ASSERT_TRUE(r.ok()) << r.status().ToString();
    }
  }

  // The policy under test: every Trigger gets one Reaction (idempotent by the trigger's id).
  ProcessManager::Handler Policy() {
    return [this](const RecordedEvent& e) -> Status {
      if (e.type != "Trigger") return Status::Ok();
      AppendContext ctx;
      ctx.causation_id = e.id;
      ctx.idempotency_key = "policy:" + e.id;
      ctx.request_fingerprint = e.id;
      auto r = store_->Append("reaction-" + e.stream, ExpectedVersion::Any(),
                              {Ev("Reaction", "{\"trigger\":" + std::to_string(e.position) + "}")},
                              ctx);
      return r.ok() ? Status::Ok() : r.status();
    };
  }

  size_t Count(const std::string& type) {
    AllRead read;
    read.types = {type};
    auto r = store_->ReadAll(read);
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->size() : 0;
  }

  ProcessManagerOptions Options() {
    ProcessManagerOptions o;
    o.name = "policy";
    o.batch_events = 8;
    o.idle_wait = std::chrono::milliseconds(20);
    o.retry_backoff = std::chrono::milliseconds(1);
    return o;
  }

  TempDir dir_;
  std::unique_ptr<eventstore::EventStore> store_;
};

TEST_P(ProcessManagerTest, ReactsOnceEvenWhenEventsAreDeliveredAgain) {
  Append("a", "Trigger", 12);
  Append("b", "Noise", 5);
  Append("b", "Trigger", 8);
  {
    ProcessManager pm(store_.get(), Options(), Policy());
    ASSERT_TRUE(pm.Start().ok());
    // 25 events, then 20 reactions appended by the policy itself.
    ASSERT_TRUE(pm.WaitFor(45, std::chrono::seconds(30)));
    pm.Stop();
    EXPECT_EQ(pm.checkpoint(), 45u);
    EXPECT_EQ(pm.metrics().handled, 45u);
  }
  EXPECT_EQ(Count("Reaction"), 20u);
  auto cp = store_->LoadCheckpoint("process/policy");
  ASSERT_TRUE(cp.ok());
  EXPECT_EQ(*cp, 45u);

  // Lose the checkpoint (as a crash before saving would): everything is delivered again, and the
  // policy still reacts once per trigger.
  ASSERT_TRUE(store_->SaveCheckpoint("process/policy", 0).ok());
  ProcessManager again(store_.get(), Options(), Policy());
  ASSERT_TRUE(again.Start().ok());
  ASSERT_TRUE(again.WaitFor(45, std::chrono::seconds(30)));
  again.Stop();
  EXPECT_EQ(again.metrics().handled, 45u);
  EXPECT_EQ(Count("Reaction"), 20u);
  EXPECT_EQ(store_->head_position(), 45u);
}

TEST_P(ProcessManagerTest, RestartResumesFromTheDurableCheckpoint) {
  Append("a", "Trigger", 5);
  {
    ProcessManager pm(store_.get(), Options(), Policy());
    ASSERT_TRUE(pm.Start().ok());
    ASSERT_TRUE(pm.WaitFor(10, std::chrono::seconds(30)));
  }  // Destructor stops and saves.
  ReopenStore();
  Append("c", "Trigger", 5);  // Positions 11..15; reactions 16..20.
  ProcessManager pm(store_.get(), Options(), Policy());
  ASSERT_TRUE(pm.Start().ok());
  EXPECT_GE(pm.checkpoint(), 10u);
  ASSERT_TRUE(pm.WaitFor(20, std::chrono::seconds(30)));
  pm.Stop();
  EXPECT_EQ(pm.metrics().handled, 10u);  // Only what came after the checkpoint.
  EXPECT_EQ(Count("Reaction"), 10u);
}

TEST_P(ProcessManagerTest, RetriesTransientErrorsAndSkipsFailuresVisibly) {
  Append("s", "Ok", 1);
  Append("s", "Flaky", 1);
  Append("s", "Broken", 1);
  Append("s", "Ok", 2);
  std::atomic<int> flaky_calls{0};
  std::vector<ProcessFailure> reported;
  ProcessManagerOptions o = Options();
  o.on_failure = [&](const ProcessFailure& f) { reported.push_back(f); };
  std::map<uint64_t, int> seen;
  ProcessManager pm(store_.get(), o, [&](const RecordedEvent& e) -> Status {
    ++seen[e.position];
    if (e.type == "Flaky" && flaky_calls.fetch_add(1) < 3) return Status::Unavailable("disk full");
    if (e.type == "Broken") return Status::InvalidArgument("cannot read this event");
    return Status::Ok();
  });
  ASSERT_TRUE(pm.Start().ok());
  ASSERT_TRUE(pm.WaitFor(5, std::chrono::seconds(30)));
  pm.Stop();
  ProcessManagerMetrics m = pm.metrics();
  EXPECT_EQ(m.retries, 3u);
  EXPECT_EQ(m.failed, 1u);
  EXPECT_EQ(m.handled, 4u);
  EXPECT_EQ(seen[2], 4);  // Three transient failures, then success.
  EXPECT_EQ(seen[3], 1);  // A permanent failure is not retried.
  auto failures = pm.failures();
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].position, 3u);
  EXPECT_EQ(failures[0].type, "Broken");
  EXPECT_EQ(failures[0].error, "InvalidArgument: cannot read this event");
  ASSERT_EQ(reported.size(), 1u);
  EXPECT_EQ(reported[0].position, 3u);
}

TEST_P(ProcessManagerTest, RefusesABadName) {
  ProcessManagerOptions o = Options();
  o.name = "Bad Name";
  ProcessManager pm(store_.get(), o, Policy());
  EXPECT_EQ(pm.Start().code(), eventstore::StatusCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Stores, ProcessManagerTest,
                         ::testing::Values(Backend::kMemory, Backend::kRocks),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return info.param == Backend::kMemory ? "Memory" : "Rocks";
                         });

}  // namespace
}  // namespace kinerja::projections
