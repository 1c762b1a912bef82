// KafkaLogMirror: the event source of a query-only read replica (kinerjad
// --read-model-source=kafka). A Kafka consumer reads the relay's topic (format:
// eventstore/kafka_event_codec.h, ops/kafka/README.md), decodes every message back into the exact
// RecordedEvent (DecodeKafkaValue) and re-appends it, in GLOBAL POSITION ORDER, to a local
// RocksEventStore: the mirror log. The usual projections::Projector then follows the mirror, so the
// replica's read models are folded by the same code, batch and checkpoint logic as the writer's,
// and the query routes' authorisation (app::Relationships reads pegawai streams) works unchanged.
//
// Why a mirror log rather than folding straight from the consumer: queries need the pegawai
// streams (supervisor checks), not only the read models; and a mirror makes the replica's
// progress exact and durable for free.
//
// Ordering, duplicates, gaps: messages of different partitions arrive in any relative order (the
// relay keeps order per key only), and the relay may re-send (same position, same bytes). The
// mirror's head H is the progress: a message with position <= H (or already buffered) is a
// duplicate and is dropped; position H+1 is applied; anything higher is held in memory until every
// position before it has arrived, then the contiguous run is applied. Each event is appended alone
// with its own id, type, schema version, data, metadata, actor, correlation and causation ids and
// recorded_at (the mirror store's clock returns the event's recorded_at), so position, stream
// version and the hash chain come out identical to the writer's: the mirror checks, BEFORE
// appending, that prev_hash equals its tip and that the hash recomputes (eventstore/hash_chain.h),
// and AFTER, that the store produced the same position and hash. Any mismatch stops mirroring
// (diverged(), last_error); nothing unverified is ever appended.
//
// Durability: the mirrored event and the head advance in ONE RocksDB write batch of the mirror
// store, and the projector's checkpoint moves with the documents in one view-store batch, so a
// crash can neither double count nor skip. Kafka consumer-group offsets are only a hint of where
// to resume: the mirror commits, per partition, the offset below which every message is mirrored
// (the lowest offset still held in the gap buffer, else the next offset to consume). Without a
// committed offset it starts at the earliest message and skips by position.
//
// Partitions: the consumer assigns itself EVERY partition of the topic (rd_kafka_assign, no group
// rebalancing: a replica needs all of them), re-reading the topic metadata every
// metadata_refresh to pick up added partitions. The group id only names where offsets are
// committed: give each replica its own (default in kinerjad: "kinerja-replica-<hostname>").
//
// Messages whose value does not decode are counted (decode_errors_total), logged and skipped;
// messages from other producers on the topic should not exist.
//
// Thread-safety: Start/Stop from one controlling thread; store(), metrics() and diverged() from
// any thread. The mirror owns its store; destroy the projector following it first.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "eventstore/rocks_event_store.h"
#include "eventstore/status.h"
#include "eventstore/types.h"

struct rd_kafka_s;

namespace kinerja::projections {

struct KafkaLogMirrorOptions {
  // Directory of the mirror log (a RocksEventStore). Default: none (required).
  std::string path;
  // bootstrap.servers. Default: none (required).
  std::string brokers;
  // The relay's topic. Default: "kinerja.events".
  std::string topic = "kinerja.events";
  // Consumer group id under which offsets are committed. Default: none (required).
  std::string group_id;
  // Most events held while waiting for a gap to fill before a warning is logged (they are kept:
  // the relay never loses a position, so the gap fills once the partition is read). Default: 1e6.
  size_t max_buffered_warning = 1000000;
  // How often the topic's partition list is re-read. Default: 5 s.
  std::chrono::milliseconds metadata_refresh{5000};
  // How often consumed offsets are committed. Default: 1 s.
  std::chrono::milliseconds commit_interval{1000};
  // fsync the mirror's WAL per append. Off: a power cut may lose recent mirrored events, which
  // are then consumed again (Kafka keeps them); a process crash loses nothing. Default: false.
  bool sync = false;
  // Extra librdkafka consumer properties (security.protocol, ssl.*, ...), applied last.
  std::vector<std::pair<std::string, std::string>> extra_config;
  // One line per notable event (errors, divergence, gaps). Called from the mirror's and
  // librdkafka's threads: must be thread-safe. Default: silent.
  std::function<void(const std::string&)> log;
};

struct KafkaLogMirrorMetrics {
  uint64_t mirrored_position = 0;    // The mirror log's head: every position <= it is applied.
  uint64_t buffered_events = 0;      // Held, waiting for a lower position to arrive.
  uint64_t high_position_seen = 0;   // Highest position read from Kafka.
  uint64_t messages_total = 0;       // Messages consumed (duplicates included).
  uint64_t duplicates_total = 0;     // Dropped as already mirrored or already buffered.
  uint64_t decode_errors_total = 0;  // Values that are not relay events (skipped).
  uint64_t consumer_errors_total = 0;
  uint64_t append_errors_total = 0;  // Mirror store errors (retried).
  bool diverged = false;             // A hash or position mismatch stopped mirroring.
  std::string last_error;
};

class KafkaLogMirror {
 public:
  // Opens the mirror store and creates the consumer (does not wait for Kafka).
  // Errors: kInvalidArgument (options, librdkafka configuration), storage errors.
  static eventstore::Result<std::unique_ptr<KafkaLogMirror>> Open(KafkaLogMirrorOptions options);
  ~KafkaLogMirror();  // Stop()
  KafkaLogMirror(const KafkaLogMirror&) = delete;
  KafkaLogMirror& operator=(const KafkaLogMirror&) = delete;

  // Starts the consumer thread. Idempotent.
  void Start();
  // Stops consuming, commits the safe offsets and closes the consumer. Idempotent.
  void Stop();

  // The mirror log (read it; never append to it).
  eventstore::RocksEventStore* store() { return store_.get(); }
  KafkaLogMirrorMetrics metrics() const;

 private:
  struct Held {
    eventstore::RecordedEvent event;
    int32_t partition = 0;
    int64_t offset = 0;
  };
  struct PartitionProgress {
    int64_t next_offset = -1;     // Highest consumed offset + 1 (-1: none consumed yet).
    std::multiset<int64_t> held;  // Offsets of messages still in the gap buffer.
  };

  explicit KafkaLogMirror(KafkaLogMirrorOptions options);
  eventstore::Status CreateConsumer();
  void Run();
  void RefreshAssignment();
  void OnMessage(int32_t partition, int64_t offset, const char* value, size_t size);
  // Appends the contiguous run at the head of the buffer.
  void ApplyReady();
  // Verifies and appends one event; false when it must be retried or mirroring stopped.
  bool ApplyOne(const eventstore::RecordedEvent& e);
  void CommitOffsets(bool sync);
  void Fail(const std::string& error);
  void Log(const std::string& line);

  KafkaLogMirrorOptions options_;
  std::shared_ptr<std::atomic<int64_t>> next_time_;  // The mirror store's clock.
  std::unique_ptr<eventstore::RocksEventStore> store_;
  rd_kafka_s* consumer_ = nullptr;

  // Consumer thread state.
  std::map<uint64_t, Held> buffer_;
  std::map<int32_t, PartitionProgress> partitions_;
  std::set<int32_t> assigned_;
  std::string tip_hash_;  // The mirror's last hash (hex).
  bool offsets_dirty_ = false;
  bool warned_buffer_ = false;

  mutable std::mutex mu_;  // Guards metrics_.
  KafkaLogMirrorMetrics metrics_;

  std::atomic<bool> stop_{false};
  bool started_ = false;
  bool stopped_ = false;
  std::thread thread_;
};

}  // namespace kinerja::projections
