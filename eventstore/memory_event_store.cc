#include "eventstore/memory_event_store.h"

#include <algorithm>
#include <chrono>
#include <mutex>

#include "eventstore/hash_chain.h"

namespace kinerja::eventstore {

int64_t SystemClockMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void VerifyEvents(const std::vector<RecordedEvent>& events, uint64_t expected_first,
                  std::string* prev_hash, VerifyReport* report) {
  uint64_t expect = expected_first;
  for (const RecordedEvent& e : events) {
    if (!report->ok) return;
    auto fail = [&](uint64_t pos, std::string why) {
      report->ok = false;
      report->first_broken_position = pos;
      report->detail = std::move(why);
    };
    if (e.position != expect) {
      fail(expect, "position " + std::to_string(expect) + " is missing (found " +
                       std::to_string(e.position) + ")");
      return;
    }
    if (e.prev_hash != *prev_hash) {
      fail(e.position, "prev_hash does not match the hash of the previous event");
      return;
    }
    std::string prev_raw;
    FromHex(*prev_hash, &prev_raw);
    if (ToHex(ComputeHashRaw(prev_raw, e)) != e.hash) {
      fail(e.position, "hash does not match the event's content");
      return;
    }
    ++report->checked;
    report->last_position = e.position;
    report->head_hash = e.hash;
    *prev_hash = e.hash;
    ++expect;
  }
}

class MemoryEventStore::Lookup : public PlannerLookup {
 public:
  explicit Lookup(MemoryEventStore* s) : s_(s) {}
  Result<uint64_t> CommittedStreamVersion(const std::string& stream) override {
    auto it = s_->streams_.find(stream);
    return it == s_->streams_.end() ? 0 : static_cast<uint64_t>(it->second.size());
  }
  Result<std::optional<AppendRef>> CommittedEventId(const std::string& id) override {
    auto it = s_->ids_.find(id);
    if (it == s_->ids_.end()) return std::optional<AppendRef>();
    return std::optional<AppendRef>(it->second);
  }
  Result<std::optional<AppendRef>> CommittedIdempotencyKey(const std::string& key) override {
    auto it = s_->keys_.find(key);
    if (it == s_->keys_.end()) return std::optional<AppendRef>();
    return std::optional<AppendRef>(it->second);
  }
  Result<std::vector<RecordedEvent>> CommittedRange(uint64_t first, uint64_t last) override {
    if (first == 0 || last > s_->log_.size() || first > last)
      return Status::Corruption("range out of the log");
    return std::vector<RecordedEvent>(s_->log_.begin() + (first - 1), s_->log_.begin() + last);
  }

 private:
  MemoryEventStore* s_;
};

MemoryEventStore::MemoryEventStore(std::function<int64_t()> clock)
    : clock_(clock ? std::move(clock) : SystemClockMicros) {}

MemoryEventStore::~MemoryEventStore() = default;

Result<AppendResult> MemoryEventStore::Append(const std::string& stream, ExpectedVersion expected,
                                              std::vector<NewEvent> events,
                                              const AppendContext& context) {
  uint64_t new_head = 0;
  Result<AppendResult> result = Status::Unavailable("not planned");
  {
    std::unique_lock<std::shared_mutex> lock(mu_);
    Lookup lookup(this);
    ChainTip tip;
    if (!log_.empty()) {
      tip.position = log_.back().position;
      tip.hash = log_.back().hash;
      tip.recorded_at = log_.back().recorded_at;
    }
    AppendPlanner planner(&lookup, tip, clock_());
    result = planner.Plan(AppendRequest{&stream, expected, &events, &context});
    if (!result.ok() || result->duplicate) return result;
    for (size_t i = 0; i < planner.new_events().size(); ++i) {
      const RecordedEvent* e = planner.new_events()[i];
      log_.push_back(*e);
      streams_[e->stream].push_back(e->position);
      if (planner.new_event_indexed()[i])
        ids_[e->id] = AppendRef{e->stream, result->first_position, result->last_position, {}};
    }
    if (!context.idempotency_key.empty())
      keys_[context.idempotency_key] = AppendRef{stream, result->first_position,
                                                 result->last_position,
                                                 context.request_fingerprint};
    new_head = result->last_position;
  }
  PublishHead(new_head);
  return result;
}

Result<std::vector<RecordedEvent>> MemoryEventStore::ReadStream(const std::string& stream,
                                                                const StreamRead& read) {
  std::shared_lock<std::shared_mutex> lock(mu_);
  std::vector<RecordedEvent> out;
  auto it = streams_.find(stream);
  if (it == streams_.end() || read.limit == 0) return out;
  const std::vector<uint64_t>& positions = it->second;
  if (read.direction == Direction::kForward) {
    for (uint64_t v = std::max<uint64_t>(read.from_version, 1);
         v <= positions.size() && out.size() < read.limit; ++v) {
      const RecordedEvent& e = log_[positions[v - 1] - 1];
      if (!read.as_of.Admits(e.position, e.recorded_at)) break;
      out.push_back(e);
    }
  } else {
    uint64_t v = std::min<uint64_t>(read.from_version, positions.size());
    for (; v >= 1 && out.size() < read.limit; --v) {
      const RecordedEvent& e = log_[positions[v - 1] - 1];
      if (read.as_of.Admits(e.position, e.recorded_at)) out.push_back(e);
    }
  }
  return out;
}

Result<std::vector<RecordedEvent>> MemoryEventStore::ReadAll(const AllRead& read) {
  std::shared_lock<std::shared_mutex> lock(mu_);
  std::vector<RecordedEvent> out;
  for (uint64_t p = std::max<uint64_t>(read.from_position, 1);
       p <= log_.size() && out.size() < read.limit; ++p) {
    const RecordedEvent& e = log_[p - 1];
    if (!read.as_of.Admits(e.position, e.recorded_at)) break;
    if (!read.types.empty() &&
        std::find(read.types.begin(), read.types.end(), e.type) == read.types.end())
      continue;
    out.push_back(e);
  }
  return out;
}

Status MemoryEventStore::ForEach(const AllRead& read,
                                 const std::function<bool(const RecordedEvent&)>& visit) {
  auto events = ReadAll(read);
  if (!events.ok()) return events.status();
  for (const RecordedEvent& e : *events)
    if (!visit(e)) break;
  return Status::Ok();
}

Result<RecordedEvent> MemoryEventStore::ReadAt(uint64_t position) {
  std::shared_lock<std::shared_mutex> lock(mu_);
  if (position == 0 || position > log_.size())
    return Status::NotFound("no event at position " + std::to_string(position));
  return log_[position - 1];
}

Result<uint64_t> MemoryEventStore::StreamVersion(const std::string& stream) {
  std::shared_lock<std::shared_mutex> lock(mu_);
  auto it = streams_.find(stream);
  return it == streams_.end() ? 0 : static_cast<uint64_t>(it->second.size());
}

Result<uint64_t> MemoryEventStore::PositionAsOf(int64_t at_us) {
  std::shared_lock<std::shared_mutex> lock(mu_);
  auto it = std::upper_bound(log_.begin(), log_.end(), at_us,
                             [](int64_t t, const RecordedEvent& e) { return t < e.recorded_at; });
  return static_cast<uint64_t>(it - log_.begin());
}

Result<Head> MemoryEventStore::GetHead() {
  std::shared_lock<std::shared_mutex> lock(mu_);
  Head h;
  h.hash = GenesisHashHex();
  if (!log_.empty()) {
    h.position = log_.back().position;
    h.hash = log_.back().hash;
    h.recorded_at = log_.back().recorded_at;
  }
  return h;
}

Result<std::optional<IdempotentAppend>> MemoryEventStore::FindIdempotentAppend(
    const std::string& key) {
  std::shared_lock<std::shared_mutex> lock(mu_);
  auto it = keys_.find(key);
  if (it == keys_.end()) return std::optional<IdempotentAppend>();
  const AppendRef& ref = it->second;
  Lookup lookup(this);
  auto events = lookup.CommittedRange(ref.first_position, ref.last_position);
  if (!events.ok()) return events.status();
  return std::optional<IdempotentAppend>(IdempotentAppendFrom(ref, std::move(events).value()));
}

Result<VerifyReport> MemoryEventStore::Verify(uint64_t from, uint64_t to) {
  std::shared_lock<std::shared_mutex> lock(mu_);
  VerifyReport report;
  from = std::max<uint64_t>(from, 1);
  if (to == 0 || to > log_.size()) to = log_.size();
  if (from > to) return report;
  std::string prev = from == 1 ? GenesisHashHex() : log_[from - 2].hash;
  std::vector<RecordedEvent> range(log_.begin() + (from - 1), log_.begin() + to);
  VerifyEvents(range, from, &prev, &report);
  return report;
}

Status MemoryEventStore::SaveCheckpoint(const std::string& name, uint64_t position) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  checkpoints_[name] = position;
  return Status::Ok();
}

Result<uint64_t> MemoryEventStore::LoadCheckpoint(const std::string& name) {
  std::shared_lock<std::shared_mutex> lock(mu_);
  auto it = checkpoints_.find(name);
  return it == checkpoints_.end() ? 0 : it->second;
}

bool MemoryEventStore::TamperForTest(const RecordedEvent& replacement) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  if (replacement.position == 0 || replacement.position > log_.size()) return false;
  log_[replacement.position - 1] = replacement;
  return true;
}

}  // namespace kinerja::eventstore
