// RFC 6962 / RFC 9162 Merkle tree math over the event log: leaf and node hashes, the tree head of
// n leaves, inclusion proofs (audit paths), consistency proofs, their verification, and a
// frontier (the perfect subtrees of the right edge) that builds a tree leaf by leaf.
//
// Hashes are raw 32-byte SHA-256 strings:
//   LeafHash(d)    = SHA-256(0x00 || d)
//   NodeHash(l, r) = SHA-256(0x01 || l || r)
//   MTH({})        = SHA-256("")
// In kinerja a leaf's data d is the raw 32-byte chain hash of the event (leaf index = position-1),
// see eventstore/README.md "Verifiable log".
//
// Tree shapes are read through a NodeReader that returns the hash of a perfect subtree
// (level L, index i covers leaves [i * 2^L, (i+1) * 2^L)); RootHash and the proofs need O(log n)
// reads when the reader is backed by stored perfect subtrees (merkle_index.h).
// Thread-safety: pure functions; MerkleFrontier is a plain value (one writer).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "eventstore/status.h"

namespace kinerja::eventstore::merkle {

inline constexpr size_t kHashSize = 32;

std::string LeafHash(std::string_view leaf_data);
std::string NodeHash(std::string_view left, std::string_view right);
// MTH of the empty tree: SHA-256 of no bytes.
std::string EmptyRoot();
// The largest power of two strictly smaller than n. REQUIRES: n >= 2.
uint64_t SplitPoint(uint64_t n);

// Hash of the perfect subtree (level, index). Errors propagate to the caller.
using NodeReader = std::function<Result<std::string>(uint32_t level, uint64_t index)>;

// MTH of leaves [begin, end). REQUIRES: begin < end.
Result<std::string> RangeHash(uint64_t begin, uint64_t end, const NodeReader& read);
// MTH of the first `size` leaves (EmptyRoot() for 0).
Result<std::string> RootHash(uint64_t size, const NodeReader& read);
// PATH(leaf_index, D[size]) of RFC 9162 §2.1.3.1, leaf-side sibling first.
// kInvalidArgument unless leaf_index < size.
Result<std::vector<std::string>> InclusionProof(uint64_t leaf_index, uint64_t size,
                                                const NodeReader& read);
// PROOF(old_size, D[new_size]) of RFC 9162 §2.1.4.1 (empty when old_size == new_size).
// kInvalidArgument unless 0 < old_size <= new_size.
Result<std::vector<std::string>> ConsistencyProof(uint64_t old_size, uint64_t new_size,
                                                  const NodeReader& read);

// RFC 9162 §2.1.3.2: does `proof` take `leaf_hash` at leaf_index to `root` of a tree of `size`?
bool VerifyInclusion(uint64_t leaf_index, uint64_t size, std::string_view leaf_hash,
                     const std::vector<std::string>& proof, std::string_view root);
// RFC 9162 §2.1.4.2: is the tree of new_size (new_root) an append-only extension of the tree
// of old_size (old_root)? old_size == new_size: proof empty and roots equal. old_size 0: false.
bool VerifyConsistency(uint64_t old_size, uint64_t new_size, std::string_view old_root,
                       std::string_view new_root, const std::vector<std::string>& proof);

// The right edge of a tree being built leaf by leaf: one perfect subtree per set bit of size().
class MerkleFrontier {
 public:
  struct Node {
    uint32_t level = 0;
    uint64_t index = 0;
    std::string hash;
  };
  // Appends a leaf HASH (LeafHash(data)); adds to *completed every perfect subtree it completes
  // (the leaf itself at level 0 first, then higher levels), for callers that store them.
  void Append(std::string leaf_hash, std::vector<Node>* completed);
  uint64_t size() const { return size_; }
  // MTH of the leaves appended so far.
  std::string Root() const;
  // The frontier of a tree of `size` leaves, from its stored perfect subtrees.
  static Result<MerkleFrontier> Restore(uint64_t size, const NodeReader& read);

 private:
  uint64_t size_ = 0;
  std::vector<std::string> stack_;  // perfect subtree hashes, highest level first
};

}  // namespace kinerja::eventstore::merkle
