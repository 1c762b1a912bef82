// The dashboards' bounded-staleness answer cache (api/app/answer_cache.h) and the bulk reads of
// their inputs (api/app/dashboard_inputs.h): within the bound a kept answer is reused even when
// the log has moved on, a ?minPosition= / X-Min-Position beyond the kept answer's position forces
// a fresh one, a zero bound computes every time, concurrent requests for one key compute once,
// and everyone's inputs read with one scan per view equal the per-person point lookups.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "api/app/answer_cache.h"
#include "api/app/dashboard_inputs.h"
#include "projections/projector.h"
#include "projections/view_store.h"
#include "tests/api/api_commands_world.h"
#include "tests/api/api_harness.h"

namespace kinerja::testing {
namespace {

const std::string P = kP, S = kS, A = kA, U = kU, V = kV;
const char* const kCity = "/v1/dashboard?year=2026";
const char* const kUnit = "/v1/units/disdik/dashboard?year=2026";

ApiHarnessOptions WithBound(std::chrono::milliseconds bound) {
  ApiHarnessOptions o;
  o.configure = [bound](app::ServiceOptions& so) { so.app.dashboard_max_age = bound; };
  return o;
}

class DashboardCache : public ::testing::Test {
 protected:
  explicit DashboardCache(std::chrono::milliseconds bound = std::chrono::hours(1))
      : api_(WithBound(bound)), w_(api_) {}
  void SetUp() override {
    w_.Register();
    w_.ApprovedPlan(P, w_.p);
  }
  std::string Body(const std::string& target, uint64_t min_position) {
    auto r = api_.Get(target + "&minPosition=" + std::to_string(min_position), w_.analyst);
    EXPECT_EQ(r.status, 200) << target << " " << r.body;
    return r.body;
  }
  // Waits until the read models applied the whole log, through a route without a cache.
  void CatchUp() {
    auto r = api_.Get("/v1/employees/" + V + "?minPosition=" + std::to_string(Head(api_)),
                      w_.admin);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  app::AnswerCache& cache() { return *api_.context().dashboards; }
  void ExpectReusedUntilMinPositionAsksForMore(const std::string& target,
                                               const std::function<std::string(int)>& approved);

  ApiHarness api_;
  World w_;
};

// `approved(n)`: how the answer of `target` spells n approved SKPs.
void DashboardCache::ExpectReusedUntilMinPositionAsksForMore(
    const std::string& target, const std::function<std::string(int)>& approved) {
  const uint64_t before = Head(api_);
  const std::string first = Body(target, before);
  EXPECT_NE(first.find(approved(1)), std::string::npos) << first;
  const uint64_t hits = cache().hits();
  EXPECT_EQ(Body(target, before), first);  // same position: reused
  EXPECT_EQ(cache().hits(), hits + 1);

  // A second approved plan moves the figures; the read models apply it.
  w_.ApprovedPlan(V, w_.v);
  CatchUp();
  // Without minPosition, or with one the kept answer covers: still the kept answer.
  auto plain = api_.Get(target, w_.analyst);
  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(plain.body, first);
  EXPECT_EQ(Body(target, before), first);
  // minPosition beyond the kept answer's position: a fresh one, with the new plan counted.
  const uint64_t computations = cache().computations();
  const std::string fresh = Body(target, Head(api_));
  EXPECT_EQ(cache().computations(), computations + 1);
  EXPECT_NE(fresh.find(approved(2)), std::string::npos) << fresh;
  // The same through X-Min-Position after a change the dashboards do not count (progress):
  // computed again, byte-identical to the answer before it.
  w_.Ok(api_.Post("/v1/employees/" + V + "/work-plans/2026/progress", w_.v,
                  R"({"period":"2026-Q1","rhkId":"rhk-1","indikatorIndex":0,"realisasi":1,)"
                  R"("evidence":["https://bukti.pontianak.go.id/x"]})"));
  auto header = api_.Request("GET", target, w_.analyst, "",
                             {{"X-Min-Position", std::to_string(Head(api_))}});
  ASSERT_EQ(header.status, 200) << header.body;
  EXPECT_EQ(cache().computations(), computations + 2);
  EXPECT_EQ(header.body, fresh);
}

TEST_F(DashboardCache, CityReusedWithinTheBoundUntilMinPositionAsksForMore) {
  ExpectReusedUntilMinPositionAsksForMore(
      kCity, [](int n) { return "\"skpApproved\":" + std::to_string(n); });
}

TEST_F(DashboardCache, UnitReusedWithinTheBoundUntilMinPositionAsksForMore) {
  ExpectReusedUntilMinPositionAsksForMore(
      kUnit, [](int n) { return "\"APPROVED\":" + std::to_string(n); });
}

TEST_F(DashboardCache, UnitAnswerKeptPerParameters) {
  const std::string year = Body(kUnit, Head(api_));
  const std::string q1 = Body(std::string(kUnit) + "&period=2026-Q1", Head(api_));
  EXPECT_NE(year, q1);  // another key, not the year's answer
  EXPECT_NE(q1.find(R"("period":"2026-Q1")"), std::string::npos);
  auto missing = api_.Get("/v1/units/nowhere/dashboard?year=2026", w_.analyst);
  EXPECT_EQ(missing.status, 404);
  const uint64_t computations = cache().computations();
  EXPECT_EQ(api_.Get("/v1/units/nowhere/dashboard?year=2026", w_.analyst).status, 404);
  EXPECT_EQ(cache().computations(), computations + 1);  // a 404 is not kept
}

class DashboardCacheOff : public DashboardCache {
 protected:
  DashboardCacheOff() : DashboardCache(std::chrono::milliseconds(0)) {}
};

TEST_F(DashboardCacheOff, ZeroBoundComputesEveryTime) {
  const std::string first = Body(kCity, Head(api_));
  w_.ApprovedPlan(V, w_.v);
  CatchUp();
  auto plain = api_.Get(kCity, w_.analyst);
  ASSERT_EQ(plain.status, 200);
  EXPECT_NE(plain.body, first);
  EXPECT_EQ(cache().hits(), 0u);
  EXPECT_EQ(cache().computations(), 2u);
}

TEST(AnswerCache, ConcurrentRequestsForOneKeyComputeOnce) {
  app::AnswerCache cache;
  std::atomic<int> computing{0}, overlapped{0};
  auto compute = [&] {
    if (computing.fetch_add(1) != 0) overlapped.fetch_add(1);
    app::AnswerCache::Computed c;
    c.response = http::Response::Json(200, R"({"n":1})");
    c.position = 7;
    std::this_thread::yield();
    computing.fetch_sub(1);
    return c;
  };
  std::vector<std::thread> threads;
  std::vector<std::string> bodies(8);
  for (size_t i = 0; i < bodies.size(); ++i) {
    threads.emplace_back([&, i] {
      bodies[i] = cache.Get("k", 5, std::chrono::hours(1), compute).body();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(overlapped.load(), 0);
  EXPECT_EQ(cache.computations(), 1u);
  EXPECT_EQ(cache.hits(), 7u);
  for (const auto& b : bodies) EXPECT_EQ(b, R"({"n":1})");
  // Beyond the kept position: computed again; another key: its own computation.
  cache.Get("k", 8, std::chrono::hours(1), compute);
  cache.Get("other", 0, std::chrono::hours(1), compute);
  EXPECT_EQ(cache.computations(), 3u);
}

// Eight keys at once (and eight uncached computations) with two turns: never more than two
// computations run together, the rest wait for a turn and all get their own answer.
TEST(AnswerCache, RunsAtMostMaxComputingAtOnceOverAllKeys) {
  app::AnswerCache cache(2);
  std::atomic<int> running{0}, most{0};
  auto compute_for = [&](int i) {
    return [&, i] {
      const int now = running.fetch_add(1) + 1;
      for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      running.fetch_sub(1);
      app::AnswerCache::Computed c;
      c.response = http::Response::Json(200, "{\"n\":" + std::to_string(i) + "}");
      return c;
    };
  };
  std::vector<std::thread> threads;
  std::vector<std::string> bodies(16);
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      // Half through kept keys, half with a zero bound (computed every time, still in turn).
      const auto bound = i < 8 ? std::chrono::milliseconds(3'600'000) : std::chrono::milliseconds(0);
      bodies[i] = cache.Get("key" + std::to_string(i), 0, bound, compute_for(i)).body();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(most.load(), 2);
  EXPECT_EQ(cache.computations(), 16u);
  EXPECT_GE(cache.turn_waits(), 1u);
  EXPECT_EQ(cache.computing(), 0u);
  for (int i = 0; i < 16; ++i) EXPECT_EQ(bodies[i], "{\"n\":" + std::to_string(i) + "}");
}

TEST(AnswerCache, WithoutALimitComputationsOfDifferentKeysOverlap) {
  app::AnswerCache cache;  // no limit
  std::atomic<int> running{0}, most{0};
  auto compute = [&] {
    const int now = running.fetch_add(1) + 1;
    for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
    }
    // Holds until a second one is running (or a second has passed).
    for (int i = 0; i < 1000 && most.load() < 2; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    running.fetch_sub(1);
    app::AnswerCache::Computed c;
    c.response = http::Response::Json(200, "{}");
    return c;
  };
  std::thread a([&] { cache.Get("a", 0, std::chrono::hours(1), compute); });
  std::thread b([&] { cache.Get("b", 0, std::chrono::hours(1), compute); });
  a.join();
  b.join();
  EXPECT_EQ(most.load(), 2);
  EXPECT_EQ(cache.turn_waits(), 0u);
}

TEST(AnswerCache, OnlyOkAnswersAreKept) {
  app::AnswerCache cache;
  auto failing = [] {
    app::AnswerCache::Computed c;
    c.response = http::Response::Json(503, "{}");
    return c;
  };
  EXPECT_EQ(cache.Get("k", 0, std::chrono::hours(1), failing).status(), 503);
  EXPECT_EQ(cache.Get("k", 0, std::chrono::hours(1), failing).status(), 503);
  EXPECT_EQ(cache.computations(), 2u);
  EXPECT_EQ(cache.hits(), 0u);
}

TEST(AnswerCache, CountsTheKeysAndBytesItKeeps) {
  app::AnswerCache cache;
  auto answer = [](int status, std::string body) {
    return [status, body] {
      app::AnswerCache::Computed c;
      c.response = http::Response::Json(status, body);
      return c;
    };
  };
  EXPECT_EQ(cache.keys(), 0u);
  EXPECT_EQ(cache.kept_bytes(), 0u);
  cache.Get("a", 0, std::chrono::hours(1), answer(200, "1234567"));
  EXPECT_EQ(cache.keys(), 1u);
  EXPECT_EQ(cache.kept_bytes(), 7u);
  // A fresher answer replaces the kept one; a failed computation keeps the old one.
  cache.Get("a", 1, std::chrono::hours(1), answer(200, "123"));
  EXPECT_EQ(cache.kept_bytes(), 3u);
  cache.Get("a", 2, std::chrono::hours(1), answer(503, "{}"));
  EXPECT_EQ(cache.kept_bytes(), 3u);
  cache.Get("b", 0, std::chrono::hours(1), answer(200, "12345"));
  EXPECT_EQ(cache.keys(), 2u);
  EXPECT_EQ(cache.kept_bytes(), 8u);
}

TEST(AnswerCache, ForgetsStaleAnswersOnceFullAndStopsCountingTheirBytes) {
  app::AnswerCache cache;
  auto ten_bytes = [] {
    app::AnswerCache::Computed c;
    c.response = http::Response::Json(200, "0123456789");
    return c;
  };
  const auto bound = std::chrono::milliseconds(1);
  for (int i = 0; i < 256; ++i) cache.Get("k" + std::to_string(i), 0, bound, ten_bytes);
  EXPECT_EQ(cache.keys(), 256u);
  EXPECT_EQ(cache.kept_bytes(), 2560u);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // The 257th key finds the cache full: every answer older than the bound is forgotten.
  cache.Get("new", 0, bound, ten_bytes);
  EXPECT_EQ(cache.keys(), 1u);
  EXPECT_EQ(cache.kept_bytes(), 10u);
}

TEST_F(DashboardCache, EveryonesInputsEqualThePerPersonLookups) {
  w_.ApprovedPlan(V, w_.v);
  auto t = api_.Post("/v1/trainings", w_.admin,
                     R"({"nip":")" + P + R"(","title":"Diklat","kind":"workshop","jp":24,)"
                     R"("startDate":"2025-12-29","endDate":"2026-01-03"})");
  ASSERT_EQ(t.status, 201) << t.body;
  const std::string training = ParseJson(t.body)["id"].GetString();
  w_.Ok(api_.Post("/v1/trainings/" + training + "/complete", w_.admin,
                  R"({"completedOn":"2026-01-03","jp":24,"certificate":"SERT-9"})"));
  api_.SetNow("2026-04-02T02:00:00Z");
  w_.Ok(api_.Post("/v1/employees/" + P + "/appraisals/2026-Q1", w_.s,
                  AppraisalBody("DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI")));
  w_.Ok(api_.Post("/v1/employees/" + V + "/appraisals/2026-Q1", w_.s,
                  AppraisalBody("DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI")));
  CatchUp();
  auto snapshot = api_.context().projector->views()->NewSnapshot();
  for (const auto& period : {domain::Period::Annual(2026), domain::Period::Quarter(2026, 1),
                             domain::Period::Quarter(2026, 2)}) {
    SCOPED_TRACE(period.ToString());
    app::query::DashboardInputs inputs(snapshot.get(), 2026, period);
    auto all = inputs.All();
    ASSERT_TRUE(all.ok());
    int with_figures = 0;
    for (const std::string& nip : {A, S, P, U, V}) {
      SCOPED_TRACE(nip);
      auto one = inputs.Of(nip);
      ASSERT_TRUE(one.ok());
      auto it = all.value().find(nip);
      const app::query::PersonInputs none;
      const app::query::PersonInputs& bulk = it == all.value().end() ? none : it->second;
      EXPECT_EQ(bulk.skp_status, one.value().skp_status);
      EXPECT_EQ(bulk.predikat, one.value().predikat);
      EXPECT_EQ(bulk.jp, one.value().jp);
      EXPECT_EQ(bulk.follow_up_status, one.value().follow_up_status);
      EXPECT_EQ(bulk.follow_up_kind, one.value().follow_up_kind);
      if (one.value().skp_status || one.value().predikat || one.value().jp > 0) ++with_figures;
    }
    EXPECT_GE(with_figures, 2);  // P and V have plans: the comparison compared something
  }
  // The appraised quarter is seen by both reads.
  app::query::DashboardInputs q1(snapshot.get(), 2026, domain::Period::Quarter(2026, 1));
  auto p = q1.Of(P);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p.value().predikat.has_value());
  EXPECT_EQ(p.value().jp, 24);
}

}  // namespace
}  // namespace kinerja::testing
