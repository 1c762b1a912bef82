// The composed service starts on an ephemeral port, answers its operational routes, and stops.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "tests/api/api_harness.h"
#include "tests/support/sanitizer.h"

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

// The value of the first series of `name` whose labels contain `labels` ("" = any), or -1.
double Gauge(const std::string& page, const std::string& name, const std::string& labels = "") {
  size_t at = 0;
  while ((at = page.find(name, at)) != std::string::npos) {
    const bool line_start = at == 0 || page[at - 1] == '\n';
    const size_t end = page.find('\n', at);
    const std::string line = page.substr(at, end - at);
    at += name.size();
    if (!line_start || line.size() <= name.size()) continue;
    const char next = line[name.size()];
    if (next != ' ' && next != '{') continue;
    if (!labels.empty() && line.find(labels) == std::string::npos) continue;
    return std::stod(line.substr(line.rfind(' ') + 1));
  }
  return -1;
}

TEST(ApiService, MetricsSayWhatTheProcessAndItsCachesHold) {
  ApiHarness api;
  const std::string admin = api.Token("admin", {"admin"});
  ASSERT_EQ(api.Post("/v1/units", admin, R"({"id":"disdik","name":"Dinas Pendidikan"})").status,
            201);
  // A new stream is not cached (nothing folded); the second command on it caches its state.
  ASSERT_EQ(api.Post("/v1/units/disdik/organisation-predikat", admin,
                     R"({"year":2026,"predikat":"BAIK"})")
                .status,
            201);
  const std::string page = api.Get("/metrics", "").body;
  // Resident size: at least the few MiB a running kinerjad with RocksDB open needs.
  EXPECT_GT(Gauge(page, "process_resident_memory_bytes"), 4.0 * 1024 * 1024) << page;
  // malloc's counts, labelled with the allocator (this test runs on glibc's; ASan's has none).
#ifdef KINERJA_TEST_ASAN
  EXPECT_EQ(Gauge(page, "kinerja_malloc_in_use_bytes", "allocator=\"asan\""), 0) << page;
#else
  const double in_use = Gauge(page, "kinerja_malloc_in_use_bytes", "allocator=\"glibc\"");
  EXPECT_GT(in_use, 1.0 * 1024 * 1024) << page;
  EXPECT_GE(Gauge(page, "kinerja_malloc_held_bytes", "allocator=\"glibc\""), in_use) << page;
#endif
  for (const char* store : {"event_log", "read_models", "merkle_index"}) {
    const std::string label = std::string("store=\"") + store + "\"";
    EXPECT_GE(Gauge(page, "kinerja_rocksdb_block_cache_bytes", label), 0) << store;
    EXPECT_GE(Gauge(page, "kinerja_rocksdb_table_readers_bytes", label), 0) << store;
  }
  // The unit's event sits in the log's memtable.
  EXPECT_GT(Gauge(page, "kinerja_rocksdb_memtable_bytes", "store=\"event_log\""), 0) << page;
  // The second command cached the unit's state: one entry, its event's data bytes.
  const auto stats = api.context().aggregates->stats();
  EXPECT_EQ(stats.entries, 1u);
  EXPECT_EQ(Gauge(page, "kinerja_aggregate_cache_entries"), static_cast<double>(stats.entries));
  EXPECT_EQ(Gauge(page, "kinerja_aggregate_cache_event_bytes"), static_cast<double>(stats.bytes));
  EXPECT_GT(stats.bytes, 0u);
  EXPECT_EQ(Gauge(page, "kinerja_aggregate_cache_misses_total"), static_cast<double>(stats.misses));
  EXPECT_EQ(Gauge(page, "kinerja_dashboard_cache_keys"), 0);
  EXPECT_EQ(Gauge(page, "kinerja_dashboard_cache_bytes"), 0);
  EXPECT_EQ(Gauge(page, "kinerja_dashboard_computing"), 0);
  EXPECT_EQ(Gauge(page, "kinerja_dashboard_turn_waits_total"), 0);
}

// ServiceOptions::dashboard_concurrency reaches the dashboards' answer cache: with one turn, two
// computations of different keys never overlap.
TEST(ApiService, DashboardConcurrencyLimitsTheAnswerCache) {
  ApiHarnessOptions options;
  options.configure = [](app::ServiceOptions& o) { o.dashboard_concurrency = 1; };
  ApiHarness api(options);
  std::atomic<int> running{0}, most{0};
  auto compute = [&] {
    const int now = running.fetch_add(1) + 1;
    if (now > most.load()) most.store(now);
    // The first one holds its turn until the other is seen waiting for it (or 5 s have passed).
    for (int i = 0; i < 5000 && api.context().dashboards->turn_waits() == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    running.fetch_sub(1);
    app::AnswerCache::Computed c;
    c.response = http::Response::Json(200, "{}");
    return c;
  };
  std::thread a([&] { api.context().dashboards->Get("a", 0, std::chrono::hours(1), compute); });
  std::thread b([&] { api.context().dashboards->Get("b", 0, std::chrono::hours(1), compute); });
  a.join();
  b.join();
  EXPECT_EQ(most.load(), 1);
  EXPECT_EQ(api.context().dashboards->turn_waits(), 1u);
  EXPECT_EQ(Gauge(api.Get("/metrics", "").body, "kinerja_dashboard_turn_waits_total"), 1);
}

TEST(ApiService, AggregateCacheCanBeTurnedOffAndCommandsStillWork) {
  ApiHarnessOptions options;
  options.configure = [](app::ServiceOptions& o) { o.aggregate_cache_bytes = 0; };
  ApiHarness api(options);
  EXPECT_EQ(api.context().aggregates, nullptr);
  const std::string admin = api.Token("admin", {"admin"});
  ASSERT_EQ(api.Post("/v1/units", admin, R"({"id":"disdik","name":"Dinas Pendidikan"})").status,
            201);
  // The same unit again: decided from the folded stream, not from a cached state.
  EXPECT_EQ(api.Post("/v1/units", admin, R"({"id":"disdik","name":"Dinas Pendidikan"})").status,
            409);
  const std::string page = api.Get("/metrics", "").body;
  EXPECT_EQ(Gauge(page, "kinerja_aggregate_cache_entries"), -1) << page;
  EXPECT_GT(Gauge(page, "process_resident_memory_bytes"), 0) << page;
}

TEST(ApiService, AggregateCacheBudgetComesFromTheOptions) {
  ApiHarnessOptions options;
  options.configure = [](app::ServiceOptions& o) { o.aggregate_cache_bytes = 1; };
  ApiHarness api(options);
  ASSERT_NE(api.context().aggregates, nullptr);
  const std::string admin = api.Token("admin", {"admin"});
  for (const char* id : {"disdik", "dinkes", "bappeda"}) {
    ASSERT_EQ(api.Post("/v1/units", admin,
                       std::string(R"({"id":")") + id + R"(","name":"Unit )" + id + "\"}")
                  .status,
              201);
  }
  for (const char* id : {"disdik", "dinkes", "bappeda"}) {
    ASSERT_EQ(api.Post(std::string("/v1/units/") + id + "/organisation-predikat", admin,
                       R"({"year":2026,"predikat":"BAIK"})")
                  .status,
              201);
  }
  // A 1-byte budget keeps only the most recent state.
  const auto stats = api.context().aggregates->stats();
  EXPECT_EQ(stats.entries, 1u);
  EXPECT_EQ(stats.evictions, 2u);
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
