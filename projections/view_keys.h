// Key layout of the view store's RocksDB (internal to projections/):
//   "format"                         -> "kinerja-views 1"
//   "d/<projection>/<key>"           -> document bytes
//   "m/<projection>/checkpoint"      -> 8-byte big-endian last applied position
//   "m/<projection>/version"         -> decimal projection version
//   "x/<projection>/<BE8 position>"  -> dead letter (JSON: position, stream, type, eventId, error)
// Projection names contain no '/', so "d/<p>/" never prefixes another projection's keys.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kinerja::projections::keys {

inline constexpr const char* kFormatKey = "format";
inline constexpr const char* kFormatValue = "kinerja-views 1";

std::string DocPrefix(std::string_view projection);  // "d/<p>/"
std::string Doc(std::string_view projection, std::string_view key);
std::string CheckpointKey(std::string_view projection);
std::string VersionKey(std::string_view projection);
std::string DeadLetterPrefix(std::string_view projection);  // "x/<p>/"
std::string DeadLetter(std::string_view projection, uint64_t position);

// The smallest string greater than every string starting with `prefix` ("" when none exists).
std::string PrefixSuccessor(std::string_view prefix);

std::string EncodeU64(uint64_t v);  // 8 bytes big-endian
bool DecodeU64(std::string_view bytes, uint64_t* v);

}  // namespace kinerja::projections::keys
