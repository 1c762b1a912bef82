// The EventStore contract, run against both MemoryEventStore and RocksEventStore.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "eventstore/hash_chain.h"
#include "eventstore/memory_event_store.h"
#include "eventstore/rocks_event_store.h"
#include "tests/eventstore/test_util.h"

namespace kinerja::eventstore {
namespace {

using testing::Ctx;
using testing::Ev;
using testing::FakeClock;
using testing::TempDir;

struct MemoryImpl {
  static std::unique_ptr<EventStore> Make(const TempDir&, FakeClock* clock) {
    return std::make_unique<MemoryEventStore>([clock] { return (*clock)(); });
  }
};

struct RocksImpl {
  static std::unique_ptr<EventStore> Make(const TempDir& dir, FakeClock* clock) {
    RocksOptions o;
    o.path = dir.Sub("db");
    o.clock = [clock] { return (*clock)(); };
    auto s = RocksEventStore::Open(o);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::unique_ptr<EventStore>(std::move(s).value()) : nullptr;
  }
};

template <typename Impl>
class EventStoreContract : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = Impl::Make(dir_, &clock_);
    ASSERT_NE(store_, nullptr);
  }
  AppendResult MustAppend(const std::string& stream, ExpectedVersion ev,
                          std::vector<NewEvent> events, AppendContext ctx = Ctx()) {
    auto r = store_->Append(stream, ev, std::move(events), ctx);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : AppendResult{};
  }
  std::vector<uint64_t> Positions(const std::vector<RecordedEvent>& events) {
    std::vector<uint64_t> p;
    for (const auto& e : events) p.push_back(e.position);
    return p;
  }

  TempDir dir_;
  FakeClock clock_;
  std::unique_ptr<EventStore> store_;
};

using Impls = ::testing::Types<MemoryImpl, RocksImpl>;
TYPED_TEST_SUITE(EventStoreContract, Impls);

TYPED_TEST(EventStoreContract, AppendStampsVersionsPositionsAndEnvelope) {
  auto a = this->MustAppend("unit-1", ExpectedVersion::NoStream(), {Ev("A"), Ev("B")});
  EXPECT_EQ(a.first_position, 1u);
  EXPECT_EQ(a.last_position, 2u);
  EXPECT_EQ(a.stream_version, 2u);
  EXPECT_FALSE(a.duplicate);
  ASSERT_EQ(a.events.size(), 2u);
  EXPECT_EQ(a.events[0].stream_version, 1u);
  EXPECT_EQ(a.events[1].stream_version, 2u);
  EXPECT_EQ(a.events[0].id.size(), 36u);
  EXPECT_EQ(a.events[0].id[14], '4');  // Generated ids are v4.
  EXPECT_EQ(a.events[0].actor, "199001012015011001");
  EXPECT_EQ(a.events[0].correlation_id, "corr-1");
  EXPECT_EQ(a.events[0].causation_id, "cause-1");
  EXPECT_EQ(a.events[0].metadata, "{\"m\":1}");
  EXPECT_EQ(a.events[0].recorded_at, this->clock_.now.load());
  EXPECT_EQ(a.events[0].prev_hash, GenesisHashHex());
  EXPECT_EQ(a.events[1].prev_hash, a.events[0].hash);

  auto b = this->MustAppend("unit-2", ExpectedVersion::Any(), {Ev("C")});
  EXPECT_EQ(b.first_position, 3u);
  EXPECT_EQ(b.events[0].stream_version, 1u);
  auto c = this->MustAppend("unit-1", ExpectedVersion::Exact(2), {Ev("D")});
  EXPECT_EQ(c.first_position, 4u);
  EXPECT_EQ(c.stream_version, 3u);
  auto read = this->store_->ReadAt(4);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read, c.events[0]);
  EXPECT_EQ(this->store_->ReadAt(5).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(*this->store_->StreamVersion("unit-1"), 3u);
  EXPECT_EQ(*this->store_->StreamVersion("nope"), 0u);
  EXPECT_EQ(this->store_->head_position(), 4u);
}

TYPED_TEST(EventStoreContract, ExpectedVersionConflictsCarryTheActualVersion) {
  this->MustAppend("s", ExpectedVersion::NoStream(), {Ev("A"), Ev("B")});
  auto r = this->store_->Append("s", ExpectedVersion::NoStream(), {Ev("C")}, Ctx());
  EXPECT_EQ(r.status().code(), StatusCode::kWrongExpectedVersion);
  EXPECT_EQ(r.status().actual_version(), 2u);
  r = this->store_->Append("s", ExpectedVersion::Exact(1), {Ev("C")}, Ctx());
  EXPECT_EQ(r.status().code(), StatusCode::kWrongExpectedVersion);
  EXPECT_EQ(r.status().actual_version(), 2u);
  r = this->store_->Append("other", ExpectedVersion::Exact(3), {Ev("C")}, Ctx());
  EXPECT_EQ(r.status().code(), StatusCode::kWrongExpectedVersion);
  EXPECT_EQ(r.status().actual_version(), 0u);
  // A failed append consumes no position.
  auto ok = this->MustAppend("s", ExpectedVersion::Exact(2), {Ev("C")});
  EXPECT_EQ(ok.first_position, 3u);
}

TYPED_TEST(EventStoreContract, InvalidAppendsAreRejected) {
  auto code = [&](const std::string& stream, std::vector<NewEvent> evs) {
    return this->store_->Append(stream, ExpectedVersion::Any(), std::move(evs), Ctx())
        .status()
        .code();
  };
  EXPECT_EQ(code("s", {}), StatusCode::kInvalidArgument);
  EXPECT_EQ(code("", {Ev("A")}), StatusCode::kInvalidArgument);
  EXPECT_EQ(code(std::string("a\0b", 3), {Ev("A")}), StatusCode::kInvalidArgument);
  EXPECT_EQ(code("s", {Ev("")}), StatusCode::kInvalidArgument);
  EXPECT_EQ(code("s", {Ev("A", "{}", "not-a-uuid")}), StatusCode::kInvalidArgument);
  const std::string id = "6f1c2a0e-1b2c-4d3e-8f40-123456789abc";
  EXPECT_EQ(code("s", {Ev("A", "{}", id), Ev("B", "{}", id)}), StatusCode::kInvalidArgument);
  EXPECT_EQ(this->store_->head_position(), 0u);
}

TYPED_TEST(EventStoreContract, RetryWithSameEventIdsReturnsTheOriginalResult) {
  const std::string id1 = "6F1C2A0E-1B2C-4D3E-8F40-123456789ABC";
  const std::string id2 = "6f1c2a0e-1b2c-4d3e-8f40-123456789abd";
  auto first = this->MustAppend("s", ExpectedVersion::NoStream(),
                                {Ev("A", "{\"x\":1}", id1), Ev("B", "{}", id2)});
  EXPECT_EQ(first.events[0].id, "6f1c2a0e-1b2c-4d3e-8f40-123456789abc");
  this->MustAppend("t", ExpectedVersion::Any(), {Ev("C")});
  // The retry even carries the now-stale expected version: it is still the same append.
  auto retry = this->MustAppend("s", ExpectedVersion::NoStream(),
                                {Ev("A", "{\"x\":1}", id1), Ev("B", "{}", id2)});
  EXPECT_TRUE(retry.duplicate);
  EXPECT_EQ(retry.first_position, first.first_position);
  EXPECT_EQ(retry.last_position, first.last_position);
  EXPECT_EQ(retry.stream_version, 2u);
  ASSERT_EQ(retry.events.size(), 2u);
  EXPECT_EQ(retry.events[0], first.events[0]);
  EXPECT_EQ(this->store_->head_position(), 3u);
  // Only part of the ids, or the ids in another stream: refused, nothing written.
  auto partial = this->store_->Append("s", ExpectedVersion::Any(),
                                      {Ev("A", "{}", id1), Ev("Z")}, Ctx());
  EXPECT_EQ(partial.status().code(), StatusCode::kIdempotencyMismatch);
  auto elsewhere = this->store_->Append("u", ExpectedVersion::Any(),
                                        {Ev("A", "{}", id1), Ev("B", "{}", id2)}, Ctx());
  EXPECT_EQ(elsewhere.status().code(), StatusCode::kIdempotencyMismatch);
  EXPECT_EQ(this->store_->head_position(), 3u);
}

TYPED_TEST(EventStoreContract, IdempotencyKeyReturnsFirstAnswerOrMismatch) {
  AppendContext ctx = Ctx();
  ctx.idempotency_key = "client-key-1";
  ctx.request_fingerprint = "sha-of-body-1";
  auto first = this->MustAppend("s", ExpectedVersion::NoStream(), {Ev("A")}, ctx);
  // The retried command produced a new event id; the key still makes it the same append.
  auto retry = this->MustAppend("s", ExpectedVersion::NoStream(), {Ev("A")}, ctx);
  EXPECT_TRUE(retry.duplicate);
  EXPECT_EQ(retry.first_position, first.first_position);
  EXPECT_EQ(retry.events[0].id, first.events[0].id);
  ctx.request_fingerprint = "sha-of-body-2";
  auto other = this->store_->Append("s", ExpectedVersion::Any(), {Ev("A")}, ctx);
  EXPECT_EQ(other.status().code(), StatusCode::kIdempotencyMismatch);
  EXPECT_EQ(this->store_->head_position(), 1u);
}

TYPED_TEST(EventStoreContract, FindIdempotentAppendAnswersBeforeDeciding) {
  auto unused = this->store_->FindIdempotentAppend("never-used");
  ASSERT_TRUE(unused.ok());
  EXPECT_FALSE(unused.value().has_value());
  AppendContext ctx = Ctx();
  ctx.idempotency_key = "actor:key-7";
  ctx.request_fingerprint = "fp-7";
  this->MustAppend("other", ExpectedVersion::NoStream(), {Ev("X")}, Ctx());
  auto first = this->MustAppend("s", ExpectedVersion::NoStream(), {Ev("A"), Ev("B")}, ctx);
  auto found = this->store_->FindIdempotentAppend("actor:key-7");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found.value().has_value());
  const IdempotentAppend& earlier = *found.value();
  EXPECT_EQ(earlier.fingerprint, "fp-7");
  EXPECT_TRUE(earlier.result.duplicate);
  EXPECT_EQ(earlier.result.stream, "s");
  EXPECT_EQ(earlier.result.first_position, first.first_position);
  EXPECT_EQ(earlier.result.last_position, first.last_position);
  EXPECT_EQ(earlier.result.stream_version, 2u);
  ASSERT_EQ(earlier.result.events.size(), 2u);
  EXPECT_EQ(earlier.result.events[1], first.events[1]);
}

TYPED_TEST(EventStoreContract, ReadStreamForwardBackwardWithLimits) {
  for (int i = 0; i < 5; ++i) {
    this->MustAppend("s", ExpectedVersion::Any(), {Ev("E" + std::to_string(i + 1))});
    this->MustAppend("noise", ExpectedVersion::Any(), {Ev("N")});
  }
  StreamRead r;
  auto all = this->store_->ReadStream("s", r);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(this->Positions(*all), (std::vector<uint64_t>{1, 3, 5, 7, 9}));
  r.from_version = 2;
  r.limit = 2;
  EXPECT_EQ(this->Positions(*this->store_->ReadStream("s", r)), (std::vector<uint64_t>{3, 5}));
  r.direction = Direction::kBackward;
  r.from_version = kEndOfStream;
  r.limit = 3;
  auto back = this->store_->ReadStream("s", r);
  EXPECT_EQ(this->Positions(*back), (std::vector<uint64_t>{9, 7, 5}));
  EXPECT_EQ((*back)[0].stream_version, 5u);
  r.from_version = 2;
  r.limit = kNoLimit;
  EXPECT_EQ(this->Positions(*this->store_->ReadStream("s", r)), (std::vector<uint64_t>{3, 1}));
  EXPECT_TRUE(this->store_->ReadStream("missing", StreamRead{})->empty());
  r.limit = 0;
  EXPECT_TRUE(this->store_->ReadStream("s", r)->empty());
}

TYPED_TEST(EventStoreContract, ReadAllInOrderWithTypeFilterAndLimit) {
  for (int i = 0; i < 10; ++i)
    this->MustAppend("s" + std::to_string(i % 3), ExpectedVersion::Any(),
                     {Ev(i % 2 ? "Odd" : "Even")});
  AllRead r;
  EXPECT_EQ(this->store_->ReadAll(r)->size(), 10u);
  r.from_position = 4;
  r.limit = 3;
  EXPECT_EQ(this->Positions(*this->store_->ReadAll(r)), (std::vector<uint64_t>{4, 5, 6}));
  r.types = {"Odd"};
  r.from_position = 1;
  EXPECT_EQ(this->Positions(*this->store_->ReadAll(r)), (std::vector<uint64_t>{2, 4, 6}));
  r.types = {"Odd", "Even"};
  r.limit = kNoLimit;
  EXPECT_EQ(this->store_->ReadAll(r)->size(), 10u);
  r.from_position = 11;
  EXPECT_TRUE(this->store_->ReadAll(r)->empty());
}

TYPED_TEST(EventStoreContract, AsOfPositionAndTimeAtTheEdges) {
  const int64_t t0 = this->clock_.now.load();
  this->MustAppend("other", ExpectedVersion::Any(), {Ev("O")});  // pos 1 at t0
  this->clock_.now += 1000;
  this->MustAppend("s", ExpectedVersion::Any(), {Ev("A"), Ev("B")});  // pos 2,3 at t0+1000
  this->clock_.now += 1000;
  this->MustAppend("s", ExpectedVersion::Any(), {Ev("C")});  // pos 4 at t0+2000
  this->clock_.now -= 5000;  // A clock stepping back never makes time go backwards in the log.
  auto late = this->MustAppend("s", ExpectedVersion::Any(), {Ev("D")});  // pos 5
  EXPECT_EQ(late.events[0].recorded_at, t0 + 2000);

  StreamRead sr;
  sr.as_of.recorded_at = t0;  // Before the stream existed.
  EXPECT_TRUE(this->store_->ReadStream("s", sr)->empty());
  sr.as_of.recorded_at = t0 + 1000;  // Exactly at the first append's time: included.
  EXPECT_EQ(this->Positions(*this->store_->ReadStream("s", sr)), (std::vector<uint64_t>{2, 3}));
  sr.as_of.recorded_at = t0 + 999;
  EXPECT_TRUE(this->store_->ReadStream("s", sr)->empty());
  sr.as_of.recorded_at = t0 + 1'000'000;  // After the last.
  EXPECT_EQ(this->store_->ReadStream("s", sr)->size(), 4u);
  sr.as_of = AsOf{};
  sr.as_of.position = 3;
  EXPECT_EQ(this->Positions(*this->store_->ReadStream("s", sr)), (std::vector<uint64_t>{2, 3}));
  sr.as_of.position = 1;
  EXPECT_TRUE(this->store_->ReadStream("s", sr)->empty());
  sr.direction = Direction::kBackward;
  sr.from_version = kEndOfStream;
  sr.as_of.position = 4;
  EXPECT_EQ(this->Positions(*this->store_->ReadStream("s", sr)), (std::vector<uint64_t>{4, 3, 2}));
  sr.as_of.position.reset();
  sr.as_of.recorded_at = t0 + 1000;
  EXPECT_EQ(this->Positions(*this->store_->ReadStream("s", sr)), (std::vector<uint64_t>{3, 2}));

  AllRead ar;
  ar.as_of.recorded_at = t0 + 1000;
  EXPECT_EQ(this->Positions(*this->store_->ReadAll(ar)), (std::vector<uint64_t>{1, 2, 3}));
  ar.as_of.position = 2;
  EXPECT_EQ(this->Positions(*this->store_->ReadAll(ar)), (std::vector<uint64_t>{1, 2}));

  EXPECT_EQ(*this->store_->PositionAsOf(t0 - 1), 0u);
  EXPECT_EQ(*this->store_->PositionAsOf(t0), 1u);
  EXPECT_EQ(*this->store_->PositionAsOf(t0 + 1500), 3u);
  EXPECT_EQ(*this->store_->PositionAsOf(t0 + 2000), 5u);
  EXPECT_EQ(*this->store_->PositionAsOf(INT64_MAX), 5u);
}

TYPED_TEST(EventStoreContract, ConcurrentExactVersionAppendsNeverBothWin) {
  constexpr int kThreads = 8, kTries = 40;
  std::atomic<int> wins{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kTries; ++i) {
        auto v = this->store_->StreamVersion("hot");
        ASSERT_TRUE(v.ok());
        auto r = this->store_->Append("hot", ExpectedVersion::Exact(*v), {Ev("Inc")}, Ctx());
        if (r.ok()) {
          ++wins;
          EXPECT_EQ(r->stream_version, *v + 1);
        } else {
          ASSERT_EQ(r.status().code(), StatusCode::kWrongExpectedVersion);
          EXPECT_GT(r.status().actual_version(), *v);
          ++conflicts;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins + conflicts, kThreads * kTries);
  EXPECT_EQ(*this->store_->StreamVersion("hot"), static_cast<uint64_t>(wins.load()));
  EXPECT_EQ(this->store_->head_position(), static_cast<uint64_t>(wins.load()));
  auto events = this->store_->ReadStream("hot", StreamRead{});
  for (size_t i = 0; i < events->size(); ++i) {
    EXPECT_EQ((*events)[i].stream_version, i + 1);
    EXPECT_EQ((*events)[i].position, i + 1);
  }
  EXPECT_TRUE(this->store_->Verify()->ok);
}

TYPED_TEST(EventStoreContract, SubscriptionsRaceAppendsWithoutGapOrDuplicate) {
  constexpr int kWriters = 8, kPerWriter = 60;
  constexpr uint64_t kTotal = kWriters * kPerWriter * 2;  // Two events per append.
  this->MustAppend("pre", ExpectedVersion::Any(), {Ev("P"), Ev("P")});  // Caught up first.
  struct Seen {
    std::mutex mu;
    std::vector<uint64_t> positions;
  };
  Seen from_start, from_middle;
  auto collect = [](Seen* seen) {
    return [seen](const RecordedEvent& e) {
      std::lock_guard<std::mutex> lock(seen->mu);
      seen->positions.push_back(e.position);
    };
  };
  auto sub1 = this->store_->Subscribe(1, collect(&from_start));
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kPerWriter; ++i) {
        auto r = this->store_->Append("w" + std::to_string(w), ExpectedVersion::Any(),
                                      {Ev("X"), Ev("Y")}, Ctx());
        ASSERT_TRUE(r.ok()) << r.status().ToString();
      }
    });
    if (w == kWriters / 2) {
      // A second subscriber joins while appends are flowing, from a position in the past.
      this->store_->WaitForPosition(20, std::chrono::seconds(30));
    }
  }
  auto sub2 = this->store_->Subscribe(10, collect(&from_middle));
  for (auto& t : writers) t.join();
  const uint64_t head = 2 + kTotal;
  ASSERT_EQ(this->store_->head_position(), head);
  for (auto* s : {sub1.get(), sub2.get()}) {
    for (int i = 0; i < 600 && s->delivered_through() < head; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  sub1->Stop();
  sub2.reset();
  std::vector<uint64_t> want1(head), want2(head - 9);
  for (uint64_t i = 0; i < head; ++i) want1[i] = i + 1;
  for (uint64_t i = 0; i < head - 9; ++i) want2[i] = i + 10;
  EXPECT_EQ(from_start.positions, want1);
  EXPECT_EQ(from_middle.positions, want2);
}

TYPED_TEST(EventStoreContract, SlowSubscriberDoesNotBlockAppends) {
  std::atomic<bool> release{false};
  std::atomic<uint64_t> seen{0};
  auto sub = this->store_->Subscribe(1, [&](const RecordedEvent& e) {
    while (!release.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    seen = e.position;
  });
  for (int i = 0; i < 50; ++i) this->MustAppend("s", ExpectedVersion::Any(), {Ev("A")});
  EXPECT_EQ(this->store_->head_position(), 50u);  // Appends completed while it was stuck.
  release = true;
  for (int i = 0; i < 600 && seen.load() < 50; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(seen.load(), 50u);
}

TYPED_TEST(EventStoreContract, CheckpointsAreSavedAndLoaded) {
  EXPECT_EQ(*this->store_->LoadCheckpoint("projection.dashboard"), 0u);
  ASSERT_TRUE(this->store_->SaveCheckpoint("projection.dashboard", 42).ok());
  ASSERT_TRUE(this->store_->SaveCheckpoint("relay.kafka", 7).ok());
  ASSERT_TRUE(this->store_->SaveCheckpoint("projection.dashboard", 43).ok());
  EXPECT_EQ(*this->store_->LoadCheckpoint("projection.dashboard"), 43u);
  EXPECT_EQ(*this->store_->LoadCheckpoint("relay.kafka"), 7u);
}

TYPED_TEST(EventStoreContract, ChainVerifiesAndHeadMatches) {
  auto empty = this->store_->Verify();
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->ok);
  EXPECT_EQ(empty->checked, 0u);
  EXPECT_EQ(this->store_->GetHead()->hash, GenesisHashHex());
  AppendResult last;
  for (int i = 0; i < 30; ++i)
    last = this->MustAppend("s" + std::to_string(i % 4), ExpectedVersion::Any(),
                            {Ev("A", "{\"i\":" + std::to_string(i) + "}")});
  auto report = this->store_->Verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->detail;
  EXPECT_EQ(report->checked, 30u);
  EXPECT_EQ(report->last_position, 30u);
  EXPECT_EQ(report->head_hash, last.events[0].hash);
  auto head = this->store_->GetHead();
  EXPECT_EQ(head->position, 30u);
  EXPECT_EQ(head->hash, last.events[0].hash);
  auto part = this->store_->Verify(10, 20);
  EXPECT_TRUE(part->ok);
  EXPECT_EQ(part->checked, 11u);
  // An outside verifier recomputes each hash from the documented canonical bytes.
  auto events = this->store_->ReadAll(AllRead{});
  std::string prev_raw(kHashBytes, '\0');
  for (const RecordedEvent& e : *events) {
    std::string h = ComputeHashRaw(prev_raw, e);
    EXPECT_EQ(ToHex(h), e.hash);
    prev_raw = h;
  }
}

TEST(MemoryEventStoreTamper, RewrittenEventIsReported) {
  MemoryEventStore store;
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(store.Append("s", ExpectedVersion::Any(), {Ev("A")}, Ctx()).ok());
  RecordedEvent e = *store.ReadAt(6);
  e.data = "{\"changed\":true}";
  ASSERT_TRUE(store.TamperForTest(e));
  auto report = store.Verify();
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->first_broken_position, 6u);
  EXPECT_EQ(report->checked, 5u);
}

}  // namespace
}  // namespace kinerja::eventstore
