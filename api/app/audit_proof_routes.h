// The verifiable-log routes of the audit API (issue 5): the checkpoint signing key, signed
// checkpoints and RFC 9162 inclusion / consistency proofs from the Merkle index. Only `auditor`
// and `admin` may call them (401 without a token, 403 otherwise); every call is logged with the
// caller (audit_log.h). Formats: eventstore/README.md "Verifiable log".
//
//   GET /v1/audit/public-key
//     {"algorithm":"Ed25519","keyName","keyId" (hex),"publicKey" (base64, raw 32 bytes),
//      "publicKeyPem","verifierKey" (C2SP "<name>+<id>+<base64(0x01||key)>")}
//   GET /v1/audit/checkpoint?size=
//     the latest published checkpoint (404 "audit.no_checkpoint" before the first), or with
//     ?size= a checkpoint of that size signed now: SignedCheckpoint::ToJson()
//   GET /v1/audit/proofs/inclusion?position=&size=
//     {"position","leafIndex","treeSize","eventHash" (the event's chain hash as stored now, hex),
//      "leafHash" (hex, as indexed),"auditPath":[hex...],"rootHash" (hex),"checkpoint":{...}}
//     size defaults to the latest checkpoint's; the checkpoint is that one when sizes agree,
//     else one signed now.
//   GET /v1/audit/proofs/consistency?from=&to=
//     {"from","to","fromRoot","toRoot","proof":[hex...],"checkpoint":{... of size to}}
//     to defaults to the latest checkpoint's size.
// Errors: 400 "invalid_query" for a bad number; 422 "audit.not_indexed" when a size is beyond
// what the index holds (extra member "indexedSize"), "audit.position_beyond_tree" when position >
// size, "audit.no_checkpoint" when a default size is needed and none was published yet.
// Thread-safety: handlers run concurrently; the pointed-to objects are thread-safe.
#pragma once

#include "api/app/app_context.h"
#include "api/http/server.h"
#include "eventstore/checkpoint_signer.h"
#include "eventstore/merkle_checkpoints.h"
#include "eventstore/merkle_index.h"

namespace kinerja::app {

struct AuditProofDeps {
  eventstore::MerkleIndex* index = nullptr;
  eventstore::CheckpointSigner* signer = nullptr;
  eventstore::CheckpointPublisher* publisher = nullptr;
};

// REQUIRES: every pointer in `deps` non-null and outliving the server.
void AddAuditProofRoutes(http::Server& server, AppContext& ctx, AuditProofDeps deps);

}  // namespace kinerja::app
