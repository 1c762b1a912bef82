// CappedEventStore: a read-only view of another EventStore that ends at a fixed position, so
// that Projector::RebuildAll folds exactly the events a stored read model had applied (its
// checkpoint) and the two can be compared byte for byte. Writes are refused (kInvalidArgument).
// Thread-safety: as the wrapped store; the wrapped store must outlive this object.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "eventstore/event_store.h"

namespace kinerja::crashsoak {

class CappedEventStore : public eventstore::EventStore {
 public:
  // REQUIRES: last_position <= inner->head_position().
  CappedEventStore(eventstore::EventStore* inner, uint64_t last_position);

  eventstore::Result<std::vector<eventstore::RecordedEvent>> ReadStream(
      const std::string& stream, const eventstore::StreamRead& read) override;
  eventstore::Result<std::vector<eventstore::RecordedEvent>> ReadAll(
      const eventstore::AllRead& read) override;
  eventstore::Status ForEach(
      const eventstore::AllRead& read,
      const std::function<bool(const eventstore::RecordedEvent&)>& visit) override;
  eventstore::Result<eventstore::RecordedEvent> ReadAt(uint64_t position) override;
  eventstore::Result<uint64_t> StreamVersion(const std::string& stream) override;
  eventstore::Result<uint64_t> PositionAsOf(int64_t at_us) override;
  eventstore::Result<eventstore::Head> GetHead() override;
  eventstore::Result<std::optional<eventstore::IdempotentAppend>> FindIdempotentAppend(
      const std::string& key) override;
  eventstore::Result<eventstore::AppendResult> Append(const std::string& stream,
                                                      eventstore::ExpectedVersion expected,
                                                      std::vector<eventstore::NewEvent> events,
                                                      const eventstore::AppendContext& context) override;
  eventstore::Result<eventstore::VerifyReport> Verify(uint64_t from, uint64_t to) override;
  eventstore::Status SaveCheckpoint(const std::string& name, uint64_t position) override;
  eventstore::Result<uint64_t> LoadCheckpoint(const std::string& name) override;

 private:
  eventstore::AsOf Capped(eventstore::AsOf as_of) const;
  eventstore::EventStore* inner_;
  uint64_t last_;
};

}  // namespace kinerja::crashsoak
