// The aggregate state cache (api/app/aggregate_cache.h) and LoadForCommand (command_service.h):
// a load through the cache gives exactly the state and version of a full fold, whatever was
// appended in between, whoever still holds an earlier state, and when the cache meets a store
// whose stream is not the one it cached; the LRU stays within its bounds.
#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "api/app/aggregate_cache.h"
#include "api/app/aggregates.h"
#include "api/app/command_service.h"
#include "eventstore/memory_event_store.h"

namespace kinerja::testing {
namespace {

using app::AggregateCache;
using app::SkpTraits;
namespace d = domain;

constexpr const char* kNip = "198503142010011001";
constexpr const char* kSupervisor = "197601012000031002";

d::WorkPlan Plan() {
  d::WorkPlan plan;
  d::Rhk rhk;
  rhk.id = "rhk-1";
  rhk.description = "Tersusunnya kajian kebijakan";
  rhk.indikator.push_back(d::Indikator{d::IndikatorAspect::kKuantitas, "Jumlah kajian", 100,
                                       "dokumen"});
  plan.rhk.push_back(rhk);
  return plan;
}

d::Timestamp At(int i) { return d::Timestamp{int64_t{1767225600} * 1000000 + i * 1000}; }

// The i-th event of a work plan's life: submitted, approved, then progress and feedback mixed.
d::SkpEvent EventAt(int i, const std::string& nip) {
  if (i == 0) return d::WorkPlanSubmitted{nip, 2026, 1, false, Plan(), nip, At(i)};
  if (i == 1) return d::WorkPlanApproved{nip, 2026, 1, 0, kSupervisor, At(i)};
  if (i % 5 == 0) {
    return d::FeedbackGiven{nip, 2026, 1, d::Period::Quarter(2026, 1), std::string("rhk-1"),
                            "catatan " + std::to_string(i), kSupervisor, At(i)};
  }
  return d::ProgressRecorded{nip,
                             2026,
                             1,
                             d::Period::Quarter(2026, 1 + i % 4),
                             "rhk-1",
                             0,
                             static_cast<double>(i) + 0.25,
                             std::string("laporan ") + std::to_string(i),
                             {"https://example.org/bukti/" + std::to_string(i)},
                             nip,
                             At(i)};
}

void AppendEvents(eventstore::EventStore& store, const std::string& nip, int from, int count) {
  for (int i = from; i < from + count; ++i) {
    auto encoded = SkpTraits::Encode(EventAt(i, nip));
    std::vector<eventstore::NewEvent> events{
        eventstore::NewEvent{"", encoded.type, static_cast<uint32_t>(encoded.version),
                             encoded.data, ""}};
    auto appended = store.Append(d::SkpStream(nip, 2026), eventstore::ExpectedVersion::Any(),
                                 std::move(events), eventstore::AppendContext{nip, "", "", "", ""});
    ASSERT_TRUE(appended.ok()) << appended.status().ToString();
  }
}

// Full fold vs the cached load of the same stream: same version, same state.
void ExpectSameAsFullFold(eventstore::EventStore& store, AggregateCache* cache,
                          const std::string& stream) {
  auto full = app::Load<SkpTraits>(store, stream);
  ASSERT_TRUE(full.ok());
  auto cached = app::LoadForCommand<SkpTraits>(store, cache, stream);
  ASSERT_TRUE(cached.ok());
  EXPECT_EQ(cached.value().version, full.value().version);
  ASSERT_NE(cached.value().state, nullptr);
  EXPECT_TRUE(*cached.value().state == full.value().state) << "at version " << full.value().version;
}

TEST(AggregateCache, TakeRemovesAndPutKeepsTheNewerVersion) {
  AggregateCache cache;
  EXPECT_FALSE(cache.Take<d::SkpState>("skp-x").has_value());
  auto state = std::make_shared<d::SkpState>();
  state->nip = "a";
  cache.Put("skp-x", AggregateCache::Entry<d::SkpState>{state, 3, 30, "id-3", 100});
  auto newer = std::make_shared<d::SkpState>();
  newer->nip = "b";
  cache.Put("skp-x", AggregateCache::Entry<d::SkpState>{newer, 5, 50, "id-5", 120});
  auto older = std::make_shared<d::SkpState>();
  older->nip = "c";
  cache.Put("skp-x", AggregateCache::Entry<d::SkpState>{older, 4, 40, "id-4", 110});
  EXPECT_FALSE(cache.Take<d::PegawaiState>("skp-x").has_value());  // another type: a miss
  auto taken = cache.Take<d::SkpState>("skp-x");
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(taken->version, 5u);
  EXPECT_EQ(taken->position, 50u);
  EXPECT_EQ(taken->event_id, "id-5");
  EXPECT_EQ(taken->state->nip, "b");
  EXPECT_FALSE(cache.Take<d::SkpState>("skp-x").has_value());  // taken: gone until Put back
  cache.Put("skp-x", AggregateCache::Entry<d::SkpState>{std::make_shared<d::SkpState>(), 0, 0,
                                                        "", 0});
  EXPECT_FALSE(cache.Take<d::SkpState>("skp-x").has_value());  // version 0 is never cached
  EXPECT_EQ(cache.stats().entries, 0u);
  EXPECT_EQ(cache.stats().bytes, 0u);
}

TEST(AggregateCache, EvictsLeastRecentlyUsedWithinEntryAndByteBounds) {
  AggregateCache by_count(AggregateCache::Options{1 << 20, 3});
  for (int i = 0; i < 5; ++i) {
    by_count.Put("s" + std::to_string(i),
                 AggregateCache::Entry<d::SkpState>{std::make_shared<d::SkpState>(), 1, 1, "", 10});
  }
  EXPECT_EQ(by_count.stats().entries, 3u);
  EXPECT_EQ(by_count.stats().evictions, 2u);
  EXPECT_FALSE(by_count.Take<d::SkpState>("s0").has_value());
  EXPECT_FALSE(by_count.Take<d::SkpState>("s1").has_value());
  EXPECT_TRUE(by_count.Take<d::SkpState>("s4").has_value());

  AggregateCache by_bytes(AggregateCache::Options{250, 100});
  for (int i = 0; i < 4; ++i) {
    by_bytes.Put("s" + std::to_string(i),
                 AggregateCache::Entry<d::SkpState>{std::make_shared<d::SkpState>(), 1, 1, "", 100});
  }
  EXPECT_EQ(by_bytes.stats().entries, 2u);
  EXPECT_LE(by_bytes.stats().bytes, 250u);
  EXPECT_TRUE(by_bytes.Take<d::SkpState>("s3").has_value());
  EXPECT_TRUE(by_bytes.Take<d::SkpState>("s2").has_value());
  // One entry alone over the budget stays (it is the state just loaded).
  by_bytes.Put("big",
               AggregateCache::Entry<d::SkpState>{std::make_shared<d::SkpState>(), 1, 1, "", 999});
  EXPECT_EQ(by_bytes.stats().entries, 1u);
}

TEST(LoadForCommand, EqualsTheFullFoldAfterEveryAppend) {
  eventstore::MemoryEventStore store;
  AggregateCache cache;
  const std::string stream = d::SkpStream(kNip, 2026);
  ExpectSameAsFullFold(store, &cache, stream);  // no stream yet: version 0, empty state
  std::mt19937 rng(7);
  int next = 0;
  for (int round = 0; round < 60; ++round) {
    const int count = static_cast<int>(rng() % 4);  // 0..3 events between two loads
    AppendEvents(store, kNip, next, count);
    next += count;
    ExpectSameAsFullFold(store, &cache, stream);
  }
  const auto stats = cache.stats();
  EXPECT_GT(stats.hits, 50u);
  EXPECT_EQ(stats.entries, 1u);
}

TEST(LoadForCommand, AnEarlierStateStillHeldIsNeverModified) {
  eventstore::MemoryEventStore store;
  AggregateCache cache;
  const std::string stream = d::SkpStream(kNip, 2026);
  AppendEvents(store, kNip, 0, 3);
  auto first = app::LoadForCommand<SkpTraits>(store, &cache, stream);
  ASSERT_TRUE(first.ok());
  const d::SkpState snapshot = *first.value().state;
  AppendEvents(store, kNip, 3, 4);
  auto second = app::LoadForCommand<SkpTraits>(store, &cache, stream);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second.value().version, 7u);
  EXPECT_TRUE(*first.value().state == snapshot);  // the holder's state did not move
  EXPECT_EQ(first.value().state->progress.size(), 1u);
  EXPECT_EQ(second.value().state->progress.size(), 4u);
  ExpectSameAsFullFold(store, &cache, stream);
}

TEST(LoadForCommand, AnEntryFromAnotherStoreIsNotUsed) {
  eventstore::MemoryEventStore a;
  eventstore::MemoryEventStore b;
  AggregateCache cache;
  const std::string stream = d::SkpStream(kNip, 2026);
  AppendEvents(a, kNip, 0, 8);
  ExpectSameAsFullFold(a, &cache, stream);  // caches a's state at version 8
  // b: the same stream name, other events (other ids, other data after version 2), longer; c:
  // shorter; then an empty store.
  AppendEvents(b, kNip, 0, 2);
  AppendEvents(b, kNip, 50, 8);
  ExpectSameAsFullFold(b, &cache, stream);
  eventstore::MemoryEventStore c;
  AppendEvents(c, kNip, 0, 4);
  ExpectSameAsFullFold(c, &cache, stream);
  eventstore::MemoryEventStore empty;
  ExpectSameAsFullFold(empty, &cache, stream);
}

TEST(LoadForCommand, ConcurrentLoadsAndAppendsAgreeWithTheFullFold) {
  eventstore::MemoryEventStore store;
  AggregateCache cache(AggregateCache::Options{1 << 20, 4});  // small: evictions happen too
  std::vector<std::string> nips;
  for (int i = 0; i < 6; ++i) nips.push_back("19850314201001100" + std::to_string(i + 1));
  for (const auto& nip : nips) AppendEvents(store, nip, 0, 2);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(100 + t));
      for (int i = 0; i < 150; ++i) {
        const std::string& nip = nips[rng() % nips.size()];
        const std::string stream = d::SkpStream(nip, 2026);
        auto loaded = app::LoadForCommand<SkpTraits>(store, &cache, stream);
        ASSERT_TRUE(loaded.ok());
        // What was read is a prefix of the stream: its full fold at that version is the same.
        eventstore::StreamRead upto;
        upto.limit = static_cast<size_t>(loaded.value().version);
        auto events = store.ReadStream(stream, upto);
        ASSERT_TRUE(events.ok());
        d::SkpState folded;
        for (const auto& e : events.value()) {
          auto event = SkpTraits::Decode(e.type, static_cast<int>(e.schema_version), e.data);
          ASSERT_TRUE(event.ok());
          folded = d::Evolve(std::move(folded), event.value());
        }
        EXPECT_TRUE(*loaded.value().state == folded);
        if (rng() % 2 == 0) {
          const int have = static_cast<int>(loaded.value().version);
          AppendEvents(store, nip, have, 1);  // Any: may interleave with another thread's
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& nip : nips) ExpectSameAsFullFold(store, &cache, d::SkpStream(nip, 2026));
}

}  // namespace
}  // namespace kinerja::testing
