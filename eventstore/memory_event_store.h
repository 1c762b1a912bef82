// MemoryEventStore: an in-memory EventStore with the same contract as RocksEventStore (same
// planner: idempotency, versions, positions, hash chain), for tests and fakes. Nothing is
// durable. Thread-safety: all methods may be called concurrently.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "eventstore/append_planner.h"
#include "eventstore/event_store.h"

namespace kinerja::eventstore {

class MemoryEventStore : public EventStore {
 public:
  // `clock` returns microseconds since the epoch; default: the system clock.
  explicit MemoryEventStore(std::function<int64_t()> clock = nullptr);
  ~MemoryEventStore() override;

  Result<AppendResult> Append(const std::string& stream, ExpectedVersion expected,
                              std::vector<NewEvent> events, const AppendContext& context) override;
  Result<std::vector<RecordedEvent>> ReadStream(const std::string& stream,
                                                const StreamRead& read) override;
  Result<std::vector<RecordedEvent>> ReadAll(const AllRead& read) override;
  Status ForEach(const AllRead& read,
                 const std::function<bool(const RecordedEvent&)>& visit) override;
  Result<RecordedEvent> ReadAt(uint64_t position) override;
  Result<uint64_t> StreamVersion(const std::string& stream) override;
  Result<uint64_t> PositionAsOf(int64_t at_us) override;
  Result<Head> GetHead() override;
  Result<std::optional<IdempotentAppend>> FindIdempotentAppend(const std::string& key) override;
  Result<VerifyReport> Verify(uint64_t from = 1, uint64_t to = 0) override;
  Status SaveCheckpoint(const std::string& name, uint64_t position) override;
  Result<uint64_t> LoadCheckpoint(const std::string& name) override;

  // Test helper: replaces the stored event at `position` (as a tamperer would). Returns false
  // when there is no such position.
  bool TamperForTest(const RecordedEvent& replacement);

 private:
  class Lookup;

  std::function<int64_t()> clock_;
  mutable std::shared_mutex mu_;
  std::vector<RecordedEvent> log_;  // log_[i] has position i + 1.
  std::unordered_map<std::string, std::vector<uint64_t>> streams_;  // positions by version-1
  std::unordered_map<std::string, AppendRef> ids_;
  std::unordered_map<std::string, AppendRef> keys_;
  std::map<std::string, uint64_t> checkpoints_;
};

// Default clock: microseconds since the Unix epoch from the system clock.
int64_t SystemClockMicros();

// Shared by both stores: recomputes the chain over already-read events. `prev_hash` is the
// stored hash of position from-1 (genesis for 1). Updates *report.
void VerifyEvents(const std::vector<RecordedEvent>& events, uint64_t expected_first,
                  std::string* prev_hash, VerifyReport* report);

}  // namespace kinerja::eventstore
