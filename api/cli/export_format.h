// The NDJSON export format of `kinerja export` (read back by `kinerja verify --export` and
// `kinerja state --export`). One JSON object per line, '\n'-terminated:
//
//   line 1      header  {"format":"kinerja-export/1","from":F,"to":T,"events":N,
//                        "exportedAt":"<RFC 3339>"}
//   lines 2..   events  the audit API's envelope (api/app/audit_event_json.h): {"position",
//                        "stream","streamVersion","id","type","schemaVersion","recordedAt",
//                        "actor","correlationId","causationId","data","metadata","prevHash",
//                        "hash"}, in position order F..T. "data"/"metadata" are the stored bytes
//                        inserted verbatim, so the canonical bytes (eventstore/hash_chain.h) and
//                        the hash can be recomputed from the line. When the stored bytes cannot be
//                        recovered verbatim from that member (empty, not JSON, or containing line
//                        breaks) the line also carries "dataBytes"/"metadataBytes": the exact
//                        stored bytes as a JSON string.
//   last line   trailer {"end":true,"events":N,"lastPosition":T,"lastHash":"<hex>",
//                        "checkpoint":<signed checkpoint of the tree at T, or null>,
//                        "publishedCheckpoint":<the latest checkpoint kinerjad published>?,
//                        "publicKeyPem":"<the signing key's public half>"?}
//                        Each checkpoint is eventstore::SignedCheckpoint::ToJson(); its "note" is
//                        the C2SP signed note (origin, tree size, base64 root, time, signature).
// A file without its trailer, or whose last line has no newline, was cut (truncated).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "eventstore/checkpoint_signer.h"
#include "eventstore/types.h"

namespace kinerja::cli {

inline constexpr const char* kExportFormat = "kinerja-export/1";

struct ExportHeader {
  uint64_t from = 1;
  uint64_t to = 0;
  uint64_t events = 0;
  std::string exported_at;
};

struct ExportTrailer {
  uint64_t events = 0;
  uint64_t last_position = 0;
  std::string last_hash;
  std::optional<std::string> checkpoint_note;            // "checkpoint"."note"
  std::optional<std::string> published_checkpoint_note;  // "publishedCheckpoint"."note"
  std::optional<std::string> public_key_pem;
};

std::string ExportHeaderLine(const ExportHeader& h);
std::string ExportEventLine(const eventstore::RecordedEvent& e);
std::string ExportTrailerLine(const ExportTrailer& t,
                              const std::optional<eventstore::SignedCheckpoint>& checkpoint,
                              const std::optional<eventstore::SignedCheckpoint>& published);

enum class ExportLineKind { kHeader, kEvent, kTrailer };
struct ExportLine {
  ExportLineKind kind = ExportLineKind::kEvent;
  ExportHeader header;
  eventstore::RecordedEvent event;
  ExportTrailer trailer;
};
// Parses one line (without its '\n'). False and *error (one sentence) when it is none of the
// three kinds or a member is missing or malformed.
bool ParseExportLine(std::string_view line, ExportLine* out, std::string* error);

}  // namespace kinerja::cli
