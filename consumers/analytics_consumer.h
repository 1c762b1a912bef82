// AnalyticsConsumer: the kinerja-analytics process as a class (the binary is a thin main around
// it). A librdkafka high-level consumer in a consumer group reads the event topic, folds every
// event into the PartitionState of its partition (consumers/analytics_state.h) and, every
// snapshot interval, on partition revocation and on Stop(), for each owned partition writes
//   <state_dir>/state-p<N>.json       (atomically: temp file + fsync + rename)
//   <output_dir>/figures-p<N>.csv     (or .ndjson; atomically too)
// and only then commits the partition's Kafka offset. On assignment it loads state-p<N>.json and
// resumes from the offset stored there (from the beginning when there is none), so a restart or a
// partition moving to another instance neither loses nor double-counts an event. Instances of one
// group must share state_dir and output_dir (one directory, or a shared file system); the figures
// of the whole topic are the sum of every figures-p<N> file.
//
// Thread-safety: Start() and Stop() from one controlling thread; metrics() from any thread. The
// consumer runs on its own thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "consumers/analytics_state.h"
#include "eventstore/status.h"

struct rd_kafka_s;
struct rd_kafka_topic_partition_list_s;

namespace kinerja::consumers {

enum class FigureFormat { kCsv, kNdjson };

struct AnalyticsOptions {
  // bootstrap.servers. Default: none (required).
  std::string brokers;
  // Consumer group id; instances with the same id share the partitions.
  // Default: "kinerja-analytics".
  std::string group_id = "kinerja-analytics";
  // Default: "kinerja.events".
  std::string topic = "kinerja.events";
  // Where state-p<N>.json files live. Default: none (required).
  std::string state_dir;
  // Where figures-p<N>.{csv,ndjson} are written. Default: none (required).
  std::string output_dir;
  // Default: CSV.
  FigureFormat format = FigureFormat::kCsv;
  // How often changed partitions are snapshotted (and their offsets committed).
  // Default: 5000.
  int snapshot_interval_ms = 5000;
  // librdkafka session.timeout.ms: how long a crashed instance keeps its partitions.
  // Default: 10000.
  int session_timeout_ms = 10000;
  // Extra librdkafka properties, applied last. Default: none.
  std::vector<std::pair<std::string, std::string>> extra_config;
  // One line per notable event (assignments, snapshots, errors). Called from the consumer
  // thread. Default: none.
  std::function<void(const std::string&)> log;
};

struct AnalyticsMetrics {
  uint64_t messages = 0;       // Messages read (duplicates included).
  uint64_t applied = 0;        // Events applied by this instance since it started.
  uint64_t duplicates = 0;     // Dropped as already applied.
  uint64_t undecodable = 0;    // Values that are not event envelopes.
  uint64_t snapshots = 0;      // Partition snapshots written.
  uint64_t snapshot_errors = 0;
  std::vector<int32_t> partitions;  // Currently owned.
  std::string last_error;
};

class AnalyticsConsumer {
 public:
  // Validates options, creates the directories and the consumer, subscribes and starts the
  // consumer thread. kInvalidArgument / kIOError.
  static eventstore::Result<std::unique_ptr<AnalyticsConsumer>> Start(AnalyticsOptions options);
  // Stop() when not yet stopped.
  ~AnalyticsConsumer();
  AnalyticsConsumer(const AnalyticsConsumer&) = delete;
  AnalyticsConsumer& operator=(const AnalyticsConsumer&) = delete;

  // Snapshots every owned partition, commits, leaves the group. Idempotent. A non-ok status when
  // a snapshot could not be written (its events are then re-read by the next owner).
  eventstore::Status Stop();
  // Test hook: stops like a crash (no snapshot, no commit, the group is not told; the partitions
  // stay with this member until the session times out).
  void AbandonForTesting();

  AnalyticsMetrics metrics() const;

 private:
  explicit AnalyticsConsumer(AnalyticsOptions options);
  void Run();
  void OnRebalance(int err, rd_kafka_topic_partition_list_s* partitions);
  void Assign(rd_kafka_topic_partition_list_s* partitions);
  void Revoke(rd_kafka_topic_partition_list_s* partitions);
  // Writes state + figures of the given partitions (all owned when empty) and commits their
  // offsets. Consumer thread only.
  eventstore::Status Snapshot(const std::vector<int32_t>& partitions, bool only_dirty);
  std::string StatePath(int32_t partition) const;
  std::string FiguresPath(int32_t partition) const;
  void Log(const std::string& line);

  friend struct AnalyticsCallbacks;

  AnalyticsOptions options_;
  rd_kafka_s* rk_ = nullptr;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> abandon_{false};
  bool stopped_ = false;
  eventstore::Status stop_status_;

  // Consumer thread only.
  std::map<int32_t, PartitionState> states_;
  std::map<int32_t, bool> dirty_;

  mutable std::mutex metrics_mu_;
  AnalyticsMetrics metrics_;
};

eventstore::Result<FigureFormat> ParseFigureFormat(const std::string& text);  // csv | ndjson

}  // namespace kinerja::consumers
