#include "projections/kafka_checkpoint_producer.h"

#include <librdkafka/rdkafka.h>

#include "eventstore/kafka_event_codec.h"

namespace kinerja::projections {

using eventstore::Result;
using eventstore::Status;

Result<std::unique_ptr<KafkaCheckpointProducer>> KafkaCheckpointProducer::Create(
    KafkaCheckpointProducerOptions options) {
  if (options.brokers.empty() || options.topic.empty()) {
    return Status::InvalidArgument("the checkpoint producer needs brokers and a topic");
  }
  std::unique_ptr<KafkaCheckpointProducer> p(new KafkaCheckpointProducer(std::move(options)));
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  const std::pair<const char*, std::string> settings[] = {
      {"bootstrap.servers", p->options_.brokers},
      {"acks", "all"},
      {"linger.ms", "0"},
      {"message.timeout.ms", "30000"},
      {"log_level", "3"}};
  for (const auto& [key, value] : settings) {
    if (rd_kafka_conf_set(conf, key, value.c_str(), err, sizeof(err)) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      return Status::InvalidArgument(std::string("Kafka checkpoint producer: ") + err);
    }
  }
  rd_kafka_conf_set_opaque(conf, p.get());
  rd_kafka_conf_set_dr_msg_cb(conf, [](rd_kafka_t* rk, const rd_kafka_message_t* m,
                                       void* opaque) { OnDelivery(rk, m, opaque); });
  p->producer_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  if (p->producer_ == nullptr) {
    rd_kafka_conf_destroy(conf);
    return Status::InvalidArgument(std::string("cannot create the checkpoint producer: ") + err);
  }
  return p;
}

KafkaCheckpointProducer::~KafkaCheckpointProducer() {
  if (producer_ == nullptr) return;
  if (rd_kafka_flush(producer_, 5000) != RD_KAFKA_RESP_ERR_NO_ERROR && options_.log) {
    options_.log("kafka checkpoints: some checkpoints were not delivered before shutdown");
  }
  rd_kafka_destroy(producer_);
}

void KafkaCheckpointProducer::OnDelivery(rd_kafka_s*, const void* message, void* opaque) {
  auto* self = static_cast<KafkaCheckpointProducer*>(opaque);
  const auto* m = static_cast<const rd_kafka_message_t*>(message);
  if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    ++self->published_;
  } else {
    ++self->errors_;
    if (self->options_.log) {
      self->options_.log(std::string("kafka checkpoints: delivery failed: ") +
                         rd_kafka_err2str(m->err));
    }
  }
}

void KafkaCheckpointProducer::Publish(const eventstore::SignedCheckpoint& checkpoint) {
  const std::string value = checkpoint.ToJson();
  const std::string id = checkpoint.origin + "/" + std::to_string(checkpoint.tree_size);
  const std::string time = eventstore::FormatKafkaTime(checkpoint.time_us);
  static const std::string kKey = "checkpoint";
  rd_kafka_headers_t* headers = rd_kafka_headers_new(6);
  rd_kafka_header_add(headers, "ce_specversion", -1, "1.0", -1);
  rd_kafka_header_add(headers, "ce_id", -1, id.data(), static_cast<ssize_t>(id.size()));
  rd_kafka_header_add(headers, "ce_source", -1, options_.source.data(),
                      static_cast<ssize_t>(options_.source.size()));
  rd_kafka_header_add(headers, "ce_type", -1, "kinerja.checkpoint", -1);
  rd_kafka_header_add(headers, "ce_time", -1, time.data(), static_cast<ssize_t>(time.size()));
  rd_kafka_header_add(headers, "content-type", -1, "application/json", -1);
  rd_kafka_resp_err_t err = rd_kafka_producev(
      producer_, RD_KAFKA_V_TOPIC(options_.topic.c_str()),
      RD_KAFKA_V_KEY(kKey.data(), kKey.size()),
      RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
      RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_END);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_headers_destroy(headers);  // Not taken over on failure.
    ++errors_;
    if (options_.log) {
      options_.log(std::string("kafka checkpoints: produce failed: ") + rd_kafka_err2str(err));
    }
  }
  rd_kafka_poll(producer_, 0);  // Serve earlier delivery reports.
}

KafkaCheckpointProducerMetrics KafkaCheckpointProducer::metrics() const {
  rd_kafka_poll(producer_, 0);  // Serve pending delivery reports (thread-safe).
  return KafkaCheckpointProducerMetrics{published_.load(), errors_.load()};
}

}  // namespace kinerja::projections
