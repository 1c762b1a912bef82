// The RFC 6962/9162 tree math of eventstore/merkle.h against the independent reference of
// merkle_reference.h, for every tree size 1..70 and every leaf / old size.
#include <gtest/gtest.h>

#include <map>
#include <utility>

#include "eventstore/merkle.h"
#include "tests/eventstore/merkle_reference.h"

namespace kinerja::eventstore {
namespace {

namespace ref = merkle_reference;
constexpr uint64_t kMaxLeaves = 70;

std::vector<std::string> Leaves(uint64_t n) {
  std::vector<std::string> d;
  for (uint64_t i = 0; i < n; ++i) d.push_back(ref::Sha("event " + std::to_string(i)));
  return d;
}

// Perfect subtrees computed by the reference's MTH (not by the code under test).
merkle::NodeReader ReferenceReader(const std::vector<std::string>& d) {
  return [&d](uint32_t level, uint64_t index) -> Result<std::string> {
    const uint64_t begin = index << level, end = (index + 1) << level;
    if (end > d.size()) return Status::NotFound("beyond the leaves");
    return ref::Mth(ref::Slice(d, begin, end));
  };
}

std::string Flip(std::string h) {
  h[h.size() / 2] ^= 0x40;
  return h;
}

TEST(MerkleTree, HashesAreTheRfcOnes) {
  EXPECT_EQ(merkle::EmptyRoot(), ref::Sha(""));
  EXPECT_EQ(merkle::LeafHash("abc"), ref::Leaf("abc"));
  EXPECT_EQ(merkle::NodeHash("l", "r"), ref::Node("l", "r"));
  // Known values: SHA-256 of the empty string, and MTH of one empty leaf (SHA-256 of 0x00).
  auto hex = [](const std::string& raw) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : raw) {
      out += digits[c >> 4];
      out += digits[c & 15];
    }
    return out;
  };
  EXPECT_EQ(hex(merkle::EmptyRoot()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex(merkle::LeafHash("")),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
}

TEST(MerkleTree, RootsOfEverySizeMatchTheReference) {
  const auto d = Leaves(kMaxLeaves);
  merkle::MerkleFrontier frontier;
  std::map<std::pair<uint32_t, uint64_t>, std::string> stored;
  auto from_frontier = [&stored](uint32_t level, uint64_t index) -> Result<std::string> {
    auto it = stored.find({level, index});
    if (it == stored.end()) return Status::NotFound("node not stored");
    return it->second;
  };
  for (uint64_t n = 1; n <= kMaxLeaves; ++n) {
    std::vector<merkle::MerkleFrontier::Node> completed;
    frontier.Append(merkle::LeafHash(d[n - 1]), &completed);
    for (auto& node : completed) stored[{node.level, node.index}] = node.hash;
    const auto prefix = ref::Slice(d, 0, n);
    const std::string expected = ref::Mth(prefix);
    EXPECT_EQ(frontier.Root(), expected) << n;
    auto root = merkle::RootHash(n, from_frontier);
    ASSERT_TRUE(root.ok()) << n << " " << root.status().ToString();
    EXPECT_EQ(root.value(), expected) << n;
    auto restored = merkle::MerkleFrontier::Restore(n, from_frontier);
    ASSERT_TRUE(restored.ok());
    EXPECT_EQ(restored.value().Root(), expected) << n;
    // Every stored node is the reference MTH of its leaves.
    for (const auto& [key, hash] : stored) {
      const uint64_t begin = key.second << key.first, end = (key.second + 1) << key.first;
      ASSERT_LE(end, n);
      EXPECT_EQ(hash, ref::Mth(ref::Slice(d, begin, end)));
    }
  }
  EXPECT_EQ(merkle::RootHash(0, from_frontier).value(), ref::Sha(""));
}

TEST(MerkleTree, InclusionProofsOfEveryLeafMatchAndVerify) {
  const auto all = Leaves(kMaxLeaves);
  for (uint64_t n = 1; n <= kMaxLeaves; ++n) {
    const auto d = ref::Slice(all, 0, n);
    const std::string root = ref::Mth(d);
    const auto reader = ReferenceReader(d);
    for (uint64_t m = 0; m < n; ++m) {
      auto proof = merkle::InclusionProof(m, n, reader);
      ASSERT_TRUE(proof.ok()) << proof.status().ToString();
      ASSERT_EQ(proof.value(), ref::Path(m, d)) << "m=" << m << " n=" << n;
      const std::string leaf = ref::Leaf(d[m]);
      EXPECT_TRUE(ref::VerifyInclusion(m, n, leaf, proof.value(), root));
      EXPECT_TRUE(merkle::VerifyInclusion(m, n, leaf, proof.value(), root)) << m << "/" << n;
      // Anything else must fail.
      EXPECT_FALSE(merkle::VerifyInclusion(m, n, Flip(leaf), proof.value(), root));
      EXPECT_FALSE(merkle::VerifyInclusion(m, n, leaf, proof.value(), Flip(root)));
      if (n > 1) {
        EXPECT_FALSE(merkle::VerifyInclusion((m + 1) % n, n, leaf, proof.value(), root));
        auto bad = proof.value();
        bad[m % bad.size()] = Flip(bad[m % bad.size()]);
        EXPECT_FALSE(merkle::VerifyInclusion(m, n, leaf, bad, root));
        EXPECT_FALSE(ref::VerifyInclusion(m, n, leaf, bad, root));
        auto shorter = proof.value();
        shorter.pop_back();
        EXPECT_FALSE(merkle::VerifyInclusion(m, n, leaf, shorter, root));
      }
      auto longer = proof.value();
      longer.push_back(leaf);
      EXPECT_FALSE(merkle::VerifyInclusion(m, n, leaf, longer, root));
    }
    EXPECT_FALSE(merkle::InclusionProof(n, n, reader).ok());
  }
}

TEST(MerkleTree, ConsistencyProofsOfEveryPairMatchAndVerify) {
  const auto all = Leaves(kMaxLeaves);
  for (uint64_t n = 1; n <= kMaxLeaves; ++n) {
    const auto d = ref::Slice(all, 0, n);
    const std::string new_root = ref::Mth(d);
    const auto reader = ReferenceReader(d);
    for (uint64_t m = 1; m <= n; ++m) {
      const std::string old_root = ref::Mth(ref::Slice(d, 0, m));
      auto proof = merkle::ConsistencyProof(m, n, reader);
      ASSERT_TRUE(proof.ok()) << proof.status().ToString();
      ASSERT_EQ(proof.value(), ref::Proof(m, d)) << "m=" << m << " n=" << n;
      EXPECT_TRUE(ref::VerifyConsistency(m, n, old_root, new_root, proof.value()));
      EXPECT_TRUE(merkle::VerifyConsistency(m, n, old_root, new_root, proof.value()))
          << m << "/" << n;
      EXPECT_FALSE(merkle::VerifyConsistency(m, n, Flip(old_root), new_root, proof.value()));
      EXPECT_FALSE(merkle::VerifyConsistency(m, n, old_root, Flip(new_root), proof.value()));
      for (size_t i = 0; i < proof.value().size(); ++i) {
        auto bad = proof.value();
        bad[i] = Flip(bad[i]);
        EXPECT_FALSE(merkle::VerifyConsistency(m, n, old_root, new_root, bad)) << m << "/" << n;
        EXPECT_FALSE(ref::VerifyConsistency(m, n, old_root, new_root, bad));
      }
      if (m < n) {
        // A different old tree (one leaf changed) is not consistent.
        auto other = ref::Slice(d, 0, m);
        other[m - 1] = ref::Sha("rewritten");
        EXPECT_FALSE(merkle::VerifyConsistency(m, n, ref::Mth(other), new_root, proof.value()));
      }
    }
    EXPECT_FALSE(merkle::ConsistencyProof(0, n, reader).ok());
    EXPECT_FALSE(merkle::ConsistencyProof(n + 1, n, reader).ok());
  }
}

}  // namespace
}  // namespace kinerja::eventstore
