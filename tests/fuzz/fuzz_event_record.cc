// libFuzzer target: events as read back from RocksDB. An input is one or more pieces separated by
// "\n--record--\n"; a piece is either a stored record (the value of an event key,
// eventstore/record_codec.h, first byte kRecordFormatV1) or, for reaching the JSON decoders
// directly, "<type> <schema version>\n<data JSON>". Each event is decoded, upcast, evolved,
// re-encoded and folded into every read model in order (tests/fuzz/event_fold.h).
// Oracles besides "no crash, no UB": DecodeRecordTime agrees with DecodeRecord; a decoded record
// (with well-formed hashes) encodes back to a record that decodes to the same event.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "eventstore/record_codec.h"
#include "tests/fuzz/event_fold.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

namespace es = kinerja::eventstore;
constexpr std::string_view kSeparator = "\n--record--\n";

bool IsHexHash(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool ReadRecord(std::string_view piece, es::RecordedEvent* e) {
  if (!es::DecodeRecord(piece, e)) return false;
  uint64_t position = 0;
  int64_t at = 0;
  FUZZ_CHECK(es::DecodeRecordTime(piece, &position, &at), "DecodeRecordTime reads a valid record");
  FUZZ_CHECK(position == e->position && at == e->recorded_at, "DecodeRecordTime agrees");
  if (IsHexHash(e->prev_hash) && IsHexHash(e->hash)) {
    std::string bytes;
    es::EncodeRecord(*e, &bytes);
    es::RecordedEvent again;
    FUZZ_CHECK(es::DecodeRecord(bytes, &again) && again == *e, "record round trip");
  }
  return true;
}

bool ReadText(std::string_view piece, uint64_t position, es::RecordedEvent* e) {
  const size_t eol = piece.find('\n');
  if (eol == std::string_view::npos) return false;
  const std::string_view head = piece.substr(0, eol);
  const size_t space = head.find(' ');
  if (space == std::string_view::npos) return false;
  e->type = std::string(head.substr(0, space));
  uint32_t version = 0;
  for (char c : head.substr(space + 1)) {
    if (c < '0' || c > '9' || version > 1000) return false;
    version = version * 10 + static_cast<uint32_t>(c - '0');
  }
  e->schema_version = version;
  e->data = std::string(piece.substr(eol + 1));
  e->position = position;
  e->stream = "fuzz-stream";
  e->stream_version = position;
  e->id = "00000000-0000-4000-8000-000000000000";
  e->recorded_at = 1780000000000000 + static_cast<int64_t>(position);
  e->actor = "199001012015031001";
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  kinerja::fuzz::EventFolder folder;
  uint64_t position = 0;
  for (int pieces = 0; !in.empty() && pieces < 32; ++pieces) {
    const size_t end = in.find(kSeparator);
    const std::string_view piece = in.substr(0, end);
    in = end == std::string_view::npos ? std::string_view() : in.substr(end + kSeparator.size());
    es::RecordedEvent e;
    const bool ok = !piece.empty() && piece[0] == es::kRecordFormatV1
                        ? ReadRecord(piece, &e)
                        : ReadText(piece, ++position, &e);
    if (ok) folder.Apply(e);
  }
  return 0;
}
