// Archiver: the kinerja-archiver process as a class. A librdkafka consumer (group `group_id`,
// meant to run as ONE instance: the archive is one global sequence) reads every partition of the
// topic, buffers events by global position (partitions interleave), and appends each contiguous
// run to the day files of consumers/archive_files.h after checking the hash chain:
//   prevHash(p) == hash(p-1)  and  hash(p) == SHA-256(raw prevHash || canonical bytes of p).
// A copy of an already archived or buffered position is dropped (an identical copy silently; a
// different one is a conflict alert). An event that fails the check is written to
// rejected.ndjson with the reason and raises a break alert; its position stays open, waiting for a
// genuine copy. A missing position that is still missing after gap_timeout_ms raises a gap alert.
// Alerts: an error line through `log`, counters in the status file (JSON, written atomically
// every status_interval_ms and on each alert), and with exit_on_alert the consumer stops
// (finished() turns true; the binary exits with code 2).
// Offsets are committed only after the archive files are fsynced, and never past a buffered
// (not yet archived) message, so a restart re-reads exactly what is not archived yet.
//
// Thread-safety: Start/Stop from one controlling thread; metrics()/finished() from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "consumers/archive_files.h"
#include "eventstore/status.h"
#include "eventstore/types.h"

struct rd_kafka_s;
struct rd_kafka_topic_partition_list_s;

namespace kinerja::consumers {

struct ArchiverOptions {
  // bootstrap.servers. Default: none (required).
  std::string brokers;
  // Default: "kinerja-archiver".
  std::string group_id = "kinerja-archiver";
  // Default: "kinerja.events".
  std::string topic = "kinerja.events";
  // Where the day files live. Default: none (required).
  std::string archive_dir;
  // Default: empty, meaning <archive_dir>/status.json.
  std::string status_file;
  // How long a missing position may stay missing (while later ones are buffered) before it is
  // an alert. Default: 30000.
  int gap_timeout_ms = 30000;
  // Default: 1000.
  int status_interval_ms = 1000;
  // Stop consuming at the first alert (the binary then exits 2). Default: false.
  bool exit_on_alert = false;
  // Default: 10000.
  int session_timeout_ms = 10000;
  // Extra librdkafka properties, applied last. Default: none.
  std::vector<std::pair<std::string, std::string>> extra_config;
  // Receives info lines and "ALERT ..." error lines, from the consumer thread. Default: none.
  std::function<void(const std::string&)> log;
};

struct ArchiverMetrics {
  uint64_t last_position = 0;  // Archived and verified through here.
  std::string last_hash;
  uint64_t archived = 0;     // Events archived by this run.
  uint64_t duplicates = 0;   // Identical copies dropped.
  uint64_t buffered = 0;     // Waiting for an earlier position.
  uint64_t alerts = 0;       // breaks + gaps + conflicts + undecodable.
  uint64_t breaks = 0;       // Events failing the chain check (rejected).
  uint64_t gaps = 0;         // Gaps that outlived the timeout.
  uint64_t conflicts = 0;    // Copies of a position with different content.
  uint64_t undecodable = 0;  // Values that are not event envelopes.
  std::string last_alert;
};

class Archiver {
 public:
  // Opens the archive (kCorruption / kIOError), creates the consumer and starts its thread.
  static eventstore::Result<std::unique_ptr<Archiver>> Start(ArchiverOptions options);
  ~Archiver();
  Archiver(const Archiver&) = delete;
  Archiver& operator=(const Archiver&) = delete;

  // Flushes what is contiguous, writes the status file, commits, leaves the group. Idempotent.
  eventstore::Status Stop();
  // Test hook: stops like a crash (no flush of the buffer, no commit, no status file).
  void AbandonForTesting();

  ArchiverMetrics metrics() const;
  // True once the consumer thread ended by itself (exit_on_alert after an alert).
  bool finished() const { return finished_.load(); }

 private:
  struct Candidate {
    eventstore::RecordedEvent event;
    std::string value;
    int32_t partition = 0;
    int64_t offset = 0;
  };

  explicit Archiver(ArchiverOptions options);
  void Run();
  void OnRebalance(int err, rd_kafka_topic_partition_list_s* partitions);
  void OnMessage(int32_t partition, int64_t offset, std::string value);
  // Verifies and archives the contiguous run after last_position(), then commits.
  eventstore::Status Flush();
  void CheckGap();
  void Alert(const std::string& what, uint64_t ArchiverMetrics::*counter);
  void WriteStatus();
  void Log(const std::string& line);
  static bool Verify(const eventstore::RecordedEvent& e, uint64_t prev_position,
                     const std::string& prev_hash, std::string* why);
  void ForgetOffset(int32_t partition, int64_t offset);

  friend struct ArchiverCallbacks;

  ArchiverOptions options_;
  ArchiveFiles files_;
  rd_kafka_s* rk_ = nullptr;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> abandon_{false};
  std::atomic<bool> finished_{false};
  bool stopped_ = false;
  eventstore::Status stop_status_;

  // Consumer thread only.
  std::map<uint64_t, std::vector<Candidate>> buffer_;          // by position
  std::map<int32_t, std::multiset<int64_t>> buffered_offsets_;  // per partition
  std::map<int32_t, int64_t> next_offset_;                      // per partition: consumed + 1
  std::map<int32_t, int64_t> committed_;                        // per partition
  std::deque<std::string> recent_hashes_;  // hashes of the last archived positions
  uint64_t gap_at_ = 0;                    // the position a gap timer runs for (0: none)
  std::chrono::steady_clock::time_point gap_since_;
  bool gap_alerted_ = false;

  mutable std::mutex metrics_mu_;
  ArchiverMetrics metrics_;
};

}  // namespace kinerja::consumers
