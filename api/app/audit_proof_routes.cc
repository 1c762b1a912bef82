#include "api/app/audit_proof_routes.h"

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "api/app/audit_log.h"
#include "api/app/audit_params.h"
#include "api/app/error_mapping.h"
#include "api/http/json.h"
#include "eventstore/hash_chain.h"

namespace kinerja::app {
namespace {

using http::Request;
using http::Response;

constexpr uint64_t kMaxSize = std::numeric_limits<uint64_t>::max() - 1;
http::Problem NotIndexed(uint64_t size, uint64_t indexed) {
  return http::Problem::Make(http::ErrorCategory::kBusinessRule, "audit.not_indexed",
                             "The tree of size " + std::to_string(size) +
                                 " is beyond the indexed log (" + std::to_string(indexed) +
                                 " events); retry later.")
      .With("indexedSize", std::to_string(indexed));
}

http::Problem NoCheckpoint() {
  return http::Problem::Make(http::ErrorCategory::kBusinessRule, "audit.no_checkpoint",
                             "No checkpoint has been published yet; pass the size explicitly.");
}

// The size named by `name`, or the latest checkpoint's when absent.
http::Result<uint64_t> SizeParam(const Request& req, const char* name, const AuditProofDeps& d,
                                 uint64_t min) {
  if (!req.Query(name)) {
    auto latest = d.publisher->Latest();
    if (!latest) return NoCheckpoint();
    return latest->tree_size;
  }
  auto size = ParseUintParam(name, req.Query(name), 0, min, kMaxSize);
  if (!size.ok()) return size.problem();
  const uint64_t indexed = d.index->size();
  if (size.value() > indexed) return NotIndexed(size.value(), indexed);
  return size.value();
}

// The latest checkpoint when it has this size and the index's root, else one signed now (a
// checkpoint loaded from disk no longer matches when the index was rebuilt from a rewritten log).
http::Result<eventstore::SignedCheckpoint> CheckpointAt(const AuditProofDeps& d, uint64_t size) {
  auto latest = d.publisher->Latest();
  if (latest && latest->tree_size == size) {
    auto root = d.index->Root(size);
    if (!root.ok()) return ProblemFromStore(root.status());
    if (root.value() == latest->root_hash) return *latest;
  }
  auto c = d.publisher->SignAt(size);
  if (!c.ok()) {
    if (c.status().code() == eventstore::StatusCode::kInvalidArgument) {
      return NotIndexed(size, d.index->size());
    }
    return ProblemFromStore(c.status());
  }
  return c.value();
}

void HexArray(http::JsonWriter& w, const std::vector<std::string>& hashes) {
  w.StartArray();
  for (const auto& h : hashes) w.String(eventstore::ToHex(h));
  w.EndArray();
}

Response PublicKey(AppContext&, const AuditProofDeps& d, const Request& req) {
  if (!AuthorizeAuditCall(req, {"size", "position", "from", "to"})) return AuditForbidden();
  http::JsonWriter w;
  w.StartObject();
  w.Key("algorithm").String("Ed25519");
  w.Key("keyName").String(d.signer->origin());
  w.Key("keyId").String(eventstore::ToHex(d.signer->key_id()));
  w.Key("publicKey").String(eventstore::Base64Encode(d.signer->public_key()));
  w.Key("publicKeyPem").String(d.signer->public_key_pem());
  w.Key("verifierKey").String(d.signer->VerifierKey());
  w.EndObject();
  return Response::Json(200, w.str());
}

Response Checkpoint(AppContext&, const AuditProofDeps& d, const Request& req) {
  if (!AuthorizeAuditCall(req, {"size", "position", "from", "to"})) return AuditForbidden();
  if (!req.Query("size")) {
    auto latest = d.publisher->Latest();
    if (!latest) {
      return http::Problem::Make(http::ErrorCategory::kNotFound, "audit.no_checkpoint",
                                 "No checkpoint has been published yet.");
    }
    return Response::Json(200, latest->ToJson());
  }
  auto size = SizeParam(req, "size", d, 0);
  if (!size.ok()) return size.problem();
  auto c = CheckpointAt(d, size.value());
  if (!c.ok()) return c.problem();
  return Response::Json(200, c.value().ToJson());
}

Response Inclusion(AppContext& ctx, const AuditProofDeps& d, const Request& req) {
  if (!AuthorizeAuditCall(req, {"size", "position", "from", "to"})) return AuditForbidden();
  if (!req.Query("position")) {
    return http::Problem::InvalidInput("invalid_query", "position is required.")
        .WithString("parameter", "position");
  }
  auto position = ParseUintParam("position", req.Query("position"), 1, 1, kMaxSize);
  if (!position.ok()) return position.problem();
  auto size = SizeParam(req, "size", d, 1);
  if (!size.ok()) return size.problem();
  if (position.value() > size.value()) {
    return http::Problem::Make(http::ErrorCategory::kBusinessRule, "audit.position_beyond_tree",
                               "Position " + std::to_string(position.value()) +
                                   " is not in the tree of size " + std::to_string(size.value()) +
                                   ".");
  }
  const uint64_t leaf = position.value() - 1;
  auto path = d.index->InclusionProof(leaf, size.value());
  if (!path.ok()) return ProblemFromStore(path.status());
  auto leaf_hash = d.index->LeafHash(leaf);
  if (!leaf_hash.ok()) return ProblemFromStore(leaf_hash.status());
  auto event = ctx.store->ReadAt(position.value());
  if (!event.ok()) return ProblemFromStore(event.status());
  auto checkpoint = CheckpointAt(d, size.value());
  if (!checkpoint.ok()) return checkpoint.problem();
  http::JsonWriter w;
  w.StartObject();
  w.Key("position").Uint(position.value());
  w.Key("leafIndex").Uint(leaf);
  w.Key("treeSize").Uint(size.value());
  w.Key("eventHash").String(event.value().hash);
  w.Key("leafHash").String(eventstore::ToHex(leaf_hash.value()));
  w.Key("auditPath");
  HexArray(w, path.value());
  w.Key("rootHash").String(eventstore::ToHex(checkpoint.value().root_hash));
  w.Key("checkpoint").RawValue(checkpoint.value().ToJson());
  w.EndObject();
  return Response::Json(200, w.str());
}

Response Consistency(AppContext&, const AuditProofDeps& d, const Request& req) {
  if (!AuthorizeAuditCall(req, {"size", "position", "from", "to"})) return AuditForbidden();
  if (!req.Query("from")) {
    return http::Problem::InvalidInput("invalid_query", "from is required.")
        .WithString("parameter", "from");
  }
  auto from = ParseUintParam("from", req.Query("from"), 1, 1, kMaxSize);
  if (!from.ok()) return from.problem();
  auto to = SizeParam(req, "to", d, 1);
  if (!to.ok()) return to.problem();
  if (from.value() > to.value()) {
    return http::Problem::InvalidInput("invalid_query", "from is larger than to.")
        .WithString("parameter", "from");
  }
  auto proof = d.index->ConsistencyProof(from.value(), to.value());
  if (!proof.ok()) return ProblemFromStore(proof.status());
  auto from_root = d.index->Root(from.value());
  if (!from_root.ok()) return ProblemFromStore(from_root.status());
  auto checkpoint = CheckpointAt(d, to.value());
  if (!checkpoint.ok()) return checkpoint.problem();
  http::JsonWriter w;
  w.StartObject();
  w.Key("from").Uint(from.value());
  w.Key("to").Uint(to.value());
  w.Key("fromRoot").String(eventstore::ToHex(from_root.value()));
  w.Key("toRoot").String(eventstore::ToHex(checkpoint.value().root_hash));
  w.Key("proof");
  HexArray(w, proof.value());
  w.Key("checkpoint").RawValue(checkpoint.value().ToJson());
  w.EndObject();
  return Response::Json(200, w.str());
}

using ProofHandler = Response (*)(AppContext&, const AuditProofDeps&, const Request&);

http::Route ProofRoute(const char* pattern, const char* name, ProofHandler handler,
                       AppContext& ctx, const AuditProofDeps& deps) {
  http::Route route;
  route.method = http::Method::kGet;
  route.pattern = pattern;
  route.name = name;
  route.auth = http::Auth::kRequired;
  route.execution = http::Execution::kWorker;  // reads RocksDB, signs
  route.handler = [&ctx, deps, handler](const Request& req) { return handler(ctx, deps, req); };
  return route;
}

}  // namespace

void AddAuditProofRoutes(http::Server& server, AppContext& ctx, AuditProofDeps deps) {
  server.AddRoute(ProofRoute("/v1/audit/public-key", "audit.public_key", &PublicKey, ctx, deps));
  server.AddRoute(ProofRoute("/v1/audit/checkpoint", "audit.checkpoint", &Checkpoint, ctx, deps));
  server.AddRoute(ProofRoute("/v1/audit/proofs/inclusion", "audit.proofs.inclusion", &Inclusion,
                             ctx, deps));
  server.AddRoute(ProofRoute("/v1/audit/proofs/consistency", "audit.proofs.consistency",
                             &Consistency, ctx, deps));
}

}  // namespace kinerja::app
