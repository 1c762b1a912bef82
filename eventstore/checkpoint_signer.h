// Signed checkpoints of the verifiable log: an Ed25519 key pair kept in the data directory and
// the C2SP signed-note / tlog-checkpoint text format (https://c2sp.org/signed-note,
// https://c2sp.org/tlog-checkpoint), so Go's golang.org/x/mod/sumdb/note or any C2SP verifier
// can check them. A checkpoint note is exactly:
//
//   kinerja/<instansi>\n                     origin (also the key name)
//   <tree size, decimal>\n
//   <root hash, standard base64 with padding>\n
//   time <RFC 3339 UTC with microseconds, e.g. 2026-01-05T01:00:00.000000Z>\n
//   \n
//   — kinerja/<instansi> <base64(key id (4 bytes) || Ed25519 signature (64 bytes))>\n
//
// The signature covers the first four lines (the "body", with its final newline). key id =
// SHA-256(key name || "\n" || 0x01 || raw 32-byte public key)[0:4]. The JSON form is
// SignedCheckpoint::ToJson() (see eventstore/README.md "Verifiable log").
// Thread-safety: CheckpointSigner is immutable after LoadOrCreate and may sign from any thread;
// the free functions are pure.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "eventstore/status.h"

namespace kinerja::eventstore {

struct SignedCheckpoint {
  std::string origin;     // "kinerja/<instansi>"
  uint64_t tree_size = 0;
  std::string root_hash;  // raw 32 bytes
  int64_t time_us = 0;    // microseconds since the epoch, UTC
  std::string key_id;     // raw 4 bytes
  std::string signature;  // raw 64-byte Ed25519 signature over Body()

  // The signed text (four lines, each ending in '\n').
  std::string Body() const;
  // The whole signed note (body, blank line, signature line).
  std::string Note() const;
  // {"origin","treeSize","rootHash" (hex),"time" (RFC 3339),"timestampMicros","keyName",
  //  "keyId" (hex),"signature" (base64),"note" (Note())}
  std::string ToJson() const;
};

class CheckpointSigner {
 public:
  // Loads <dir>/checkpoint-ed25519.pem (PKCS#8 PEM), or generates the key pair there (mode
  // 0600, directory created 0700) when it does not exist. Refuses a key file that group or others
  // can read, a key that is not Ed25519, and an origin that is empty, has spaces, '+' or
  // newlines. Errors: kInvalidArgument, kIOError.
  static Result<std::unique_ptr<CheckpointSigner>> LoadOrCreate(const std::string& dir,
                                                               std::string origin);
  ~CheckpointSigner();
  CheckpointSigner(const CheckpointSigner&) = delete;
  CheckpointSigner& operator=(const CheckpointSigner&) = delete;

  // Signs (tree_size, root_hash (raw 32 bytes), time_us).
  Result<SignedCheckpoint> Sign(uint64_t tree_size, const std::string& root_hash,
                                int64_t time_us) const;

  const std::string& origin() const { return origin_; }
  const std::string& public_key() const { return public_key_; }  // raw 32 bytes
  const std::string& public_key_pem() const { return public_key_pem_; }  // SubjectPublicKeyInfo
  const std::string& key_id() const { return key_id_; }          // raw 4 bytes
  // The C2SP verifier key: "<name>+<key id hex>+<base64(0x01 || public key)>".
  std::string VerifierKey() const;
  static constexpr const char* kKeyFileName = "checkpoint-ed25519.pem";

 private:
  struct Key;
  CheckpointSigner() = default;
  std::unique_ptr<Key> key_;
  std::string origin_;
  std::string public_key_;
  std::string public_key_pem_;
  std::string key_id_;
};

// SHA-256(key_name || "\n" || 0x01 || public_key)[0:4].
std::string CheckpointKeyId(std::string_view key_name, std::string_view public_key);
// Parses a checkpoint note and verifies its signature with the raw Ed25519 public key (the
// signature line must carry `key_name` and its key id). kInvalidArgument when malformed,
// kCorruption when the signature does not verify.
Result<SignedCheckpoint> ParseAndVerifyCheckpoint(std::string_view note, std::string_view key_name,
                                                  std::string_view public_key);

std::string Base64Encode(std::string_view raw);
// Standard alphabet with padding; false on anything else.
bool Base64Decode(std::string_view text, std::string* raw);
// "YYYY-MM-DDTHH:MM:SS.ffffffZ"
std::string FormatRfc3339Micros(int64_t time_us);

}  // namespace kinerja::eventstore
