#include "ops/crash-soak-src/capped_store.h"

#include <algorithm>
#include <utility>

namespace kinerja::crashsoak {

using eventstore::AllRead;
using eventstore::AsOf;
using eventstore::RecordedEvent;
using eventstore::Result;
using eventstore::Status;

CappedEventStore::CappedEventStore(eventstore::EventStore* inner, uint64_t last_position)
    : inner_(inner), last_(last_position) {
  PublishHead(last_position);
}

AsOf CappedEventStore::Capped(AsOf as_of) const {
  as_of.position = as_of.position ? std::min(*as_of.position, last_) : last_;
  return as_of;
}

Result<std::vector<RecordedEvent>> CappedEventStore::ReadStream(
    const std::string& stream, const eventstore::StreamRead& read) {
  eventstore::StreamRead capped = read;
  capped.as_of = Capped(read.as_of);
  return inner_->ReadStream(stream, capped);
}

Result<std::vector<RecordedEvent>> CappedEventStore::ReadAll(const AllRead& read) {
  AllRead capped = read;
  capped.as_of = Capped(read.as_of);
  auto events = inner_->ReadAll(capped);
  if (!events.ok()) return events;
  // as_of filters by position already; drop anything past the cap in case a reader ignores it.
  auto& v = events.value();
  v.erase(std::remove_if(v.begin(), v.end(),
                         [&](const RecordedEvent& e) { return e.position > last_; }),
          v.end());
  return events;
}

Status CappedEventStore::ForEach(const AllRead& read,
                                 const std::function<bool(const RecordedEvent&)>& visit) {
  AllRead capped = read;
  capped.as_of = Capped(read.as_of);
  return inner_->ForEach(capped, [&](const RecordedEvent& e) {
    if (e.position > last_) return false;
    return visit(e);
  });
}

Result<RecordedEvent> CappedEventStore::ReadAt(uint64_t position) {
  if (position > last_) return Status::NotFound("beyond the capped head");
  return inner_->ReadAt(position);
}

Result<uint64_t> CappedEventStore::StreamVersion(const std::string& stream) {
  eventstore::StreamRead read;
  read.as_of = Capped({});
  auto events = inner_->ReadStream(stream, read);
  if (!events.ok()) return events.status();
  return events->empty() ? uint64_t{0} : events->back().stream_version;
}

Result<uint64_t> CappedEventStore::PositionAsOf(int64_t at_us) {
  auto position = inner_->PositionAsOf(at_us);
  if (!position.ok()) return position;
  return std::min(position.value(), last_);
}

Result<eventstore::Head> CappedEventStore::GetHead() {
  eventstore::Head head;
  head.position = last_;
  if (last_ == 0) return head;
  auto at = inner_->ReadAt(last_);
  if (!at.ok()) return at.status();
  head.hash = at->hash;
  head.recorded_at = at->recorded_at;
  return head;
}

Result<std::optional<eventstore::IdempotentAppend>> CappedEventStore::FindIdempotentAppend(
    const std::string&) {
  return Status::InvalidArgument("a capped store is read-only");
}

Result<eventstore::AppendResult> CappedEventStore::Append(const std::string&,
                                                          eventstore::ExpectedVersion,
                                                          std::vector<eventstore::NewEvent>,
                                                          const eventstore::AppendContext&) {
  return Status::InvalidArgument("a capped store is read-only");
}

Result<eventstore::VerifyReport> CappedEventStore::Verify(uint64_t from, uint64_t to) {
  return inner_->Verify(from, to == 0 ? last_ : std::min(to, last_));
}

Status CappedEventStore::SaveCheckpoint(const std::string&, uint64_t) {
  return Status::InvalidArgument("a capped store is read-only");
}

Result<uint64_t> CappedEventStore::LoadCheckpoint(const std::string& name) {
  return inner_->LoadCheckpoint(name);
}

}  // namespace kinerja::crashsoak
