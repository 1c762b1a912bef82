// KafkaRelay: ships the event log to one Kafka topic, in position order, from a durable
// checkpoint, with librdkafka's idempotent producer (enable.idempotence=true, acks=all). Message
// format: eventstore/kafka_event_codec.h (key = partition key, value = the event envelope JSON,
// CloudEvents binary-mode headers plus kinerja_position and kinerja_hash; documented with an
// example in ops/kafka/README.md).
//
// Guarantees: it follows the log like a subscriber and never blocks appends; the checkpoint
// (EventStore::SaveCheckpoint, name "relay/<topic>") only ever covers a contiguous prefix of
// positions whose delivery reports were successful; after an outage, a failed delivery, a fatal
// producer error (the producer is recreated) or a crash, it re-sends from that prefix, so every
// event arrives, in order per key, possibly more than once (duplicates carry the same ce_id and
// kinerja_position; consumers drop them).
//
// Thread-safety: metrics() may be called from any thread at any time. Stop() and the destructor
// must not race each other. The store must outlive the relay.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "eventstore/event_store.h"
#include "eventstore/status.h"

struct rd_kafka_s;
struct rd_kafka_op_s;  // rd_kafka_event_t
struct rd_kafka_queue_s;
struct rd_kafka_topic_s;

namespace kinerja::eventstore {

struct PreparedEvent;

struct KafkaRelayOptions {
  // bootstrap.servers, "host:port,...".
  // Default: none (required).
  std::string brokers;
  // Topic every event goes to.
  // Default: "kinerja.events".
  std::string topic = "kinerja.events";
  // CloudEvents ce_source, e.g. "kinerja/pontianak".
  // Default: "kinerja".
  std::string source = "kinerja";
  // Name of the durable checkpoint in the store.
  // Default: empty, meaning "relay/<topic>".
  std::string checkpoint_name;
  // Events produced but not yet confirmed by a delivery report. When reached, the relay stops
  // reading the log until reports come in (the log is the buffer, so nothing is dropped).
  // Default: 50000.
  size_t max_in_flight = 50000;
  // Events read from the log per read.
  // Default: 1000.
  size_t read_batch = 1000;
  // librdkafka linger.ms: how long to wait to fill a batch.
  // Default: 5.
  int linger_ms = 5;
  // librdkafka batch.num.messages.
  // Default: 10000.
  int batch_num_messages = 10000;
  // librdkafka message.timeout.ms. 0 = retry for ever: an outage only delays delivery and the
  // order per key holds. A finite value lets deliveries fail during a long outage; the relay
  // then waits for every outstanding report and re-sends from its delivered prefix, so nothing is
  // lost, but a key's later event delivered before the failure can then precede the re-sent
  // earlier one (librdkafka's enable.gapless.guarantee, which the relay sets, covers failed
  // batches, not timeouts). Keep 0 unless that is acceptable.
  // Default: 0.
  int message_timeout_ms = 0;
  // librdkafka compression.codec (none, gzip, snappy, lz4, zstd).
  // Default: "lz4".
  std::string compression = "lz4";
  // librdkafka partitioner; murmur2_random places keys like the Java client.
  // Default: "murmur2_random".
  std::string partitioner = "murmur2_random";
  // librdkafka retry.backoff.ms and reconnect.backoff.max.ms: how fast an outage is noticed to
  // be over.
  // Default: 100 and 2000.
  int retry_backoff_ms = 100;
  int reconnect_backoff_max_ms = 2000;
  // How often the poll thread saves the checkpoint when it moved.
  // Default: 200.
  int checkpoint_interval_ms = 200;
  // After a failed delivery: wait this long before re-sending from the checkpoint.
  // Default: 500.
  int error_backoff_ms = 500;
  // How long Stop() waits for outstanding deliveries.
  // Default: 10000.
  int stop_flush_timeout_ms = 10000;
  // Extra librdkafka properties, applied last (security.protocol, sasl.*, ssl.*, ...).
  // Default: none.
  std::vector<std::pair<std::string, std::string>> extra_config;
  // Receives one line per notable event (errors, producer restarts, rewinds, librdkafka
  // warnings). Called from the relay's and librdkafka's threads, so it must be thread-safe.
  // Default: none (silent).
  std::function<void(const std::string&)> log;
};

// A snapshot for /metrics.
struct KafkaRelayMetrics {
  uint64_t relayed_position = 0;     // Every position <= this has been delivered.
  uint64_t checkpoint_position = 0;  // The last durably saved checkpoint (<= relayed_position).
  uint64_t head_position = 0;        // The store's head.
  uint64_t lag_events = 0;           // head_position - relayed_position.
  uint64_t in_flight = 0;            // Produced, no delivery report yet.
  uint64_t produced_total = 0;       // Messages handed to librdkafka (re-sends included).
  uint64_t delivered_total = 0;      // Successful delivery reports (re-sends included).
  uint64_t delivery_errors_total = 0;  // Failed delivery reports and produce errors.
  uint64_t rewinds_total = 0;          // Re-sends from the checkpoint after a failure.
  uint64_t producer_restarts_total = 0;  // Producers recreated after a fatal error.
  std::string last_error;                // Empty when none yet.
};

class KafkaRelay {
 public:
  // Loads the checkpoint, creates the producer and starts relaying from checkpoint + 1.
  // Errors: kInvalidArgument (bad options or librdkafka configuration), kIOError (checkpoint).
  // Does not wait for Kafka to be reachable.
  static Result<std::unique_ptr<KafkaRelay>> Start(EventStore* store, KafkaRelayOptions options);

  // Without Stop(): stops at once, drops what is not yet delivered and does NOT save the
  // checkpoint again: the same outcome as a crash (a restart re-sends from the checkpoint).
  ~KafkaRelay();
  KafkaRelay(const KafkaRelay&) = delete;
  KafkaRelay& operator=(const KafkaRelay&) = delete;

  // Stops reading the log, waits up to stop_flush_timeout_ms for outstanding deliveries, saves
  // the checkpoint and destroys the producer. kUnavailable when some messages were still
  // undelivered (they are re-sent by the next relay); kIOError when the checkpoint could not be
  // saved. Idempotent.
  Status Stop();

  KafkaRelayMetrics metrics() const;

  // Blocks until relayed_position >= position or the timeout passes; returns whether reached.
  bool WaitForRelayed(uint64_t position, std::chrono::milliseconds timeout) const;

  // Raises a librdkafka fatal error on the current producer (rd_kafka_test_fatal_error), to test
  // the recovery path. Not for production use.
  Status InjectFatalErrorForTesting();

 private:
  KafkaRelay(EventStore* store, KafkaRelayOptions options);
  Status CreateProducer();
  void DestroyProducer();
  void DestroyProducerLocked();  // REQUIRES: producer_mu_ held exclusively.
  void ReaderLoop();
  void PollLoop();
  // Produces one event whose window slot is reserved; false when producing must stop (stop,
  // fatal error, failed produce).
  bool ProduceOne(PreparedEvent& prepared);
  // Serves delivery-report and error events of the main queue (waits up to timeout_ms for one).
  void ServeEvents(int timeout_ms);
  void OnDeliveries(rd_kafka_op_s* ev);
  void OnError(int err, const char* reason);
  void RecoverFromFatal();
  void Rewind();
  void MaybeSaveCheckpoint(bool force);
  void Log(const std::string& line);

  static void LogThunk(const rd_kafka_s* rk, int level, const char* facility, const char* buf);

  EventStore* store_;
  KafkaRelayOptions options_;
  std::string checkpoint_name_;

  // The producer; exclusive while it is being replaced, shared while used.
  mutable std::shared_mutex producer_mu_;
  rd_kafka_s* producer_ = nullptr;
  rd_kafka_topic_s* topic_ = nullptr;
  rd_kafka_queue_s* queue_ = nullptr;  // The producer's main queue (delivery reports, errors).

  // Delivery state, guarded by mu_.
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;  // Delivery reports, stop, fatal.
  uint64_t relayed_ = 0;               // Contiguous delivered prefix.
  std::deque<uint8_t> window_;         // Positions relayed_+1...: 0 pending, 1 ok, 2 failed.
  uint64_t pending_ = 0;               // Window entries still 0.
  bool rewind_ = false;                // A delivery failed: re-send from relayed_ + 1.
  bool fatal_ = false;                 // The producer raised a fatal error.
  uint64_t checkpoint_ = 0;            // Last saved.
  std::chrono::steady_clock::time_point last_save_{};
  uint64_t produced_total_ = 0, delivered_total_ = 0, errors_total_ = 0;
  uint64_t rewinds_total_ = 0, restarts_total_ = 0;
  std::string last_error_;
  mutable std::atomic<int> waiters_{0};  // Threads waiting on cv_ (reports notify only then).

  // The next position to produce: reader thread only (and Start() before it runs).
  uint64_t next_ = 1;
  std::mutex checkpoint_mu_;  // Serialises SaveCheckpoint calls.
  std::atomic<bool> stop_reader_{false};
  std::atomic<bool> stop_poll_{false};
  bool stopped_ = false;
  std::thread reader_;
  std::thread poller_;
};

}  // namespace kinerja::eventstore
