// The verifiable-log routes over HTTP (api/app/audit_proof_routes.h): signed checkpoints checked
// with OpenSSL's EVP_DigestVerify and the served public key, inclusion and consistency proofs
// checked with the independent RFC 9162 verifier of tests/eventstore/merkle_reference.h (never
// with the code under test), tamper evidence against an earlier signed checkpoint, and access.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <rocksdb/db.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "eventstore/hash_chain.h"
#include "eventstore/record_codec.h"
#include "eventstore/rocks_event_store.h"
#include "eventstore/rocks_layout.h"
#include "tests/api/api_commands_world.h"
#include "tests/eventstore/merkle_reference.h"

namespace kinerja::testing {
namespace {

namespace ref = merkle_reference;

// --- Independent decoding helpers (OpenSSL / hand-written; not the code under test) ---

std::string Unhex(const std::string& hex) {
  auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  std::string raw;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    raw.push_back(static_cast<char>(nibble(hex[i]) << 4 | nibble(hex[i + 1])));
  }
  return raw;
}

std::string Unbase64(const std::string& text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  size_t padding = 0;
  while (padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  out.resize(n < 0 ? 0 : static_cast<size_t>(n) - padding);
  return out;
}

bool Ed25519Verify(const std::string& public_key, const std::string& message,
                   const std::string& signature) {
  EVP_PKEY* key = EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(public_key.data()),
      public_key.size());
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok =
      key && ctx && EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, key) == 1 &&
      EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(key);
  return ok;
}

std::vector<std::string> HexList(const rapidjson::Value& array) {
  std::vector<std::string> out;
  for (const auto& v : array.GetArray()) out.push_back(Unhex(v.GetString()));
  return out;
}

rapidjson::Document Json200(const HttpResponse& r) {
  EXPECT_EQ(r.status, 200) << r.body;
  rapidjson::Document doc = ParseJson(r.body);
  EXPECT_TRUE(doc.IsObject()) << r.body;
  return doc;
}

// A checkpoint as an auditor keeps it.
struct Checkpoint {
  uint64_t size = 0;
  std::string root;  // raw
  std::string body;  // the signed text
  std::string signature;
};

Checkpoint ReadCheckpoint(const rapidjson::Value& c) {
  Checkpoint out;
  out.size = c["treeSize"].GetUint64();
  out.root = Unhex(c["rootHash"].GetString());
  const std::string note = c["note"].GetString();
  out.body = note.substr(0, note.find("\n\n") + 1);
  out.signature = Unbase64(c["signature"].GetString());
  return out;
}

ApiHarnessOptions FastCheckpoints() {
  ApiHarnessOptions options;
  options.configure = [](app::ServiceOptions& so) {
    so.checkpoint_interval = std::chrono::milliseconds(20);
    so.checkpoint_every_events = 1;
    so.checkpoint_origin = "kinerja/pontianak-test";
  };
  return options;
}

// Waits (bounded) until the latest checkpoint covers at least `size` events.
Checkpoint WaitForCheckpoint(const ApiHarness& api, const std::string& token, uint64_t size) {
  for (int i = 0; i < 1500; ++i) {
    HttpResponse r = api.Get("/v1/audit/checkpoint", token);
    if (r.status == 200) {
      rapidjson::Document doc = ParseJson(r.body);
      if (doc["treeSize"].GetUint64() >= size) return ReadCheckpoint(doc);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ADD_FAILURE() << "no checkpoint of size " << size;
  return {};
}

// The chain hashes (raw) of positions 1..head as the audit API serves them.
std::vector<std::string> ServedLeaves(const ApiHarness& api, const std::string& token) {
  auto doc = Json200(api.Get("/v1/audit/events?limit=1000", token));
  std::vector<std::string> out;
  for (const auto& e : doc["events"].GetArray()) out.push_back(Unhex(e["hash"].GetString()));
  return out;
}

void AddUnits(const ApiHarness& api, const World& w, int from, int count) {
  for (int i = from; i < from + count; ++i) {
    w.Ok(api.Post("/v1/units", w.admin,
                  "{\"id\":\"unit-" + std::to_string(i) + "\",\"name\":\"Unit " +
                      std::to_string(i) + "\"}"));
  }
}

TEST(ApiAuditProofs, SignedCheckpointsAndProofsVerifyIndependently) {
  ApiHarness api(FastCheckpoints());
  World w(api);
  w.Register();
  AddUnits(api, w, 0, 11);
  const uint64_t n1 = Head(api);
  ASSERT_EQ(n1, 17u);
  const Checkpoint c1 = WaitForCheckpoint(api, w.auditor, n1);
  ASSERT_EQ(c1.size, n1);

  // The served public key verifies the checkpoint's signature; a modified one fails.
  auto key = Json200(api.Get("/v1/audit/public-key", w.auditor));
  EXPECT_STREQ(key["algorithm"].GetString(), "Ed25519");
  EXPECT_STREQ(key["keyName"].GetString(), "kinerja/pontianak-test");
  const std::string public_key = Unbase64(key["publicKey"].GetString());
  ASSERT_EQ(public_key.size(), 32u);
  EXPECT_TRUE(Ed25519Verify(public_key, c1.body, c1.signature));
  std::string forged = c1.body;
  forged.replace(forged.find("\n17\n"), 4, "\n18\n");
  EXPECT_FALSE(Ed25519Verify(public_key, forged, c1.signature));
  EXPECT_EQ(c1.body.rfind("kinerja/pontianak-test\n17\n", 0), 0u) << c1.body;

  // The root is RFC 6962 MTH over the events' chain hashes, recomputed here.
  const std::vector<std::string> leaves = ServedLeaves(api, w.auditor);
  ASSERT_EQ(leaves.size(), n1);
  EXPECT_EQ(c1.root, ref::Mth(leaves));

  // Every event's inclusion proof (default size: the latest checkpoint) verifies.
  for (uint64_t p = 1; p <= n1; ++p) {
    auto proof = Json200(api.Get("/v1/audit/proofs/inclusion?position=" + std::to_string(p),
                                 w.auditor));
    EXPECT_EQ(proof["treeSize"].GetUint64(), n1);
    EXPECT_EQ(proof["leafIndex"].GetUint64(), p - 1);
    const std::string event_hash = Unhex(proof["eventHash"].GetString());
    EXPECT_EQ(event_hash, leaves[p - 1]);
    EXPECT_TRUE(ref::VerifyInclusion(p - 1, n1, ref::Leaf(event_hash),
                                     HexList(proof["auditPath"]), c1.root))
        << "position " << p;
    EXPECT_FALSE(ref::VerifyInclusion(p - 1, n1, ref::Leaf(ref::Sha("other")),
                                      HexList(proof["auditPath"]), c1.root));
  }
  // At an explicit smaller size, against that size's signed checkpoint.
  auto at5 = Json200(api.Get("/v1/audit/proofs/inclusion?position=3&size=5", w.admin));
  const Checkpoint c5 = ReadCheckpoint(at5["checkpoint"]);
  EXPECT_EQ(c5.size, 5u);
  EXPECT_TRUE(Ed25519Verify(public_key, c5.body, c5.signature));
  EXPECT_EQ(c5.root, ref::Mth(ref::Slice(leaves, 0, 5)));
  EXPECT_TRUE(ref::VerifyInclusion(2, 5, ref::Leaf(leaves[2]), HexList(at5["auditPath"]), c5.root));
  auto sized = Json200(api.Get("/v1/audit/checkpoint?size=5", w.auditor));
  EXPECT_EQ(Unhex(sized["rootHash"].GetString()), c5.root);

  // A consistency proof between two published checkpoints.
  AddUnits(api, w, 100, 9);
  const uint64_t n2 = Head(api);
  const Checkpoint c2 = WaitForCheckpoint(api, w.auditor, n2);
  ASSERT_EQ(c2.size, n2);
  EXPECT_TRUE(Ed25519Verify(public_key, c2.body, c2.signature));
  auto consistency = Json200(api.Get("/v1/audit/proofs/consistency?from=" + std::to_string(n1) +
                                         "&to=" + std::to_string(n2),
                                     w.auditor));
  EXPECT_EQ(Unhex(consistency["fromRoot"].GetString()), c1.root);
  EXPECT_EQ(Unhex(consistency["toRoot"].GetString()), c2.root);
  EXPECT_TRUE(ref::VerifyConsistency(n1, n2, c1.root, c2.root, HexList(consistency["proof"])));
  EXPECT_FALSE(ref::VerifyConsistency(n1, n2, c5.root, c2.root, HexList(consistency["proof"])));
  // Default `to`: the latest checkpoint; every older size is consistent with it.
  for (uint64_t m = 1; m <= n2; ++m) {
    auto doc = Json200(api.Get("/v1/audit/proofs/consistency?from=" + std::to_string(m),
                               w.auditor));
    EXPECT_EQ(doc["to"].GetUint64(), n2);
    EXPECT_TRUE(ref::VerifyConsistency(m, n2, ref::Mth(ref::Slice(ServedLeaves(api, w.auditor),
                                                                   0, m)),
                                       c2.root, HexList(doc["proof"])))
        << m;
  }
}

TEST(ApiAuditProofs, AuditorsAndAdminsOnlyAndBadNumbers) {
  ApiHarness api(FastCheckpoints());
  World w(api);
  EXPECT_EQ(api.Get("/v1/audit/checkpoint", w.auditor).status, 404);  // nothing published yet
  EXPECT_EQ(api.Get("/v1/audit/proofs/inclusion?position=1", w.auditor).status, 422);
  w.Register();
  WaitForCheckpoint(api, w.auditor, 6);
  const std::vector<std::string> routes = {
      "/v1/audit/public-key", "/v1/audit/checkpoint", "/v1/audit/checkpoint?size=2",
      "/v1/audit/proofs/inclusion?position=1", "/v1/audit/proofs/consistency?from=1&to=6"};
  for (const auto& route : routes) {
    EXPECT_EQ(api.Get(route, "").status, 401) << route;
    EXPECT_EQ(api.Get(route, w.p).status, 403) << route;
    EXPECT_EQ(api.Get(route, w.analyst).status, 403) << route;
    EXPECT_EQ(api.Get(route, w.auditor).status, 200) << route;
    EXPECT_EQ(api.Get(route, w.admin).status, 200) << route;
  }
  for (const std::string bad :
       {"/v1/audit/checkpoint?size=x", "/v1/audit/checkpoint?size=-1",
        "/v1/audit/proofs/inclusion", "/v1/audit/proofs/inclusion?position=0",
        "/v1/audit/proofs/inclusion?position=1e3", "/v1/audit/proofs/inclusion?position=1&size=0",
        "/v1/audit/proofs/consistency", "/v1/audit/proofs/consistency?from=0&to=3",
        "/v1/audit/proofs/consistency?from=4&to=3",
        "/v1/audit/proofs/consistency?from=99999999999999999999999"}) {
    HttpResponse r = api.Get(bad, w.auditor);
    EXPECT_EQ(r.status, 400) << bad << " " << r.body;
  }
  HttpResponse beyond = api.Get("/v1/audit/checkpoint?size=1000", w.auditor);
  EXPECT_EQ(beyond.status, 422) << beyond.body;
  EXPECT_NE(beyond.body.find("audit.not_indexed"), std::string::npos);
  EXPECT_EQ(api.Get("/v1/audit/proofs/inclusion?position=1&size=1000", w.auditor).status, 422);
  EXPECT_EQ(api.Get("/v1/audit/proofs/inclusion?position=6&size=5", w.auditor).status, 422);
  EXPECT_EQ(api.Get("/v1/audit/proofs/consistency?from=1&to=1000", w.auditor).status, 422);
  auto same = Json200(api.Get("/v1/audit/proofs/consistency?from=6&to=6", w.auditor));
  EXPECT_EQ(same["proof"].Size(), 0u);
}

// Rewrites the data of the event at `position` and recomputes its hash; with `rechain`, also
// every later event's prev_hash/hash, so the whole stored chain verifies again (the strongest
// attacker with write access to the files).
void Rewrite(const std::string& data_dir, uint64_t position, bool rechain) {
  eventstore::RocksOptions options;
  options.path = data_dir + "/events";
  options.create_if_missing = false;
  auto store = eventstore::RocksEventStore::Open(options);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  rocksdb::DB* db = store.value()->raw_db();
  const uint64_t last = rechain ? store.value()->head_position() : position;
  std::string prev_raw;
  for (uint64_t p = position; p <= last; ++p) {
    std::string value;
    ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), eventstore::layout::EventKey(p), &value).ok());
    eventstore::RecordedEvent e;
    ASSERT_TRUE(eventstore::DecodeRecord(value, &e));
    if (p == position) {
      e.data = "{\"id\":\"disdik\",\"name\":\"Dinas Yang Lain\"}";
      ASSERT_TRUE(eventstore::FromHex(e.prev_hash, &prev_raw));
    }
    e.prev_hash = eventstore::ToHex(prev_raw);
    prev_raw = eventstore::ComputeHashRaw(prev_raw, e);
    e.hash = eventstore::ToHex(prev_raw);
    std::string rewritten;
    eventstore::EncodeRecord(e, &rewritten);
    rocksdb::WriteOptions wo;
    wo.sync = true;
    ASSERT_TRUE(db->Put(wo, eventstore::layout::EventKey(p), rewritten).ok());
  }
}

TEST(ApiAuditProofs, ATamperedEventFailsAgainstAnEarlierSignedCheckpoint) {
  ApiHarness first(FastCheckpoints());
  World w(first);
  w.Register();
  AddUnits(first, w, 0, 4);
  const uint64_t n = Head(first);
  const Checkpoint signed_before = WaitForCheckpoint(first, w.auditor, n);
  const std::string public_key =
      Unbase64(Json200(first.Get("/v1/audit/public-key", w.auditor))["publicKey"].GetString());
  ASSERT_TRUE(Ed25519Verify(public_key, signed_before.body, signed_before.signature));
  first.service().Stop();

  // 1. Position 1 (the unit) rewritten with a fresh hash; the index still holds the original.
  Rewrite(first.data_dir(), 1, /*rechain=*/false);
  ApiHarnessOptions options = FastCheckpoints();
  options.data_dir = first.data_dir();
  {
    ApiHarness second(options);
    auto proof = Json200(second.Get("/v1/audit/proofs/inclusion?position=1&size=" +
                                        std::to_string(n),
                                    w.auditor));
    const std::string event_hash = Unhex(proof["eventHash"].GetString());
    EXPECT_FALSE(ref::VerifyInclusion(0, n, ref::Leaf(event_hash), HexList(proof["auditPath"]),
                                      signed_before.root));
    // Untouched positions still verify against the same checkpoint.
    auto other = Json200(second.Get("/v1/audit/proofs/inclusion?position=4&size=" +
                                        std::to_string(n),
                                    w.auditor));
    EXPECT_TRUE(ref::VerifyInclusion(3, n, ref::Leaf(Unhex(other["eventHash"].GetString())),
                                     HexList(other["auditPath"]), signed_before.root));
  }

  // 2. The whole chain re-hashed after the change and the Merkle index thrown away, so the
  //    server rebuilds a self-consistent tree: its proofs no longer reach the earlier root.
  Rewrite(first.data_dir(), 1, /*rechain=*/true);
  std::filesystem::remove_all(first.data_dir() + "/merkle");
  {
    ApiHarness third(options);
    const std::string auditor = third.Token("bpk", {"auditor"});
    ASSERT_TRUE(third.service().context().store->Verify().value().ok);  // chain looks fine
    for (int i = 0; i < 1500; ++i) {
      HttpResponse r = third.Get("/v1/audit/checkpoint?size=" + std::to_string(n), auditor);
      if (r.status == 200) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    auto proof = Json200(third.Get("/v1/audit/proofs/inclusion?position=1&size=" +
                                       std::to_string(n),
                                   auditor));
    const std::string event_hash = Unhex(proof["eventHash"].GetString());
    const std::string served_root = Unhex(proof["rootHash"].GetString());
    EXPECT_NE(served_root, signed_before.root);
    EXPECT_TRUE(ref::VerifyInclusion(0, n, ref::Leaf(event_hash), HexList(proof["auditPath"]),
                                     served_root));
    EXPECT_FALSE(ref::VerifyInclusion(0, n, ref::Leaf(event_hash), HexList(proof["auditPath"]),
                                      signed_before.root));
    // The server does not sign the rewritten history over its earlier checkpoint: the latest
    // published checkpoint is still the one signed before.
    third.Post("/v1/units", third.Token("admin", {"admin"}), R"({"id":"x1","name":"X"})");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto latest = Json200(third.Get("/v1/audit/checkpoint", auditor));
    EXPECT_EQ(ReadCheckpoint(latest).root, signed_before.root);
    EXPECT_EQ(latest["treeSize"].GetUint64(), n);
  }
}

}  // namespace
}  // namespace kinerja::testing
