// 32 clients racing the same command on one SKP over real HTTP: exactly one wins each version;
// the others are told 409 (lost the append) or 412 (If-Match no longer matches), or 200 when the
// command no longer changes anything (approving an approved plan).
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "tests/api/api_commands_world.h"

namespace kinerja::testing {
namespace {

constexpr int kClients = 32;
const std::string kPlan = std::string("/v1/employees/") + kP + "/work-plans/2026";
const std::string kStream = std::string("skp-") + kP + "-2026";

// Runs `request(i)` on kClients threads released together; returns the responses.
template <class F>
std::vector<HttpResponse> Race(F request) {
  std::vector<HttpResponse> responses(kClients);
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      ready.fetch_add(1);
      while (!go.load()) std::this_thread::yield();
      responses[i] = request(i);
    });
  }
  while (ready.load() < kClients) std::this_thread::yield();
  go.store(true);
  for (auto& t : threads) t.join();
  return responses;
}

TEST(ApiCommandsConcurrency, ThirtyTwoApprovalsOneWinner) {
  ApiHarness api;
  World w(api);
  w.Register();
  ASSERT_EQ(api.Post(kPlan, w.p, PlanBody()).status, 201);
  auto responses = Race([&](int) { return api.Post(kPlan + "/approve", w.s, ""); });
  int created = 0;
  for (const auto& r : responses) {
    if (r.status == 201) {
      ++created;
    } else if (r.status == 200) {
      EXPECT_NE(r.body.find("\"events\":[]"), std::string::npos) << r.body;
    } else {
      EXPECT_EQ(r.status, 409) << r.body;
    }
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(StreamTypes(api, kStream),
            (std::vector<std::string>{"WorkPlanSubmitted", "WorkPlanApproved"}));
}

TEST(ApiCommandsConcurrency, ThirtyTwoConditionalProgressWritesOneWinnerPerVersion) {
  ApiHarness api;
  World w(api);
  w.Register();
  w.ApprovedPlan(kP, w.p);
  uint64_t version = 2;
  for (int round = 0; round < 3; ++round) {
    auto responses = Race([&](int i) {
      const std::string body = R"({"period":"2026-Q1","rhkId":"rhk-1","indikatorIndex":0,)"
                               R"("realisasi":)" +
                               std::to_string(round * 100 + i + 1) + "}";
      return api.Request("POST", kPlan + "/progress", w.p, body,
                         {{"If-Match", "\"" + std::to_string(version) + "\""}});
    });
    int created = 0;
    for (const auto& r : responses) {
      if (r.status == 201) {
        ++created;
        EXPECT_EQ(r.Header("ETag").value_or(""), "\"" + std::to_string(version + 1) + "\"");
      } else {
        EXPECT_TRUE(r.status == 409 || r.status == 412) << r.status << " " << r.body;
      }
    }
    EXPECT_EQ(created, 1) << "round " << round;
    ++version;
    EXPECT_EQ(StreamLength(api, kStream), version);
  }
}

TEST(ApiCommandsConcurrency, ThirtyTwoRetriesOfOneIdempotentCommandAppendOnce) {
  ApiHarness api;
  World w(api);
  w.Register();
  w.ApprovedPlan(kP, w.p);
  const std::string body =
      R"({"period":"2026-Q1","rhkId":"rhk-1","indikatorIndex":0,"realisasi":7})";
  auto responses = Race([&](int) {
    return api.Request("POST", kPlan + "/progress", w.p, body, {{"Idempotency-Key", "retry-1"}});
  });
  int created = 0;
  for (const auto& r : responses) {
    // A retry that raced the first append may lose it (409) or see its stored answer (201).
    if (r.status == 201) {
      ++created;
    } else {
      EXPECT_EQ(r.status, 409) << r.body;
    }
  }
  EXPECT_GE(created, 1);
  EXPECT_EQ(StreamLength(api, kStream), 3u);
  // Every 201 is the same answer.
  std::string first;
  for (const auto& r : responses) {
    if (r.status != 201) continue;
    if (first.empty()) first = r.body;
    EXPECT_EQ(r.body, first);
  }
}

}  // namespace
}  // namespace kinerja::testing
