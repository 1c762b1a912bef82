// KafkaCheckpointProducer: publishes each signed Merkle checkpoint of the verifiable log
// (eventstore::SignedCheckpoint, from the CheckpointPublisher's on_checkpoint seam) to Kafka, so
// that downstream consumers can check what they mirrored against a tree head signed by the writer.
//
// Message: topic `<events topic>.checkpoints` (default "kinerja.events.checkpoints"; a separate
// topic so that consumers of the event topic only ever see events), key "checkpoint", value
// SignedCheckpoint::ToJson() ({"origin","treeSize","rootHash","time","timestampMicros","keyName",
// "keyId","signature","note"}), headers ce_specversion "1.0", ce_id "<origin>/<treeSize>",
// ce_source, ce_type "kinerja.checkpoint", ce_time, content-type "application/json". One
// partition key, so checkpoints stay in order. Best effort: a checkpoint that cannot be delivered
// is counted and logged; the next one supersedes it (each covers the whole log so far).
//
// Thread-safety: Publish() and metrics() may be called from any thread (metrics() also serves
// pending delivery reports).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "eventstore/checkpoint_signer.h"
#include "eventstore/status.h"

struct rd_kafka_s;

namespace kinerja::projections {

struct KafkaCheckpointProducerOptions {
  std::string brokers;  // Required.
  std::string topic;    // Required, e.g. "kinerja.events.checkpoints".
  std::string source = "kinerja";  // ce_source.
  // Thread-safe line logger. Default: silent.
  std::function<void(const std::string&)> log;
};

struct KafkaCheckpointProducerMetrics {
  uint64_t published_total = 0;  // Successful delivery reports.
  uint64_t errors_total = 0;     // Failed produce calls and delivery reports.
};

class KafkaCheckpointProducer {
 public:
  static eventstore::Result<std::unique_ptr<KafkaCheckpointProducer>> Create(
      KafkaCheckpointProducerOptions options);
  // Flushes for up to 5 s, then destroys the producer.
  ~KafkaCheckpointProducer();
  KafkaCheckpointProducer(const KafkaCheckpointProducer&) = delete;
  KafkaCheckpointProducer& operator=(const KafkaCheckpointProducer&) = delete;

  void Publish(const eventstore::SignedCheckpoint& checkpoint);
  KafkaCheckpointProducerMetrics metrics() const;

 private:
  explicit KafkaCheckpointProducer(KafkaCheckpointProducerOptions options)
      : options_(std::move(options)) {}
  static void OnDelivery(rd_kafka_s* rk, const void* message, void* opaque);

  KafkaCheckpointProducerOptions options_;
  rd_kafka_s* producer_ = nullptr;
  std::atomic<uint64_t> published_{0}, errors_{0};
};

}  // namespace kinerja::projections
