// EventStore: the append-only, hash-chained event log (domain-agnostic: bytes plus metadata).
// Two implementations: RocksEventStore (durable) and MemoryEventStore (tests, fakes).
// Thread-safety: every method may be called concurrently from any thread. Subscriptions call
// their callback on their own thread. Destroy the store only after all calls have returned and
// every Subscription has been stopped or destroyed.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "eventstore/status.h"
#include "eventstore/types.h"

namespace kinerja::eventstore {

class EventStore;

// A running subscription. Destroying it stops it (and joins its thread).
class Subscription {
 public:
  using Callback = std::function<void(const RecordedEvent&)>;
  ~Subscription();
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;

  // Stops delivery and joins the thread (returns at once when called from the callback itself).
  // Idempotent.
  void Stop();
  // The position of the last event the callback returned from (0 = none yet).
  uint64_t delivered_through() const { return delivered_.load(); }

 private:
  friend class EventStore;
  Subscription(EventStore* store, uint64_t from_position, Callback callback);
  void Run();

  EventStore* store_;
  uint64_t next_;
  Callback callback_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> delivered_{0};
  std::thread thread_;
};

// Split by role so a caller can depend on only what it uses.
class EventReader {
 public:
  virtual ~EventReader() = default;
  // Events of one stream. kOk with an empty vector when the stream does not exist.
  virtual Result<std::vector<RecordedEvent>> ReadStream(const std::string& stream,
                                                        const StreamRead& read) = 0;
  // The whole log from a position, in position order.
  virtual Result<std::vector<RecordedEvent>> ReadAll(const AllRead& read) = 0;
  // Calls `visit` for each event ReadAll(read) would return, in order, without building a vector
  // (the reference is only valid during the call). `visit` returns false to stop early.
  virtual Status ForEach(const AllRead& read,
                         const std::function<bool(const RecordedEvent&)>& visit) = 0;
  // The event at a position; kNotFound beyond the head.
  virtual Result<RecordedEvent> ReadAt(uint64_t position) = 0;
  // The stream's current version (0 = no stream).
  virtual Result<uint64_t> StreamVersion(const std::string& stream) = 0;
  // The last position whose recorded_at <= at_us (0 = none).
  virtual Result<uint64_t> PositionAsOf(int64_t at_us) = 0;
  virtual Result<Head> GetHead() = 0;
  // The committed append made with this idempotency key, or nullopt when the key is unused.
  // Lets a caller answer a retried command before deciding it again.
  virtual Result<std::optional<IdempotentAppend>> FindIdempotentAppend(const std::string& key) = 0;
};

class EventWriter {
 public:
  virtual ~EventWriter() = default;
  // Appends `events` (at least one) to `stream` atomically if `expected` matches.
  // Errors: kWrongExpectedVersion (actual_version() set), kIdempotencyMismatch,
  // kInvalidArgument, kUnavailable (nothing was written; no position was consumed).
  virtual Result<AppendResult> Append(const std::string& stream, ExpectedVersion expected,
                                      std::vector<NewEvent> events,
                                      const AppendContext& context) = 0;
};

class EventStore : public EventReader, public EventWriter {
 public:
  ~EventStore() override = default;

  // Recomputes the hash chain for positions [from, to] (to = 0: up to the head). The report
  // names the first broken position. A non-ok Status only when the log cannot be read.
  virtual Result<VerifyReport> Verify(uint64_t from = 1, uint64_t to = 0) = 0;

  // Durable named checkpoints (e.g. "last position this projection applied"). 0 = none saved.
  virtual Status SaveCheckpoint(const std::string& name, uint64_t position) = 0;
  virtual Result<uint64_t> LoadCheckpoint(const std::string& name) = 0;

  // Delivers every event with position >= from_position, in order, exactly once: first what is
  // stored, then live appends. A slow callback delays only its own subscription. Read errors are
  // retried; the subscription is never dropped.
  std::unique_ptr<Subscription> Subscribe(uint64_t from_position, Subscription::Callback callback);

  // Blocks until the head position is >= position or the timeout passes; returns whether reached.
  bool WaitForPosition(uint64_t position, std::chrono::milliseconds timeout);
  // The last committed position, without I/O.
  uint64_t head_position() const { return head_.load(); }

 protected:
  // Implementations call this after an append became durable and visible.
  void PublishHead(uint64_t position);

 private:
  friend class Subscription;
  // Waits until head >= position, `stop` is set, or the timeout passes.
  void WaitForHeadOrStop(uint64_t position, const std::atomic<bool>& stop,
                         std::chrono::milliseconds timeout);
  void WakeAll();

  std::atomic<uint64_t> head_{0};
  std::mutex head_mu_;
  std::condition_variable head_cv_;
};

}  // namespace kinerja::eventstore
