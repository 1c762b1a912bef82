// Kafka end to end through two whole Services: a writer relaying its log to a mock cluster
// started by the test, and a query-only replica (--read-model-source=kafka) mirroring the topic.
// The replica answers the query routes with exactly the writer's bodies (byte for byte: both fold
// the same events with the same code), refuses commands with 503 replica.read_only, mounts no
// audit routes, resumes after a restart without double counting, and its mirror log is the
// writer's log (same positions and hashes). The writer's /metrics shows the relay's progress.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "eventstore/kafka_mock_cluster.h"
#include "projections/projector.h"
#include "tests/api/api_commands_world.h"
#include "tests/api/api_harness.h"

namespace kinerja::testing {
namespace {

constexpr const char* kTopic = "kinerja.events";

// Reads a gauge value from Prometheus text (-1 when absent).
double Gauge(const std::string& metrics, const std::string& name) {
  size_t at = 0;
  while ((at = metrics.find(name, at)) != std::string::npos) {
    const bool line_start = at == 0 || metrics[at - 1] == '\n';
    const size_t end = at + name.size();
    if (line_start && end < metrics.size() && metrics[end] == ' ') {
      return std::strtod(metrics.c_str() + end + 1, nullptr);
    }
    at = end;
  }
  return -1;
}

class KafkaApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    eventstore::MockClusterOptions options;
    options.topics.push_back({kTopic, 6, 1});
    auto cluster = eventstore::MockCluster::Start(options);
    ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
    cluster_ = std::move(cluster).value();
    ApiHarnessOptions writer_options;
    writer_options.configure = [this](app::ServiceOptions& o) {
      o.kafka_brokers = cluster_->bootstrap();
      o.kafka_topic = kTopic;
      o.checkpoint_every_events = 5;
    };
    writer_ = std::make_unique<ApiHarness>(writer_options);
    replica_dir_ = std::filesystem::temp_directory_path() /
                   ("kinerja-replica-" + std::to_string(::getpid()));
    std::filesystem::remove_all(replica_dir_);
    std::filesystem::create_directories(replica_dir_);
  }
  void TearDown() override {
    replica_.reset();
    writer_.reset();
    cluster_.reset();
    std::error_code ec;
    std::filesystem::remove_all(replica_dir_, ec);
  }

  void StartReplica() {
    ApiHarnessOptions options;
    options.data_dir = replica_dir_.string();
    options.configure = [this](app::ServiceOptions& o) {
      o.kafka_brokers = cluster_->bootstrap();
      o.kafka_topic = kTopic;
      o.read_model_source = app::ServiceOptions::ReadModelSource::kKafka;
      o.kafka_group_id = "kinerja-replica-test";
    };
    replica_ = std::make_unique<ApiHarness>(options);
    replica_->SetNow(writer_now_);
  }

  // Waits (bounded) until the replica's read models have applied `position`.
  bool ReplicaReaches(uint64_t position) {
    for (int i = 0; i < 300; ++i) {
      if (replica_->context().projector->WaitFor(position, std::chrono::milliseconds(100))) {
        return true;
      }
    }
    return false;
  }

  // Every query below answers the same on both instances.
  void ExpectSameAnswers(World& w) {
    const std::string head = std::to_string(Head(*writer_));
    const std::vector<std::pair<std::string, std::string>> reads = {
        {"/v1/employees/" + std::string(kP), w.admin},
        {"/v1/employees/" + std::string(kP), w.s},  // supervisor: authorised from the mirror
        {"/v1/employees/" + std::string(kP) + "/work-plans/2026", w.p},
        {"/v1/employees/" + std::string(kV) + "/work-plans/2026", w.s},
        {"/v1/employees/" + std::string(kP) + "/appraisals", w.admin},
        {"/v1/employees/" + std::string(kP) + "/trainings", w.admin},
        {"/v1/supervisors/" + std::string(kS) + "/inbox", w.s},
        {"/v1/units/disdik/dashboard?year=2026&period=2026-Q1", w.analyst},
        {"/v1/dashboard?year=2026", w.admin},
        {"/v1/dashboard?year=2026", w.analyst},
        {"/v1/follow-ups?year=2026", w.admin},
        {"/v1/employees/" + std::string(kP), w.u},  // 403 on both
    };
    for (const auto& [target, token] : reads) {
      const std::string sep = target.find('?') == std::string::npos ? "?" : "&";
      auto on_writer = writer_->Get(target + sep + "minPosition=" + head, token);
      auto on_replica = replica_->Get(target + sep + "minPosition=" + head, token);
      EXPECT_EQ(on_writer.status, token == w.u ? 403 : 200) << target << "\n" << on_writer.body;
      EXPECT_EQ(on_replica.status, on_writer.status) << target << "\n" << on_replica.body;
      EXPECT_EQ(on_replica.body, on_writer.body) << target;
      EXPECT_EQ(on_replica.Header("ETag"), on_writer.Header("ETag")) << target;
    }
  }

  std::unique_ptr<eventstore::MockCluster> cluster_;
  std::unique_ptr<ApiHarness> writer_;
  std::unique_ptr<ApiHarness> replica_;
  std::filesystem::path replica_dir_;
  std::string writer_now_ = "2026-01-05T01:00:00Z";
};

TEST_F(KafkaApiTest, ReplicaAnswersLikeTheWriterRefusesCommandsAndResumes) {
  World w(*writer_);
  w.Register();
  w.ApprovedPlan(kP, w.p);
  w.ApprovedPlan(kV, w.v);
  const uint64_t first_head = Head(*writer_);
  ASSERT_GT(first_head, 8u);

  StartReplica();
  ASSERT_TRUE(ReplicaReaches(first_head));
  ExpectSameAnswers(w);

  // The mirror log is the writer's log: same positions, same hash chain.
  auto mirror_head = replica_->context().store->GetHead();
  auto writer_head = writer_->context().store->GetHead();
  ASSERT_TRUE(mirror_head.ok() && writer_head.ok());
  EXPECT_EQ(mirror_head->position, writer_head->position);
  EXPECT_EQ(mirror_head->hash, writer_head->hash);
  auto verified = replica_->context().store->Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok);

  // Commands are refused, nothing is appended; audit routes are not served.
  auto refused = replica_->Post("/v1/units", w.admin, R"({"id":"dinkes","name":"Dinas Kesehatan"})");
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_NE(refused.body.find("\"replica.read_only\""), std::string::npos) << refused.body;
  auto refused_plan = replica_->Post(
      "/v1/employees/" + std::string(kU) + "/work-plans/2026", w.u, PlanBody());
  EXPECT_EQ(refused_plan.status, 503);
  EXPECT_EQ(replica_->Post("/v1/units", "", "{}").status, 401);  // auth still comes first
  // Nothing was appended locally: the mirror never gets ahead of the writer.
  EXPECT_LE(replica_->context().store->head_position(), Head(*writer_));
  EXPECT_EQ(replica_->Get("/v1/audit/events", w.auditor).status, 404);

  // Restart: the replica resumes; the dashboards do not count anything twice.
  replica_.reset();
  const std::string u_plan = "/v1/employees/" + std::string(kU) + "/work-plans/2026";
  w.Ok(writer_->Post(u_plan, w.u, PlanBody()));
  w.Ok(writer_->Post(u_plan + "/approve", w.a, ""));
  w.Ok(writer_->Post("/v1/employees/" + std::string(kP) + "/work-plans/2026/progress", w.p,
                     R"({"period":"2026-Q1","rhkId":"rhk-1","indikatorIndex":0,)"
                     R"("realisasi":3,"note":"Tiga dokumen"})"));
  const uint64_t second_head = Head(*writer_);
  ASSERT_GT(second_head, first_head);
  StartReplica();
  ASSERT_TRUE(ReplicaReaches(second_head));
  ExpectSameAnswers(w);
  auto replica_metrics = replica_->Get("/metrics", "");
  EXPECT_EQ(Gauge(replica_metrics.body, "kinerja_replica_mirrored_position"),
            static_cast<double>(second_head));
  EXPECT_EQ(Gauge(replica_metrics.body, "kinerja_replica_healthy"), 1.0);
  EXPECT_EQ(Gauge(replica_metrics.body, "kinerja_replica_decode_errors_total"), 0.0);

  // The writer's /metrics: the relay's position catches up with the head, lag 0.
  std::string metrics;
  for (int i = 0; i < 100; ++i) {
    metrics = writer_->Get("/metrics", "").body;
    if (Gauge(metrics, "kinerja_kafka_relayed_position") == static_cast<double>(second_head)) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(Gauge(metrics, "kinerja_kafka_relayed_position"), static_cast<double>(second_head));
  EXPECT_EQ(Gauge(metrics, "kinerja_kafka_relay_lag_events"), 0.0);
  EXPECT_EQ(Gauge(metrics, "kinerja_kafka_delivery_errors_total"), 0.0);
  // Signed checkpoints (every 5 events here) reach kinerja.events.checkpoints.
  for (int i = 0; i < 100 && Gauge(metrics, "kinerja_kafka_checkpoints_published_total") < 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    metrics = writer_->Get("/metrics", "").body;
  }
  EXPECT_GE(Gauge(metrics, "kinerja_kafka_checkpoints_published_total"), 1.0);
}

// A writer started while Kafka is down keeps accepting commands; its relay lag shows the backlog,
// which drains once the brokers are back.
TEST_F(KafkaApiTest, CommandsSucceedWhileKafkaIsDownAndTheLagDrains) {
  ASSERT_TRUE(cluster_->SetAllBrokersDown().ok());
  World w(*writer_);
  w.Register();
  const uint64_t head = Head(*writer_);
  auto metrics = writer_->Get("/metrics", "").body;
  EXPECT_GT(Gauge(metrics, "kinerja_kafka_relay_lag_events"), 0.0) << metrics;
  ASSERT_TRUE(cluster_->SetAllBrokersUp().ok());
  for (int i = 0; i < 200; ++i) {
    metrics = writer_->Get("/metrics", "").body;
    if (Gauge(metrics, "kinerja_kafka_relay_lag_events") == 0.0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(Gauge(metrics, "kinerja_kafka_relayed_position"), static_cast<double>(head));
  EXPECT_EQ(Gauge(metrics, "kinerja_kafka_relay_lag_events"), 0.0);
}

}  // namespace
}  // namespace kinerja::testing
