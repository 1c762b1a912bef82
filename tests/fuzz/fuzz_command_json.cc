// libFuzzer target: every command request body, as the command routes take it — parsed at the
// HTTP edge (http::ParseJsonBody: depth, UTF-8, trailing garbage), decoded by its codec
// (domain/json/*_codec.h), the route's own checks (unit id, NIP), then decided by the domain
// against the aggregate's state and permissive facts, and the decided events evolved into the
// state. A few commands in a row build a history (submit, then return, then submit again ...).
//
// Input: one command per line, "<command letter><actor digit><JSON body>" (the letters are in
// Apply(), tests/fuzz/command_world.h; actor 0 = the pegawai P, 1 = P's pejabat penilai S,
// 2 = the atasan A, 3 = "admin"). Commands without a body ignore it. Oracles besides "no crash,
// no UB": a refusal carries a code and both messages; every event the domain decides encodes to
// JSON that its codec decodes back and re-encodes to the same bytes (otherwise a stored event
// could not be read back); a finalised appraisal's follow-up recommendation is decided too.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/command_world.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kinerja::fuzz::RunCommandLines(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
