#include "eventstore/kafka_mock_cluster.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <algorithm>

namespace kinerja::eventstore {

namespace {
Status FromErr(rd_kafka_resp_err_t err, const std::string& what) {
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return Status::Ok();
  return Status::InvalidArgument(what + ": " + rd_kafka_err2str(err));
}
}  // namespace

Result<std::unique_ptr<MockCluster>> MockCluster::Start(const MockClusterOptions& options) {
  if (options.brokers < 1) return Status::InvalidArgument("mock cluster needs at least 1 broker");
  std::unique_ptr<MockCluster> c(new MockCluster());
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  // The owner handle never connects anywhere; keep it quiet.
  rd_kafka_conf_set(conf, "log_level", "3", err, sizeof(err));
  c->owner_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  if (c->owner_ == nullptr) {
    rd_kafka_conf_destroy(conf);
    return Status::Unavailable(std::string("mock cluster: ") + err);
  }
  c->cluster_ = rd_kafka_mock_cluster_new(c->owner_, options.brokers);
  if (c->cluster_ == nullptr) return Status::Unavailable("mock cluster: cannot create brokers");
  c->brokers_ = options.brokers;
  c->bootstrap_ = rd_kafka_mock_cluster_bootstraps(c->cluster_);
  for (const MockTopicSpec& t : options.topics) {
    Status s = c->CreateTopic(t);
    if (!s.ok()) return s;
  }
  return c;
}

MockCluster::~MockCluster() {
  if (cluster_ != nullptr) rd_kafka_mock_cluster_destroy(cluster_);
  if (owner_ != nullptr) rd_kafka_destroy(owner_);
}

Status MockCluster::CreateTopic(const MockTopicSpec& topic) {
  if (topic.name.empty() || topic.partitions < 1) {
    return Status::InvalidArgument("mock topic needs a name and at least one partition");
  }
  const int rf = std::clamp(topic.replication_factor, 1, brokers_);
  return FromErr(rd_kafka_mock_topic_create(cluster_, topic.name.c_str(), topic.partitions, rf),
                 "create topic " + topic.name);
}

Status MockCluster::SetBrokerDown(int32_t broker_id) {
  return FromErr(rd_kafka_mock_broker_set_down(cluster_, broker_id),
                 "broker " + std::to_string(broker_id) + " down");
}

Status MockCluster::SetBrokerUp(int32_t broker_id) {
  return FromErr(rd_kafka_mock_broker_set_up(cluster_, broker_id),
                 "broker " + std::to_string(broker_id) + " up");
}

Status MockCluster::SetAllBrokersDown() {
  for (int32_t id = 1; id <= brokers_; ++id) {
    Status s = SetBrokerDown(id);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status MockCluster::SetAllBrokersUp() {
  for (int32_t id = 1; id <= brokers_; ++id) {
    Status s = SetBrokerUp(id);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status MockCluster::SetPartitionLeader(const std::string& topic, int32_t partition,
                                       int32_t broker_id) {
  return FromErr(rd_kafka_mock_partition_set_leader(cluster_, topic.c_str(), partition, broker_id),
                 "leader of " + topic + "/" + std::to_string(partition));
}

}  // namespace kinerja::eventstore
