// Offline verification pieces shared by `kinerja verify`, `state` and `restore`: an independent
// hash-chain checker over events in position order (eventstore/hash_chain.h's canonical bytes)
// that also keeps the RFC 6962 leaf hashes to recompute Merkle roots, and the signed-checkpoint
// checks (C2SP note + Ed25519 public key, eventstore/checkpoint_signer.h).
// Thread-safety: a ChainChecker is used by one thread; the free functions are pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "eventstore/checkpoint_signer.h"
#include "eventstore/types.h"

namespace kinerja::cli {

struct ChainFailure {
  uint64_t position = 0;
  std::string reason;
};

class ChainChecker {
 public:
  // The first event must have `first_position`. `prev_hash_hex`: the hash it must link to
  // (genesis for position 1); empty: take the first event's prevHash as given (a range export).
  // `keep_leaves`: remember leaf hashes for RootAt (needs first_position == 1).
  ChainChecker(uint64_t first_position, std::string prev_hash_hex, bool keep_leaves);

  // Checks one event (position, link, recomputed hash). False from the first bad event on.
  bool Add(const eventstore::RecordedEvent& e);
  bool ok() const { return !failure_.has_value(); }
  const std::optional<ChainFailure>& failure() const { return failure_; }
  uint64_t checked() const { return checked_; }
  uint64_t next_position() const { return next_; }
  const std::string& last_hash() const { return prev_hex_; }

  // MTH of the first `size` events. REQUIRES: keep_leaves, first_position 1, size <= checked().
  std::string RootAt(uint64_t size) const;

 private:
  uint64_t next_;
  std::string prev_hex_;
  std::string prev_raw_;
  bool keep_leaves_;
  std::string leaves_;  // 32 bytes per event
  uint64_t checked_ = 0;
  std::optional<ChainFailure> failure_;
  std::string scratch_hex_;
};

// The raw 32-byte Ed25519 public key from a PEM file's text: a SubjectPublicKeyInfo
// ("PUBLIC KEY", as /v1/audit/public-key serves it) or a private key. False and *error otherwise.
bool Ed25519PublicKeyFromPem(const std::string& pem, std::string* raw, std::string* error);

// Parses a C2SP checkpoint note (its origin is the key name) and verifies its signature.
eventstore::Result<eventstore::SignedCheckpoint> VerifyCheckpointNote(const std::string& note,
                                                                      const std::string& public_key);

// Compares a verified checkpoint with the recomputed log: ok, "truncated" (the checkpoint covers
// more events than `available`), or a root mismatch. Returns an empty string when it matches.
std::string CompareCheckpoint(const eventstore::SignedCheckpoint& c, const ChainChecker& chain,
                              uint64_t available);

}  // namespace kinerja::cli
