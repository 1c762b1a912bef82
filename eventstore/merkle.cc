#include "eventstore/merkle.h"

#include <algorithm>

#include "eventstore/hash_chain.h"

namespace kinerja::eventstore::merkle {
namespace {

bool IsPowerOfTwo(uint64_t n) { return n != 0 && (n & (n - 1)) == 0; }

uint32_t Log2(uint64_t power_of_two) {
  uint32_t level = 0;
  while ((uint64_t{1} << level) < power_of_two) ++level;
  return level;
}

}  // namespace

std::string LeafHash(std::string_view leaf_data) {
  std::string buf;
  buf.reserve(1 + leaf_data.size());
  buf.push_back('\x00');
  buf.append(leaf_data.data(), leaf_data.size());
  return Sha256Raw(buf);
}

std::string NodeHash(std::string_view left, std::string_view right) {
  std::string buf;
  buf.reserve(1 + left.size() + right.size());
  buf.push_back('\x01');
  buf.append(left.data(), left.size());
  buf.append(right.data(), right.size());
  return Sha256Raw(buf);
}

std::string EmptyRoot() { return Sha256Raw(std::string_view()); }

uint64_t SplitPoint(uint64_t n) {
  uint64_t k = 1;
  while (k < n - k) k <<= 1;  // largest power of two < n, without overflowing
  return k;
}

Result<std::string> RangeHash(uint64_t begin, uint64_t end, const NodeReader& read) {
  if (begin >= end) return Status::InvalidArgument("empty leaf range");
  const uint64_t len = end - begin;
  if (IsPowerOfTwo(len) && begin % len == 0) {
    const uint32_t level = Log2(len);
    return read(level, begin >> level);
  }
  const uint64_t k = SplitPoint(len);
  auto left = RangeHash(begin, begin + k, read);
  if (!left.ok()) return left.status();
  auto right = RangeHash(begin + k, end, read);
  if (!right.ok()) return right.status();
  return NodeHash(left.value(), right.value());
}

Result<std::string> RootHash(uint64_t size, const NodeReader& read) {
  if (size == 0) return EmptyRoot();
  return RangeHash(0, size, read);
}

Result<std::vector<std::string>> InclusionProof(uint64_t leaf_index, uint64_t size,
                                                const NodeReader& read) {
  if (leaf_index >= size) {
    return Status::InvalidArgument("leaf index " + std::to_string(leaf_index) +
                                   " is not in a tree of " + std::to_string(size) + " leaves");
  }
  std::vector<std::string> path;
  uint64_t lo = 0, hi = size;
  while (hi - lo > 1) {
    const uint64_t k = SplitPoint(hi - lo);
    Result<std::string> sibling = std::string();
    if (leaf_index - lo < k) {
      sibling = RangeHash(lo + k, hi, read);
      hi = lo + k;
    } else {
      sibling = RangeHash(lo, lo + k, read);
      lo += k;
    }
    if (!sibling.ok()) return sibling.status();
    path.push_back(std::move(sibling).value());
  }
  std::reverse(path.begin(), path.end());
  return path;
}

Result<std::vector<std::string>> ConsistencyProof(uint64_t old_size, uint64_t new_size,
                                                  const NodeReader& read) {
  if (old_size == 0 || old_size > new_size) {
    return Status::InvalidArgument("no consistency proof from " + std::to_string(old_size) +
                                   " to " + std::to_string(new_size) + " leaves");
  }
  std::vector<std::string> proof;
  uint64_t lo = 0, hi = new_size, m = old_size;
  bool whole = true;  // the b flag of SUBPROOF: m is still the whole old tree
  while (true) {
    if (m == hi - lo) {
      if (!whole) {
        auto node = RangeHash(lo, hi, read);
        if (!node.ok()) return node.status();
        proof.push_back(std::move(node).value());
      }
      break;
    }
    const uint64_t k = SplitPoint(hi - lo);
    Result<std::string> node = std::string();
    if (m <= k) {
      node = RangeHash(lo + k, hi, read);
      hi = lo + k;
    } else {
      node = RangeHash(lo, lo + k, read);
      m -= k;
      lo += k;
      whole = false;
    }
    if (!node.ok()) return node.status();
    proof.push_back(std::move(node).value());
  }
  std::reverse(proof.begin(), proof.end());
  return proof;
}

bool VerifyInclusion(uint64_t leaf_index, uint64_t size, std::string_view leaf_hash,
                     const std::vector<std::string>& proof, std::string_view root) {
  if (leaf_index >= size || leaf_hash.size() != kHashSize) return false;
  uint64_t fn = leaf_index, sn = size - 1;
  std::string r(leaf_hash);
  for (const std::string& p : proof) {
    if (sn == 0 || p.size() != kHashSize) return false;
    if ((fn & 1) == 1 || fn == sn) {
      r = NodeHash(p, r);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

bool VerifyConsistency(uint64_t old_size, uint64_t new_size, std::string_view old_root,
                       std::string_view new_root, const std::vector<std::string>& proof) {
  if (old_size == 0 || old_size > new_size) return false;
  if (old_size == new_size) return proof.empty() && old_root == new_root;
  if (proof.empty()) return false;
  std::vector<std::string> path;
  if (IsPowerOfTwo(old_size)) path.emplace_back(old_root);
  path.insert(path.end(), proof.begin(), proof.end());
  for (const auto& p : path) {
    if (p.size() != kHashSize) return false;
  }
  uint64_t fn = old_size - 1, sn = new_size - 1;
  while ((fn & 1) == 1) {
    fn >>= 1;
    sn >>= 1;
  }
  std::string fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const std::string& c = path[i];
    if (sn == 0) return false;
    if ((fn & 1) == 1 || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && fr == old_root && sr == new_root;
}

void MerkleFrontier::Append(std::string leaf_hash, std::vector<Node>* completed) {
  const uint64_t index = size_;
  if (completed) completed->push_back(Node{0, index, leaf_hash});
  std::string h = std::move(leaf_hash);
  uint32_t level = 0;
  while ((index >> level) & 1) {
    h = NodeHash(stack_.back(), h);
    stack_.pop_back();
    ++level;
    if (completed) completed->push_back(Node{level, index >> level, h});
  }
  stack_.push_back(std::move(h));
  ++size_;
}

std::string MerkleFrontier::Root() const {
  if (stack_.empty()) return EmptyRoot();
  std::string r = stack_.back();
  for (size_t i = stack_.size() - 1; i-- > 0;) r = NodeHash(stack_[i], r);
  return r;
}

Result<MerkleFrontier> MerkleFrontier::Restore(uint64_t size, const NodeReader& read) {
  MerkleFrontier f;
  uint64_t offset = 0;
  for (int level = 63; level >= 0; --level) {
    const uint64_t bit = uint64_t{1} << level;
    if ((size & bit) == 0) continue;
    auto node = read(static_cast<uint32_t>(level), offset >> level);
    if (!node.ok()) return node.status();
    f.stack_.push_back(std::move(node).value());
    offset += bit;
  }
  f.size_ = size;
  return f;
}

}  // namespace kinerja::eventstore::merkle
