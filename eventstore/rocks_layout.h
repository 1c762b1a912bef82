// Internal but stable: the key layout of the RocksDB event store (one column family, the
// default). Exposed so tests (tamper detection) and tools (export) can read or rewrite keys
// directly. All integers in keys and index values are big-endian so keys sort numerically.
//
//   "mformat"                         -> decimal format version ("1")
//   'e' pos(8)                        -> binary record (record_codec.h)
//   's' stream                        -> stream version(8)
//   'r' stream 0x00 version(8)        -> pos(8)
//   'i' event-id (36 chars)           -> first pos(8) last pos(8) stream      (of its append)
//   'k' idempotency key               -> first(8) last(8) len(stream)(4) stream fingerprint
//   'c' checkpoint name               -> pos(8)
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kinerja::eventstore::layout {

inline constexpr int kFormatVersion = 1;
inline constexpr char kFormatKey[] = "mformat";

void AppendBigEndian64(std::string* out, uint64_t v);
uint64_t ReadBigEndian64(const char* p);

std::string EventKey(uint64_t position);
// False when `key` is not an event key.
bool ParseEventKey(std::string_view key, uint64_t* position);
std::string StreamVersionKey(const std::string& stream);
std::string StreamIndexKey(const std::string& stream, uint64_t version);
// The prefix every StreamIndexKey of `stream` starts with.
std::string StreamIndexPrefix(const std::string& stream);
std::string EventIdKey(const std::string& id);
std::string IdempotencyKey(const std::string& key);
std::string CheckpointKey(const std::string& name);

}  // namespace kinerja::eventstore::layout
