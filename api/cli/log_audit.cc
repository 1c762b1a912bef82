#include "api/cli/log_audit.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

#include "eventstore/hash_chain.h"
#include "eventstore/merkle.h"

namespace kinerja::cli {

namespace es = eventstore;

ChainChecker::ChainChecker(uint64_t first_position, std::string prev_hash_hex, bool keep_leaves)
    : next_(first_position), prev_hex_(std::move(prev_hash_hex)), keep_leaves_(keep_leaves) {
  if (!prev_hex_.empty() && !es::FromHex(prev_hex_, &prev_raw_)) prev_raw_.clear();
}

bool ChainChecker::Add(const es::RecordedEvent& e) {
  if (failure_) return false;
  auto fail = [&](uint64_t position, std::string why) {
    failure_ = ChainFailure{position, std::move(why)};
    return false;
  };
  if (e.position != next_) {
    return fail(next_, e.position > next_
                           ? "position gap: expected position " + std::to_string(next_) +
                                 ", found " + std::to_string(e.position)
                           : "position out of order: expected " + std::to_string(next_) +
                                 ", found " + std::to_string(e.position));
  }
  if (prev_hex_.empty()) {  // first event of a range: its prevHash is taken as given
    if (!es::FromHex(e.prev_hash, &prev_raw_) || prev_raw_.size() != es::kHashBytes) {
      return fail(e.position, "prevHash is not a 64-character hex SHA-256");
    }
    prev_hex_ = e.prev_hash;
  }
  if (e.prev_hash != prev_hex_) {
    return fail(e.position, "prevHash " + e.prev_hash + " does not link to the hash of position " +
                                std::to_string(e.position - 1) + " (" + prev_hex_ + ")");
  }
  const std::string raw = es::ComputeHashRaw(prev_raw_, e);
  es::ToHexInto(raw, &scratch_hex_);
  if (scratch_hex_ != e.hash) {
    return fail(e.position, "hash mismatch: the event's content hashes to " + scratch_hex_ +
                                " but its recorded hash is " + e.hash +
                                " (the event was altered)");
  }
  prev_raw_ = raw;
  prev_hex_ = e.hash;
  if (keep_leaves_) leaves_ += es::merkle::LeafHash(raw);
  ++checked_;
  ++next_;
  return true;
}

std::string ChainChecker::RootAt(uint64_t size) const {
  es::merkle::MerkleFrontier frontier;
  for (uint64_t i = 0; i < size && (i + 1) * es::kHashBytes <= leaves_.size(); ++i) {
    frontier.Append(leaves_.substr(i * es::kHashBytes, es::kHashBytes), nullptr);
  }
  return frontier.Root();
}

bool Ed25519PublicKeyFromPem(const std::string& pem, std::string* raw, std::string* error) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
                                                &BIO_free);
  EVP_PKEY* key = PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr);
  if (key == nullptr) {
    std::unique_ptr<BIO, decltype(&BIO_free)> again(
        BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
    key = PEM_read_bio_PrivateKey(again.get(), nullptr, nullptr, nullptr);
  }
  if (key == nullptr) {
    *error = "not a PEM public or private key";
    return false;
  }
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> owned(key, &EVP_PKEY_free);
  if (EVP_PKEY_id(key) != EVP_PKEY_ED25519) {
    *error = "the key is not an Ed25519 key";
    return false;
  }
  size_t len = 32;
  raw->assign(32, '\0');
  if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(raw->data()), &len) != 1 ||
      len != 32) {
    *error = "cannot read the Ed25519 public key";
    return false;
  }
  return true;
}

es::Result<es::SignedCheckpoint> VerifyCheckpointNote(const std::string& note,
                                                      const std::string& public_key) {
  const size_t nl = note.find('\n');
  if (nl == std::string::npos) return es::Status::InvalidArgument("not a checkpoint note");
  return es::ParseAndVerifyCheckpoint(note, note.substr(0, nl), public_key);
}

std::string CompareCheckpoint(const es::SignedCheckpoint& c, const ChainChecker& chain,
                              uint64_t available) {
  if (c.tree_size > available) {
    return "truncated: the signed checkpoint covers " + std::to_string(c.tree_size) +
           " events but only " + std::to_string(available) + " are present (events " +
           std::to_string(available + 1) + ".." + std::to_string(c.tree_size) + " are missing)";
  }
  const std::string root = chain.RootAt(c.tree_size);
  if (root != c.root_hash) {
    return "Merkle root of the first " + std::to_string(c.tree_size) + " events is " +
           es::ToHex(root) + " but the signed checkpoint says " + es::ToHex(c.root_hash) +
           " (the log was rewritten)";
  }
  return "";
}

}  // namespace kinerja::cli
