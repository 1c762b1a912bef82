// Tamper evidence: the canonical bytes of an event and its chained SHA-256 hash, exactly as
// documented in eventstore/README.md so an outside verifier can recompute them.
// Thread-safety: pure functions, callable from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "eventstore/record_codec.h"
#include "eventstore/types.h"

namespace kinerja::eventstore {

inline constexpr size_t kHashBytes = 32;

// Fixed-order, length-prefixed concatenation of every envelope field (not prev_hash/hash).
std::string CanonicalBytes(const RecordedEvent& e);
// Raw 32-byte SHA-256(prev_hash_raw || CanonicalBytes(e)).
std::string ComputeHashRaw(std::string_view prev_hash_raw, const RecordedEvent& e);
// The same hash into out[0..31], without allocating (a thread-local buffer holds the canonical
// bytes): for the append path and for Verify, which hashes records straight from RocksDB.
void ComputeHashRawInto(std::string_view prev_hash_raw, const RecordedEvent& e,
                        unsigned char out[kHashBytes]);
void ComputeHashRawInto(std::string_view prev_hash_raw, const RecordView& v,
                        unsigned char out[kHashBytes]);
// Raw 32-byte SHA-256 of arbitrary bytes.
std::string Sha256Raw(std::string_view bytes);

std::string ToHex(std::string_view raw);
// Same, into *out (reusing its capacity).
void ToHexInto(std::string_view raw, std::string* out);
// Appends the bytes `hex` encodes to *out; false (out unchanged) when it is not hex.
bool AppendFromHex(std::string_view hex, std::string* out);
// Returns false when `hex` is not lowercase/uppercase hex of even length.
bool FromHex(std::string_view hex, std::string* raw);
// 64 '0' characters: the prev_hash of position 1.
const std::string& GenesisHashHex();

}  // namespace kinerja::eventstore
