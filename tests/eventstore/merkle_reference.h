// An independent RFC 6962 §2.1 / RFC 9162 §2.1 reference, written straight from the RFC text for
// the tests: recursive MTH, PATH and PROOF over the raw leaves, and the verification algorithms of
// RFC 9162 §2.1.3.2 and §2.1.4.2. It uses OpenSSL's SHA256() directly and shares no code with
// eventstore/merkle.*, so the code under test is checked against something it did not compute.
// Thread-safety: pure functions.
#pragma once

#include <openssl/sha.h>

#include <cstdint>
#include <string>
#include <vector>

namespace kinerja::merkle_reference {

using Bytes = std::string;

inline Bytes Sha(const Bytes& in) {
  unsigned char out[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(in.data()), in.size(), out);
  return Bytes(reinterpret_cast<char*>(out), sizeof out);
}

inline Bytes Leaf(const Bytes& d) { return Sha(Bytes(1, '\0') + d); }
inline Bytes Node(const Bytes& l, const Bytes& r) { return Sha(Bytes(1, '\1') + l + r); }

// k: the largest power of two smaller than n (n > 1).
inline uint64_t K(uint64_t n) {
  uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

inline std::vector<Bytes> Slice(const std::vector<Bytes>& d, uint64_t from, uint64_t to) {
  return std::vector<Bytes>(d.begin() + from, d.begin() + to);
}

// MTH(D[n]) over the raw leaf data.
inline Bytes Mth(const std::vector<Bytes>& d) {
  if (d.empty()) return Sha("");
  if (d.size() == 1) return Leaf(d[0]);
  const uint64_t k = K(d.size());
  return Node(Mth(Slice(d, 0, k)), Mth(Slice(d, k, d.size())));
}

// PATH(m, D[n]).
inline std::vector<Bytes> Path(uint64_t m, const std::vector<Bytes>& d) {
  if (d.size() <= 1) return {};
  const uint64_t n = d.size(), k = K(n);
  std::vector<Bytes> out;
  if (m < k) {
    out = Path(m, Slice(d, 0, k));
    out.push_back(Mth(Slice(d, k, n)));
  } else {
    out = Path(m - k, Slice(d, k, n));
    out.push_back(Mth(Slice(d, 0, k)));
  }
  return out;
}

// SUBPROOF(m, D[n], b).
inline std::vector<Bytes> Subproof(uint64_t m, const std::vector<Bytes>& d, bool b) {
  const uint64_t n = d.size();
  if (m == n) return b ? std::vector<Bytes>{} : std::vector<Bytes>{Mth(d)};
  const uint64_t k = K(n);
  std::vector<Bytes> out;
  if (m <= k) {
    out = Subproof(m, Slice(d, 0, k), b);
    out.push_back(Mth(Slice(d, k, n)));
  } else {
    out = Subproof(m - k, Slice(d, k, n), false);
    out.push_back(Mth(Slice(d, 0, k)));
  }
  return out;
}

// PROOF(m, D[n]).
inline std::vector<Bytes> Proof(uint64_t m, const std::vector<Bytes>& d) {
  return Subproof(m, d, true);
}

// RFC 9162 §2.1.3.2.
inline bool VerifyInclusion(uint64_t leaf_index, uint64_t tree_size, const Bytes& leaf_hash,
                            const std::vector<Bytes>& path, const Bytes& root) {
  if (leaf_index >= tree_size) return false;
  uint64_t fn = leaf_index, sn = tree_size - 1;
  Bytes r = leaf_hash;
  for (const Bytes& p : path) {
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      r = Node(p, r);
      while (!(fn & 1) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = Node(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

// RFC 9162 §2.1.4.2 (first < second; first == second is trivially "same root, empty proof").
inline bool VerifyConsistency(uint64_t first, uint64_t second, const Bytes& first_hash,
                              const Bytes& second_hash, std::vector<Bytes> path) {
  if (first == second) return path.empty() && first_hash == second_hash;
  if (first == 0 || first > second || path.empty()) return false;
  if ((first & (first - 1)) == 0) path.insert(path.begin(), first_hash);
  uint64_t fn = first - 1, sn = second - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Bytes fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      fr = Node(path[i], fr);
      sr = Node(path[i], sr);
      while (!(fn & 1) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = Node(sr, path[i]);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && fr == first_hash && sr == second_hash;
}

}  // namespace kinerja::merkle_reference
