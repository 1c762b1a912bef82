// Metrics registry (Prometheus text 0.0.4) and request log formatting.
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "api/http/metrics.h"
#include "api/http/request_log.h"

namespace kinerja::http {
namespace {

TEST(MetricsTest, CountersGaugesHistogramsCallbacks) {
  MetricsRegistry reg;
  Counter* c = reg.GetCounter("eventstore_appends_total", "Appends.", {{"result", "ok"}});
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c, reg.GetCounter("eventstore_appends_total", "ignored", {{"result", "ok"}}));
  c->Increment();
  c->Increment(2);
  c->Increment(-5);  // ignored: counters only go up
  reg.GetGauge("queue_depth", "Depth.")->Set(4.5);
  Histogram* h = reg.GetHistogram("fsync_seconds", "Fsync latency.", {0.001, 0.01});
  h->Observe(0.0005);
  h->Observe(0.005);
  h->Observe(5);
  double lag = 7;
  ASSERT_TRUE(reg.SetCallbackGauge("projection_lag_events", "Lag.", {{"projection", "dash\"x"}},
                                   [&] { return lag; }));
  EXPECT_EQ(reg.GetGauge("eventstore_appends_total", "wrong type"), nullptr);
  EXPECT_EQ(reg.GetCounter("bad name", "x"), nullptr);
  const std::string text = reg.Render();
  EXPECT_NE(text.find("# HELP eventstore_appends_total Appends.\n# TYPE eventstore_appends_total counter\n"
                      "eventstore_appends_total{result=\"ok\"} 3\n"),
            std::string::npos) << text;
  EXPECT_NE(text.find("# TYPE queue_depth gauge\nqueue_depth 4.5\n"), std::string::npos) << text;
  EXPECT_NE(text.find("fsync_seconds_bucket{le=\"0.001\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("fsync_seconds_bucket{le=\"0.01\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("fsync_seconds_bucket{le=\"+Inf\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("fsync_seconds_count 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("projection_lag_events{projection=\"dash\\\"x\"} 7\n"), std::string::npos) << text;
  lag = 9;
  EXPECT_NE(reg.Render().find("projection_lag_events{projection=\"dash\\\"x\"} 9\n"), std::string::npos);
}

TEST(MetricsTest, ConcurrentIncrements) {
  MetricsRegistry reg;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&reg, t] {
      for (int i = 0; i < 5000; ++i) {
        reg.GetCounter("hits_total", "Hits.", {{"route", i % 2 ? "a" : "b"}})->Increment();
        reg.GetHistogram("lat_seconds", "Lat.", DefaultLatencyBuckets())->Observe(0.001 * t);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(reg.GetCounter("hits_total", "", {{"route", "a"}})->value(), 10000);
  EXPECT_EQ(reg.GetCounter("hits_total", "", {{"route", "b"}})->value(), 10000);
  EXPECT_EQ(reg.GetHistogram("lat_seconds", "", {})->count(), 20000u);
}

TEST(RequestLogTest, JsonLineIsValidWithHostileFields) {
  RequestLogRecord r;
  r.method = "GET";
  r.path = "/v1/\"x\"\\\n\x01\xFF";
  r.status = 404;
  r.latency_ms = 1.25;
  r.actor = "19900101\"2015";
  r.correlation_id = "cid-1";
  r.route = "unmatched";
  const std::string line = FormatRequestLog(r, LogFormat::kJson);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  rapidjson::Document d;
  d.Parse(line.c_str());
  ASSERT_FALSE(d.HasParseError()) << line;
  EXPECT_STREQ(d["method"].GetString(), "GET");
  EXPECT_EQ(d["status"].GetInt(), 404);
  EXPECT_DOUBLE_EQ(d["latency_ms"].GetDouble(), 1.25);
  EXPECT_STREQ(d["actor"].GetString(), "19900101\"2015");
  EXPECT_STREQ(d["correlation_id"].GetString(), "cid-1");
  const std::string text = FormatRequestLog(r, LogFormat::kText);
  EXPECT_EQ(text.find('\n'), std::string::npos);
  EXPECT_NE(text.find("GET /v1/"), std::string::npos);
  EXPECT_NE(text.find(" 404 1.250ms actor="), std::string::npos) << text;
  LogFormat f;
  EXPECT_TRUE(ParseLogFormat("json", &f));
  EXPECT_EQ(f, LogFormat::kJson);
  EXPECT_FALSE(ParseLogFormat("xml", &f));
}

}  // namespace
}  // namespace kinerja::http
