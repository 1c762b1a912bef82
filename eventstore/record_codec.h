// Internal: the compact binary encoding of a RecordedEvent as stored in RocksDB (the value of
// an event key, see rocks_layout.h). Not part of the hash: the hash covers CanonicalBytes.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "eventstore/types.h"

namespace kinerja::eventstore {

inline constexpr char kRecordFormatV1 = 1;

// REQUIRES: e.prev_hash and e.hash are 64-character hex.
void EncodeRecord(const RecordedEvent& e, std::string* out);
// False when the bytes are not a valid record.
bool DecodeRecord(std::string_view in, RecordedEvent* e);
// A record decoded without copying: every string points into the encoded bytes, so it is valid
// only while they are. The hashes are the 32 raw bytes, not hex.
struct RecordView {
  uint64_t position = 0;
  uint64_t stream_version = 0;
  uint32_t schema_version = 0;
  int64_t recorded_at = 0;
  std::string_view stream, id, type, actor, correlation_id, causation_id, data, metadata;
  std::string_view prev_hash_raw, hash_raw;
};
// False when the bytes are not a valid record (the same rules as DecodeRecord).
bool DecodeRecordView(std::string_view in, RecordView* v);
// Reads only position and recorded_at (for binary searches by time).
bool DecodeRecordTime(std::string_view in, uint64_t* position, int64_t* recorded_at);

}  // namespace kinerja::eventstore
