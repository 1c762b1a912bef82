// The composed service starts on an ephemeral port, answers its operational routes, and stops.
#include <gtest/gtest.h>

#include "tests/api/api_harness.h"

namespace kinerja::testing {
namespace {

TEST(ApiService, StartsServesHealthReadyAndMetrics) {
  ApiHarness api;
  ASSERT_NE(api.port(), 0);
  auto health = api.Get("/health", "");
  EXPECT_EQ(health.status, 200);
  EXPECT_NE(health.body.find("ok"), std::string::npos);
  EXPECT_EQ(api.Get("/ready", "").status, 200);
  auto metrics = api.Get("/metrics", "");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("kinerja_projection_lag_events"), std::string::npos);
  EXPECT_NE(metrics.body.find("kinerja_event_log_head_position"), std::string::npos);
}

TEST(ApiService, UnknownRoutesAreProblemDetails) {
  ApiHarness api;
  auto missing = api.Get("/v1/nothing-here", api.Token("admin", {"admin"}));
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.Header("Content-Type").value_or("").find("application/problem+json"),
            std::string::npos);
}

}  // namespace
}  // namespace kinerja::testing
