// Internal: decides what one group of appends writes. Shared by both stores so they behave the
// same: idempotency (keys, then event ids), expected-version checks, gap-free positions,
// monotonic recorded time and the hash chain. It writes nothing; the store persists the
// planned records and then adopts the planner's state (Commit*) only if the write succeeded.
// Thread-safety: one planner is used by one thread (the group-commit leader) at a time.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "eventstore/status.h"
#include "eventstore/types.h"

namespace kinerja::eventstore {

// Where an earlier append lives: every event id and idempotency key points at one.
struct AppendRef {
  std::string stream;
  uint64_t first_position = 0;
  uint64_t last_position = 0;
  std::string fingerprint;  // Only for idempotency keys.
};

// The stored answer of an append found by its idempotency key. REQUIRES: !events.empty().
IdempotentAppend IdempotentAppendFrom(const AppendRef& ref, std::vector<RecordedEvent> events);

// What the planner needs to know about committed state.
class PlannerLookup {
 public:
  virtual ~PlannerLookup() = default;
  virtual Result<uint64_t> CommittedStreamVersion(const std::string& stream) = 0;
  virtual Result<std::optional<AppendRef>> CommittedEventId(const std::string& id) = 0;
  virtual Result<std::optional<AppendRef>> CommittedIdempotencyKey(const std::string& key) = 0;
  virtual Result<std::vector<RecordedEvent>> CommittedRange(uint64_t first, uint64_t last) = 0;
};

// The last committed event: where the chain continues.
struct ChainTip {
  uint64_t position = 0;
  std::string hash;  // hex; GenesisHashHex() when empty.
  int64_t recorded_at = INT64_MIN;
};

struct AppendRequest {
  const std::string* stream;
  ExpectedVersion expected;
  std::vector<NewEvent>* events;
  const AppendContext* context;
};

class AppendPlanner {
 public:
  AppendPlanner(PlannerLookup* lookup, ChainTip tip, int64_t now_us);

  // Plans one append on top of everything planned before in this group. A failed plan
  // changes nothing. On success with !duplicate, the new events are in new_events().
  Result<AppendResult> Plan(const AppendRequest& request);

  // Everything to persist, in position order.
  const std::vector<const RecordedEvent*>& new_events() const { return new_events_; }
  // Parallel to new_events(): whether the id came from the caller and so goes into the event-id
  // index. Ids the store generated cannot be retried by id (the caller never knew them) and
  // random v4 ids do not collide, so they are not indexed.
  const std::vector<bool>& new_event_indexed() const { return new_event_indexed_; }
  struct NewAppend {
    std::string stream;
    uint64_t first_position, last_position, stream_version;
    std::string idempotency_key, fingerprint;
  };
  const std::vector<NewAppend>& new_appends() const { return new_appends_; }
  const ChainTip& tip() const { return tip_; }
  // Stream versions after the group (for the store's cache).
  const std::unordered_map<std::string, uint64_t>& stream_versions() const { return versions_; }

 private:
  Result<AppendResult> Original(const AppendRef& ref);
  Result<uint64_t> VersionOf(const std::string& stream);
  Result<std::optional<AppendRef>> FindId(const std::string& id);

  PlannerLookup* lookup_;
  ChainTip tip_;
  std::array<char, 32> tip_raw_{};  // tip_.hash as raw bytes: what the next hash chains to.
  int64_t now_us_;
  std::unordered_map<std::string, uint64_t> versions_;
  std::unordered_map<std::string, AppendRef> pending_ids_;
  std::unordered_map<std::string, AppendRef> pending_keys_;
  // Planned (not yet written) appends by first position, for duplicates inside the group.
  std::unordered_map<uint64_t, AppendResult> pending_results_;
  std::vector<const RecordedEvent*> new_events_;
  std::vector<bool> new_event_indexed_;
  std::vector<NewAppend> new_appends_;
};

// Validates a stream name: non-empty, at most 1024 bytes, no NUL byte.
Status ValidateStreamName(const std::string& stream);

}  // namespace kinerja::eventstore
