// MockCluster: librdkafka's in-process mock Kafka cluster (rdkafka_mock.h) behind a small API, for
// tests, benchmarks, demos and `kinerjad --kafka-brokers embedded`. Its brokers speak the Kafka
// protocol on real TCP ports on 127.0.0.1, so any client (librdkafka, kcat) can use bootstrap().
// It keeps everything in memory (lost when destroyed) and does not support read_committed
// transactions; it is not a production broker (see ops/kafka/ for that).
// Thread-safety: every method may be called from any thread; destroy it after every client using
// it has been stopped (clients only see connection errors otherwise).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "eventstore/status.h"

struct rd_kafka_s;
struct rd_kafka_mock_cluster_s;

namespace kinerja::eventstore {

struct MockTopicSpec {
  std::string name;
  // Default: 6.
  int partitions = 6;
  // Capped at the number of brokers. Default: 1.
  int replication_factor = 1;
};

struct MockClusterOptions {
  // Number of brokers (ids 1..brokers). Default: 1.
  int brokers = 1;
  // Topics created at start. Topics a client produces to that do not exist are auto-created by
  // the mock with its own defaults, so create the ones whose partitioning matters.
  // Default: none.
  std::vector<MockTopicSpec> topics;
};

class MockCluster {
 public:
  // Starts the brokers. kUnavailable when librdkafka cannot create the cluster.
  static Result<std::unique_ptr<MockCluster>> Start(const MockClusterOptions& options = {});
  ~MockCluster();
  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;

  // "127.0.0.1:port,..." for bootstrap.servers / kcat -b.
  const std::string& bootstrap() const { return bootstrap_; }
  int broker_count() const { return brokers_; }

  Status CreateTopic(const MockTopicSpec& topic);
  // Outage simulation: a down broker drops its connections and refuses new ones; leadership does
  // not move. Broker ids are 1..broker_count().
  Status SetBrokerDown(int32_t broker_id);
  Status SetBrokerUp(int32_t broker_id);
  // Every broker down / up.
  Status SetAllBrokersDown();
  Status SetAllBrokersUp();
  Status SetPartitionLeader(const std::string& topic, int32_t partition, int32_t broker_id);

  // For other rdkafka_mock.h calls (error injection, RTT) in tests.
  rd_kafka_mock_cluster_s* handle() const { return cluster_; }

 private:
  MockCluster() = default;

  rd_kafka_s* owner_ = nullptr;  // The handle the cluster lives on (no bootstrap, never used).
  rd_kafka_mock_cluster_s* cluster_ = nullptr;
  int brokers_ = 0;
  std::string bootstrap_;
};

}  // namespace kinerja::eventstore
