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
// Reads only position and recorded_at (for binary searches by time).
bool DecodeRecordTime(std::string_view in, uint64_t* position, int64_t* recorded_at);

}  // namespace kinerja::eventstore
