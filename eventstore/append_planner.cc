#include "eventstore/append_planner.h"

#include <algorithm>
#include <cstring>
#include <unordered_set>

#include "eventstore/hash_chain.h"
#include "eventstore/uuid.h"

namespace kinerja::eventstore {

Status ValidateStreamName(const std::string& stream) {
  if (stream.empty()) return Status::InvalidArgument("stream name is empty");
  if (stream.size() > 1024) return Status::InvalidArgument("stream name longer than 1024 bytes");
  if (stream.find('\0') != std::string::npos)
    return Status::InvalidArgument("stream name contains a NUL byte");
  return Status::Ok();
}

AppendPlanner::AppendPlanner(PlannerLookup* lookup, ChainTip tip, int64_t now_us)
    : lookup_(lookup), tip_(std::move(tip)), now_us_(now_us) {
  if (tip_.hash.empty()) tip_.hash = GenesisHashHex();
  std::string raw;
  if (FromHex(tip_.hash, &raw) && raw.size() == kHashBytes)
    std::memcpy(tip_raw_.data(), raw.data(), kHashBytes);
}

Result<uint64_t> AppendPlanner::VersionOf(const std::string& stream) {
  auto it = versions_.find(stream);
  if (it != versions_.end()) return it->second;
  auto v = lookup_->CommittedStreamVersion(stream);
  if (v.ok()) versions_.emplace(stream, *v);
  return v;
}

IdempotentAppend IdempotentAppendFrom(const AppendRef& ref, std::vector<RecordedEvent> events) {
  IdempotentAppend out;
  out.fingerprint = ref.fingerprint;
  out.result.stream = ref.stream;
  out.result.first_position = ref.first_position;
  out.result.last_position = ref.last_position;
  out.result.stream_version = events.back().stream_version;
  out.result.events = std::move(events);
  out.result.duplicate = true;
  return out;
}

Result<std::optional<AppendRef>> AppendPlanner::FindId(const std::string& id) {
  auto it = pending_ids_.find(id);
  if (it != pending_ids_.end()) return std::optional<AppendRef>(it->second);
  return lookup_->CommittedEventId(id);
}

Result<AppendResult> AppendPlanner::Original(const AppendRef& ref) {
  auto it = pending_results_.find(ref.first_position);
  AppendResult result;
  if (it != pending_results_.end()) {
    result = it->second;
  } else {
    auto events = lookup_->CommittedRange(ref.first_position, ref.last_position);
    if (!events.ok()) return events.status();
    if (events->empty()) return Status::Corruption("idempotency index points at missing events");
    result.stream = ref.stream;
    result.first_position = ref.first_position;
    result.last_position = ref.last_position;
    result.stream_version = events->back().stream_version;
    result.events = std::move(events).value();
  }
  result.duplicate = true;
  return result;
}

Result<AppendResult> AppendPlanner::Plan(const AppendRequest& req) {
  const std::string& stream = *req.stream;
  const AppendContext& ctx = *req.context;
  std::vector<NewEvent>& events = *req.events;
  if (Status s = ValidateStreamName(stream); !s.ok()) return s;
  if (events.empty()) return Status::InvalidArgument("an append needs at least one event");

  // 1. Idempotency key: a retried command returns its first answer.
  if (!ctx.idempotency_key.empty()) {
    std::optional<AppendRef> ref;
    auto pk = pending_keys_.find(ctx.idempotency_key);
    if (pk != pending_keys_.end()) {
      ref = pk->second;
    } else {
      auto found = lookup_->CommittedIdempotencyKey(ctx.idempotency_key);
      if (!found.ok()) return found.status();
      ref = *found;
    }
    if (ref) {
      if (ref->fingerprint != ctx.request_fingerprint)
        return Status::IdempotencyMismatch("idempotency key '" + ctx.idempotency_key +
                                           "' was used for a different request");
      return Original(*ref);
    }
  }

  // 2. Event ids: normalise, generate missing ones, and detect retries of an earlier append.
  std::unordered_set<std::string> seen;
  std::vector<bool> provided(events.size(), true);
  std::optional<AppendRef> earlier;
  size_t known = 0;
  for (size_t i = 0; i < events.size(); ++i) {
    NewEvent& e = events[i];
    if (e.type.empty()) return Status::InvalidArgument("event type is empty");
    if (e.id.empty()) {
      e.id = NewUuidV4();
      provided[i] = false;
    } else {
      std::string norm;
      if (!NormalizeUuid(e.id, &norm))
        return Status::InvalidArgument("event id '" + e.id + "' is not a UUID");
      e.id = std::move(norm);
      auto found = FindId(e.id);
      if (!found.ok()) return found.status();
      if (*found) {
        if (earlier && earlier->first_position != (*found)->first_position)
          return Status::IdempotencyMismatch("event ids belong to different earlier appends");
        earlier = *found;
        ++known;
      }
    }
    if (!seen.insert(e.id).second)
      return Status::InvalidArgument("event id '" + e.id + "' appears twice in one append");
  }
  if (earlier) {
    if (earlier->stream != stream)
      return Status::IdempotencyMismatch("event id already recorded in stream '" +
                                         earlier->stream + "'");
    auto original = Original(*earlier);
    if (!original.ok()) return original;
    bool same = original->events.size() == events.size() && known == events.size();
    for (size_t i = 0; same && i < events.size(); ++i)
      same = original->events[i].id == events[i].id;
    if (!same)
      return Status::IdempotencyMismatch(
          "event ids partially match an earlier append at position " +
          std::to_string(earlier->first_position));
    return original;
  }

  // 3. Optimistic concurrency.
  auto version = VersionOf(stream);
  if (!version.ok()) return version.status();
  if (!req.expected.Matches(*version)) {
    std::string want = req.expected.kind() == ExpectedVersion::Kind::kNoStream
                           ? "no stream"
                           : "version " + std::to_string(req.expected.version());
    return Status::WrongExpectedVersion("stream '" + stream + "' expected " + want +
                                            ", actual version " + std::to_string(*version),
                                        *version);
  }

  // 4. Stamp, chain and record.
  AppendResult result;
  result.stream = stream;
  result.first_position = tip_.position + 1;
  int64_t at = std::max(now_us_, tip_.recorded_at);
  uint64_t v = *version;
  result.events.reserve(events.size());
  for (NewEvent& n : events) {
    RecordedEvent r;
    r.position = tip_.position + 1;
    r.stream = stream;
    r.stream_version = ++v;
    r.id = n.id;
    r.type = std::move(n.type);
    r.schema_version = n.schema_version;
    r.recorded_at = at;
    r.actor = ctx.actor;
    r.correlation_id = ctx.correlation_id;
    r.causation_id = ctx.causation_id;
    r.data = std::move(n.data);
    r.metadata = std::move(n.metadata);
    r.prev_hash = tip_.hash;
    unsigned char raw[kHashBytes];
    ComputeHashRawInto(std::string_view(tip_raw_.data(), kHashBytes), r, raw);
    std::memcpy(tip_raw_.data(), raw, kHashBytes);
    ToHexInto(std::string_view(tip_raw_.data(), kHashBytes), &r.hash);
    tip_.position = r.position;
    tip_.hash = r.hash;
    tip_.recorded_at = at;
    result.events.push_back(std::move(r));
  }
  result.last_position = tip_.position;
  result.stream_version = v;
  versions_[stream] = v;
  AppendRef ref{stream, result.first_position, result.last_position, ctx.request_fingerprint};
  for (size_t i = 0; i < result.events.size(); ++i)
    if (provided[i]) pending_ids_[result.events[i].id] = ref;
  if (!ctx.idempotency_key.empty()) pending_keys_[ctx.idempotency_key] = ref;
  new_appends_.push_back(NewAppend{stream, result.first_position, result.last_position, v,
                                   ctx.idempotency_key, ctx.request_fingerprint});
  auto& stored = pending_results_[result.first_position] = result;
  for (size_t i = 0; i < stored.events.size(); ++i) {
    new_events_.push_back(&stored.events[i]);
    new_event_indexed_.push_back(provided[i]);
  }
  return result;
}

}  // namespace kinerja::eventstore
