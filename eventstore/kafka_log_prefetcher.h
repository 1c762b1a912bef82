// LogPrefetcher (internal to KafkaRelay): reads the log ahead on its own thread, in batches, and
// encodes each event's Kafka key, value and headers there, so reading (RocksDB, record decoding) and
// encoding overlap with producing. Follows the head like
// a subscription; Seek() repositions it (after a rewind or a producer restart).
// Thread-safety: one consumer thread calls Next()/Seek(); Stop() from the owner.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <librdkafka/rdkafka.h>

#include "eventstore/event_store.h"

namespace kinerja::eventstore {

struct KafkaHeadersDeleter {
  void operator()(rd_kafka_headers_t* h) const { rd_kafka_headers_destroy(h); }
};

// An event read from the log, ready to produce: its Kafka key, value and headers.
struct PreparedEvent {
  uint64_t position = 0;
  std::string key;
  std::string value;
  // Released to librdkafka by a successful produce.
  std::unique_ptr<rd_kafka_headers_t, KafkaHeadersDeleter> headers;
};

class LogPrefetcher {
 public:
  // Reads from `from` on; `source` is the CloudEvents ce_source. `on_error` receives read errors
  // (then retried after a pause).
  LogPrefetcher(EventStore* store, uint64_t from, size_t batch, size_t max_batches,
                std::string source, std::function<void(const Status&)> on_error);
  ~LogPrefetcher();  // Stops.
  LogPrefetcher(const LogPrefetcher&) = delete;
  LogPrefetcher& operator=(const LogPrefetcher&) = delete;

  void Stop();
  // Drops what was read ahead; the next batch starts at `from`.
  void Seek(uint64_t from);
  // The next batch (consecutive positions, continuing the previous batch or the last Seek), or
  // false when none arrived within `timeout`.
  bool Next(std::vector<PreparedEvent>* out, std::chrono::milliseconds timeout);

 private:
  void Run();

  EventStore* store_;
  const size_t batch_;
  const size_t max_batches_;
  const std::string source_;
  std::function<void(const Status&)> on_error_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::vector<PreparedEvent>> queue_;
  uint64_t next_read_;
  uint64_t generation_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace kinerja::eventstore
