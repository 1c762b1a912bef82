// Value types of the event store: what goes in (NewEvent, AppendContext), what comes out
// (RecordedEvent, AppendResult) and how reads are bounded (AsOf, StreamRead, AllRead).
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace kinerja::eventstore {

// Optimistic concurrency condition of an append.
class ExpectedVersion {
 public:
  enum class Kind { kAny, kNoStream, kExact };
  static ExpectedVersion Any() { return ExpectedVersion(Kind::kAny, 0); }
  // The stream must not exist yet (its version is 0).
  static ExpectedVersion NoStream() { return ExpectedVersion(Kind::kNoStream, 0); }
  // The stream's current version must be exactly `version` (Exact(0) == NoStream()).
  static ExpectedVersion Exact(uint64_t version) {
    return version == 0 ? NoStream() : ExpectedVersion(Kind::kExact, version);
  }
  Kind kind() const { return kind_; }
  uint64_t version() const { return version_; }
  bool Matches(uint64_t actual) const {
    return kind_ == Kind::kAny || (kind_ == Kind::kNoStream ? actual == 0 : actual == version_);
  }

 private:
  ExpectedVersion(Kind kind, uint64_t version) : kind_(kind), version_(version) {}
  Kind kind_;
  uint64_t version_;
};

// An event to append. The store stamps position, stream version, time and hashes.
struct NewEvent {
  std::string id;  // UUID text (any case); empty: the store generates a random (v4) UUID.
  std::string type;  // Non-empty, e.g. "AppraisalRecorded".
  uint32_t schema_version = 1;
  std::string data;      // JSON text, stored byte for byte.
  std::string metadata;  // JSON text, stored byte for byte (may be empty).
};

// Who/why of an append; the same for every event of the append.
struct AppendContext {
  std::string actor;           // e.g. the NIP or service name from the token.
  std::string correlation_id;  // Request/correlation id.
  std::string causation_id;    // What caused it (a command id, or an event id for policies).
  // Optional. A retried append with the same key returns the first append's result (duplicate)
  // when request_fingerprint is equal, and kIdempotencyMismatch otherwise. Keys are global to
  // the store: scope them (e.g. "<actor>:<key>") if clients may collide.
  std::string idempotency_key;
  std::string request_fingerprint;  // e.g. SHA-256 of the request body; compared byte for byte.
};

// An event as stored. Hashes are lowercase hex of SHA-256 (64 characters).
struct RecordedEvent {
  uint64_t position = 0;        // Global, gap-free, starting at 1.
  std::string stream;
  uint64_t stream_version = 0;  // 1 for the first event of a stream.
  std::string id;               // Lowercase UUID text.
  std::string type;
  uint32_t schema_version = 1;
  int64_t recorded_at = 0;  // Microseconds since the Unix epoch, UTC; non-decreasing by position.
  std::string actor;
  std::string correlation_id;
  std::string causation_id;
  std::string data;
  std::string metadata;
  std::string prev_hash;  // Hash of position-1 (64 zeros for position 1).
  std::string hash;       // SHA-256(prev_hash bytes || canonical bytes), see README.

  bool operator==(const RecordedEvent& o) const;
  bool operator!=(const RecordedEvent& o) const { return !(*this == o); }
};

struct AppendResult {
  std::string stream;
  uint64_t first_position = 0;
  uint64_t last_position = 0;
  uint64_t stream_version = 0;  // The stream's version after the append.
  std::vector<RecordedEvent> events;
  bool duplicate = false;  // True when this is the stored result of an earlier identical append.
};

// An earlier append made with an idempotency key, as found by FindIdempotentAppend.
struct IdempotentAppend {
  std::string fingerprint;  // The request_fingerprint given with that append.
  AppendResult result;      // Its result, with duplicate = true.
};

// Bounds a read to what existed at a point: events with position <= position AND
// recorded_at <= recorded_at (each bound optional).
struct AsOf {
  std::optional<uint64_t> position;
  std::optional<int64_t> recorded_at;  // Microseconds since the epoch, UTC, inclusive.
  bool Admits(uint64_t pos, int64_t at) const {
    return (!position || pos <= *position) && (!recorded_at || at <= *recorded_at);
  }
};

enum class Direction { kForward, kBackward };

inline constexpr uint64_t kEndOfStream = std::numeric_limits<uint64_t>::max();
inline constexpr size_t kNoLimit = std::numeric_limits<size_t>::max();

struct StreamRead {
  // Forward: first version returned (>= 1). Backward: the highest version returned
  // (kEndOfStream = from the last visible one).
  uint64_t from_version = 1;
  Direction direction = Direction::kForward;
  size_t limit = kNoLimit;
  AsOf as_of;
};

struct AllRead {
  uint64_t from_position = 1;  // Inclusive.
  size_t limit = kNoLimit;     // Counts returned events (after the type filter).
  std::vector<std::string> types;  // Empty: every type; else only these types.
  AsOf as_of;
};

// Last position and its hash ("64 zeros" and 0 on an empty store).
struct Head {
  uint64_t position = 0;
  std::string hash;
  int64_t recorded_at = 0;
};

struct VerifyReport {
  bool ok = true;
  uint64_t checked = 0;               // Events whose hash was recomputed.
  uint64_t first_broken_position = 0;  // 0 when ok.
  std::string detail;                 // Why it broke, empty when ok.
  uint64_t last_position = 0;         // Last position checked.
  std::string head_hash;              // Hash of last_position as stored.
};

}  // namespace kinerja::eventstore
