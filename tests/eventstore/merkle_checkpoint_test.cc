// Signed checkpoints: the key pair in the data directory (0600, reloaded), the C2SP note format,
// signatures checked with OpenSSL's EVP_DigestVerify directly, and the periodic publisher.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <sys/stat.h>

#include <fstream>

#include "eventstore/checkpoint_signer.h"
#include "eventstore/hash_chain.h"
#include "eventstore/memory_event_store.h"
#include "eventstore/merkle_checkpoints.h"
#include "eventstore/merkle_index.h"
#include "tests/eventstore/merkle_reference.h"
#include "tests/eventstore/test_util.h"

namespace kinerja::eventstore {
namespace {

using testing::TempDir;

bool EvpVerify(const std::string& public_key, const std::string& message,
               const std::string& signature) {
  EVP_PKEY* key = EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(public_key.data()),
      public_key.size());
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok = key && ctx && EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, key) == 1 &&
            EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                             signature.size(),
                             reinterpret_cast<const unsigned char*>(message.data()),
                             message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(key);
  return ok;
}

TEST(CheckpointSigner, KeyIsCreatedPrivateAndReloaded) {
  TempDir dir;
  const std::string audit = dir.Sub("audit");
  auto first = CheckpointSigner::LoadOrCreate(audit, "kinerja/pontianak");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  struct stat st {};
  ASSERT_EQ(::stat((audit + "/" + CheckpointSigner::kKeyFileName).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(first.value()->public_key().size(), 32u);
  auto second = CheckpointSigner::LoadOrCreate(audit, "kinerja/pontianak");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second.value()->public_key(), first.value()->public_key());
  EXPECT_NE(first.value()->public_key_pem().find("BEGIN PUBLIC KEY"), std::string::npos);
  EXPECT_EQ(first.value()->VerifierKey().rfind("kinerja/pontianak+", 0), 0u);

  ::chmod((audit + "/" + CheckpointSigner::kKeyFileName).c_str(), 0644);
  EXPECT_EQ(CheckpointSigner::LoadOrCreate(audit, "kinerja/pontianak").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_FALSE(CheckpointSigner::LoadOrCreate(dir.Sub("x"), "has space").ok());
  EXPECT_FALSE(CheckpointSigner::LoadOrCreate(dir.Sub("y"), "a+b").ok());
}

TEST(CheckpointSigner, NoteFormatAndSignature) {
  TempDir dir;
  auto signer = CheckpointSigner::LoadOrCreate(dir.Sub("audit"), "kinerja/pontianak");
  ASSERT_TRUE(signer.ok());
  const std::string root = merkle_reference::Sha("root");
  auto c = signer.value()->Sign(1234, root, 1767574800123456);
  ASSERT_TRUE(c.ok());
  const std::string body = "kinerja/pontianak\n1234\n" + Base64Encode(root) +
                           "\ntime 2026-01-05T01:00:00.123456Z\n";
  EXPECT_EQ(c.value().Body(), body);
  const std::string note = c.value().Note();
  ASSERT_EQ(note.rfind(body + "\n\xe2\x80\x94 kinerja/pontianak ", 0), 0u) << note;
  // The signature line: base64(key id || signature), checked with OpenSSL directly.
  const std::string b64 = note.substr(body.size() + 1 + 4 + 18, note.size() - body.size() - 24);
  std::string blob;
  ASSERT_TRUE(Base64Decode(b64, &blob)) << b64;
  ASSERT_EQ(blob.size(), 68u);
  EXPECT_EQ(blob.substr(0, 4), CheckpointKeyId("kinerja/pontianak", signer.value()->public_key()));
  EXPECT_EQ(blob.substr(0, 4),
            merkle_reference::Sha("kinerja/pontianak\n\x01" + signer.value()->public_key())
                .substr(0, 4));
  EXPECT_TRUE(EvpVerify(signer.value()->public_key(), body, blob.substr(4)));
  EXPECT_FALSE(EvpVerify(signer.value()->public_key(),
                         "kinerja/pontianak\n1235\n" + body.substr(23), blob.substr(4)));

  auto parsed = ParseAndVerifyCheckpoint(note, "kinerja/pontianak", signer.value()->public_key());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed.value().tree_size, 1234u);
  EXPECT_EQ(parsed.value().root_hash, root);
  EXPECT_EQ(parsed.value().time_us, 1767574800123456);
  std::string modified = note;
  modified.replace(note.find("1234"), 4, "1235");
  EXPECT_EQ(ParseAndVerifyCheckpoint(modified, "kinerja/pontianak", signer.value()->public_key())
                .status()
                .code(),
            StatusCode::kCorruption);
  const std::string json = c.value().ToJson();
  EXPECT_NE(json.find("\"treeSize\":1234"), std::string::npos);
  EXPECT_NE(json.find("\"rootHash\":\"" + ToHex(root) + "\""), std::string::npos);
}

TEST(CheckpointSigner, Base64RoundTrips) {
  for (size_t n = 0; n < 40; ++n) {
    std::string raw;
    for (size_t i = 0; i < n; ++i) raw.push_back(static_cast<char>(i * 37 + 5));
    std::string back;
    ASSERT_TRUE(Base64Decode(Base64Encode(raw), &back));
    EXPECT_EQ(back, raw);
  }
  std::string out;
  EXPECT_FALSE(Base64Decode("abc", &out));
  EXPECT_FALSE(Base64Decode("ab=c", &out));
  EXPECT_FALSE(Base64Decode("a-b_", &out));
}

TEST(CheckpointPublisher, PublishesConsistentCheckpointsAndReloadsTheLatest) {
  TempDir dir;
  MemoryEventStore store;
  auto index = MerkleIndex::Open(&store, {dir.Sub("merkle")});
  ASSERT_TRUE(index.ok());
  auto signer = CheckpointSigner::LoadOrCreate(dir.Sub("audit"), "kinerja/test");
  ASSERT_TRUE(signer.ok());
  std::vector<SignedCheckpoint> seen;
  CheckpointPublisherOptions options;
  options.path = dir.Sub("audit/checkpoint.note");
  options.interval = std::chrono::hours(1);
  options.every_events = 5;
  options.on_checkpoint = [&seen](const SignedCheckpoint& c) { seen.push_back(c); };
  {
    auto publisher = CheckpointPublisher::Open(index.value().get(), signer.value().get(), options);
    ASSERT_TRUE(publisher.ok());
    EXPECT_FALSE(publisher.value()->Latest().has_value());
    for (int i = 0; i < 7; ++i) {
      ASSERT_TRUE(store.Append("s-" + std::to_string(i % 2), ExpectedVersion::Any(),
                               {testing::Ev("T")}, testing::Ctx())
                      .ok());
    }
    ASSERT_TRUE(index.value()->CatchUp().ok());
    auto first = publisher.value()->PublishNow();
    ASSERT_TRUE(first.ok()) << first.status().ToString();
    EXPECT_EQ(first.value().tree_size, 7u);
    publisher.value()->Start();
    index.value()->Start();
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(store.Append("s-x", ExpectedVersion::Any(), {testing::Ev("T")}, testing::Ctx())
                      .ok());
    }
    ASSERT_TRUE(index.value()->WaitForSize(12, std::chrono::seconds(20)));
    for (int i = 0; i < 400 && (!publisher.value()->Latest() ||
                                publisher.value()->Latest()->tree_size < 12);
         ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    publisher.value()->Stop();
    index.value()->Stop();
    ASSERT_TRUE(publisher.value()->Latest().has_value());
    EXPECT_EQ(publisher.value()->Latest()->tree_size, 12u);
    ASSERT_EQ(seen.size(), 2u);
    // The two are consistent by an RFC proof checked with the reference verifier.
    auto proof = index.value()->ConsistencyProof(7, 12);
    ASSERT_TRUE(proof.ok());
    EXPECT_TRUE(merkle_reference::VerifyConsistency(7, 12, seen[0].root_hash, seen[1].root_hash,
                                                    proof.value()));
  }
  auto reopened = CheckpointPublisher::Open(index.value().get(), signer.value().get(), options);
  ASSERT_TRUE(reopened.ok());
  ASSERT_TRUE(reopened.value()->Latest().has_value());
  EXPECT_EQ(reopened.value()->Latest()->tree_size, 12u);
  EXPECT_EQ(reopened.value()->Latest()->root_hash, seen[1].root_hash);
  // A stored note that was edited is refused.
  {
    std::ofstream out(options.path, std::ios::trunc);
    std::string note = seen[1].Note();
    note.replace(note.find("\n12\n"), 4, "\n13\n");
    out << note;
  }
  EXPECT_EQ(CheckpointPublisher::Open(index.value().get(), signer.value().get(), options)
                .status()
                .code(),
            StatusCode::kCorruption);
}

}  // namespace
}  // namespace kinerja::eventstore
