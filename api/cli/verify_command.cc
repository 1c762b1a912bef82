// `kinerja verify`: offline verification of a data directory or of an NDJSON export. Recomputes
// every event's hash from its canonical bytes (eventstore/hash_chain.h), checks the links and that
// positions are gap-free, recomputes the RFC 6962 Merkle root and compares it with signed
// checkpoints whose Ed25519 signatures it checks. Names the first bad event. Exit 0 verified,
// 1 not verified (or unreadable), 2 usage.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "api/cli/cli_support.h"
#include "api/cli/export_format.h"
#include "api/cli/log_audit.h"
#include "api/cli/progress.h"
#include "api/cli/subcommands.h"
#include "eventstore/hash_chain.h"

namespace kinerja::cli {
namespace {

constexpr const char* kCmd = "verify";

FlagSet MakeFlags() {
  FlagSet flags(
      "kinerja verify --data-dir DIR\n"
      "       kinerja verify --export FILE [--public-key PEM] [--checkpoint NOTE]",
      std::string(
          "Verifies the hash chain over every event (hash recomputed from the canonical bytes,\n"
          "prevHash links, gap-free positions) and the Merkle root against signed checkpoints.\n"
          "--data-dir: the whole log, against the latest checkpoint kinerjad published\n"
          "(<dir>/audit/checkpoint.note) and the key in <dir>/audit.\n"
          "--export: an NDJSON export (kinerja export), against the checkpoint in its trailer\n"
          "and --checkpoint (a C2SP note, e.g. saved from /v1/audit/checkpoint), with the\n"
          "signatures checked against --public-key (PEM from /v1/audit/public-key). Without\n"
          "--public-key the key carried in the export is used, which proves only integrity.\n"
          "A truncated export (cut line, missing trailer, fewer events than a signed\n"
          "checkpoint covers) is reported as truncated.\nExit: 0 verified, 1 not verified.\n") +
          kOfflineNote);
  flags.Add({"data-dir", "DIR", "kinerjad data directory to verify", "", ""})
      .Add({"export", "FILE", "NDJSON export to verify", "", ""})
      .Add({"public-key", "PEM", "trusted Ed25519 public key (PEM file)", "", ""})
      .Add({"checkpoint", "NOTE", "a signed checkpoint note file to check the export against", "",
            ""});
  return flags;
}

void Ok(const std::string& what) { std::cout << "ok: " << what << "\n"; }

int Bad(const std::string& what) {
  std::cout << "FAILED: " << what << "\n";
  return kExitFailure;
}

int VerifyDataDir(const DataDir& dir) {
  std::string error;
  auto store = OpenEventLog(dir, false, true, &error);
  if (!store) return Fail(kCmd, error);
  const uint64_t head = store->head_position();
  ChainChecker chain(1, eventstore::GenesisHashHex(), true);
  Progress progress(kCmd, "events", head);
  auto status = store->ForEach({}, [&](const eventstore::RecordedEvent& e) {
    const bool ok = chain.Add(e);
    progress.Update(chain.checked());
    return ok;
  });
  progress.Finish();
  if (!status.ok()) return Fail(kCmd, "reading the log failed: " + status.ToString());
  if (!chain.ok()) {
    return Bad("position " + std::to_string(chain.failure()->position) + ": " +
               chain.failure()->reason);
  }
  if (chain.checked() != head) {
    return Bad("the log's head is " + std::to_string(head) + " but only " +
               std::to_string(chain.checked()) + " events could be read");
  }
  Ok("hash chain of " + std::to_string(head) + " events (head " + chain.last_hash() + ")");
  std::error_code ec;
  if (!std::filesystem::exists(dir.checkpoint_note(), ec)) {
    std::cout << "note: no published checkpoint in " << dir.audit()
              << ": the Merkle root was not checked\n";
    return kExitOk;
  }
  std::string note, pem, raw_key;
  if (!ReadFile(dir.checkpoint_note(), &note, &error) || !ReadFile(dir.key_file(), &pem, &error)) {
    return Fail(kCmd, error);
  }
  if (!Ed25519PublicKeyFromPem(pem, &raw_key, &error)) {
    return Fail(kCmd, dir.key_file() + ": " + error);
  }
  auto checkpoint = VerifyCheckpointNote(note, raw_key);
  if (!checkpoint.ok()) {
    return Bad("the published checkpoint's signature does not verify: " +
               checkpoint.status().ToString());
  }
  const std::string mismatch = CompareCheckpoint(checkpoint.value(), chain, chain.checked());
  if (!mismatch.empty()) return Bad(mismatch);
  Ok("Merkle root of the first " + std::to_string(checkpoint.value().tree_size) +
     " events matches the signed checkpoint (" + eventstore::FormatRfc3339Micros(checkpoint.value().time_us) + ")");
  return kExitOk;
}

int VerifyExport(const std::string& path, const std::string& public_key_path,
                 const std::string& checkpoint_path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(kCmd, "cannot read " + path);
  std::string error;
  std::string trusted_key;
  if (!public_key_path.empty()) {
    std::string pem;
    if (!ReadFile(public_key_path, &pem, &error)) return Usage(kCmd, error);
    if (!Ed25519PublicKeyFromPem(pem, &trusted_key, &error)) {
      return Usage(kCmd, public_key_path + ": " + error);
    }
  }
  std::optional<std::string> extra_note;
  if (!checkpoint_path.empty()) {
    std::string note;
    if (!ReadFile(checkpoint_path, &note, &error)) return Usage(kCmd, error);
    extra_note = note;
  }

  std::optional<ExportHeader> header;
  std::optional<ExportTrailer> trailer;
  std::optional<ChainChecker> chain;
  Progress progress(kCmd, "events", 0);
  std::string line;
  uint64_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    const bool cut = in.eof();  // the last line had no '\n'
    if (trailer) return Bad("line " + std::to_string(line_no) + ": content after the trailer");
    ExportLine parsed;
    if (!ParseExportLine(line, &parsed, &error)) {
      if (cut) {
        return Bad("truncated: line " + std::to_string(line_no) +
                   " is cut (no newline, incomplete JSON) after " +
                   std::to_string(chain ? chain->checked() : 0) + " complete events");
      }
      return Bad("line " + std::to_string(line_no) + ": " + error);
    }
    if (line_no == 1) {
      if (parsed.kind != ExportLineKind::kHeader) return Bad("line 1 is not an export header");
      header = parsed.header;
      chain.emplace(header->from, header->from == 1 ? eventstore::GenesisHashHex() : "",
                    header->from == 1);
      progress.set_total(header->events);
      continue;
    }
    if (parsed.kind == ExportLineKind::kHeader) {
      return Bad("line " + std::to_string(line_no) + ": a second header");
    }
    if (parsed.kind == ExportLineKind::kTrailer) {
      trailer = parsed.trailer;
      continue;
    }
    if (!chain->Add(parsed.event)) {
      progress.Finish();
      return Bad("position " + std::to_string(chain->failure()->position) + " (line " +
                 std::to_string(line_no) + "): " + chain->failure()->reason);
    }
    progress.Update(chain->checked());
  }
  progress.Finish();
  if (!header) return Bad("empty file: no export header");
  const uint64_t got = chain->checked();
  const uint64_t last = got == 0 ? header->from - 1 : chain->next_position() - 1;
  if (!trailer) {
    return Bad("truncated: no trailer line; the export stops after position " +
               std::to_string(last) + " (" + std::to_string(got) + " of " +
               std::to_string(header->events) + " events)");
  }
  if (trailer->events != got || trailer->last_position != last ||
      (got > 0 && trailer->last_hash != chain->last_hash())) {
    return Bad("truncated or altered: the trailer says " + std::to_string(trailer->events) +
               " events up to position " + std::to_string(trailer->last_position) + ", the file has " +
               std::to_string(got) + " up to " + std::to_string(last));
  }
  Ok("hash chain of " + std::to_string(got) + " events (positions " +
     std::to_string(header->from) + ".." + std::to_string(last) + ")");

  // Checkpoints.
  std::string key = trusted_key;
  if (key.empty()) {
    if (!trailer->public_key_pem ||
        !Ed25519PublicKeyFromPem(*trailer->public_key_pem, &key, &error)) {
      if (trailer->checkpoint_note || extra_note) {
        return Bad("no public key: give --public-key PEM to check the checkpoint signatures");
      }
      std::cout << "note: the export carries no signed checkpoint: only the hash chain was "
                   "checked\n";
      return kExitOk;
    }
    std::cout << "note: signatures checked with the key carried in the export; pass "
                 "--public-key to check against a key you trust\n";
  }
  struct Named {
    const char* name;
    std::optional<std::string> note;
    bool must_cover;  // its tree size must be within the export
  };
  const Named notes[] = {
      {"export checkpoint", trailer->checkpoint_note, true},
      {"published checkpoint", trailer->published_checkpoint_note, header->to >= 1},
      {"--checkpoint", extra_note, true},
  };
  if (!trailer->checkpoint_note && !extra_note) {
    if (!trusted_key.empty()) return Bad("the export carries no signed checkpoint");
    std::cout << "note: the export carries no signed checkpoint\n";
  }
  for (const Named& n : notes) {
    if (!n.note) continue;
    auto checkpoint = VerifyCheckpointNote(*n.note, key);
    if (!checkpoint.ok()) {
      return Bad(std::string(n.name) + ": the signature does not verify: " +
                 checkpoint.status().ToString());
    }
    const auto& c = checkpoint.value();
    if (header->from != 1) {
      std::cout << "note: " << n.name << " signature ok (tree size " << c.tree_size
                << "); its Merkle root needs an export from position 1\n";
      continue;
    }
    if (c.tree_size > last && n.name == std::string("published checkpoint") &&
        header->to < c.tree_size) {
      std::cout << "note: the published checkpoint (tree size " << c.tree_size
                << ") is beyond this range export and was not compared\n";
      continue;
    }
    const std::string mismatch = CompareCheckpoint(c, *chain, got);
    if (!mismatch.empty()) return Bad(std::string(n.name) + ": " + mismatch);
    Ok(std::string(n.name) + ": Merkle root of the first " + std::to_string(c.tree_size) +
       " events matches (signed " + eventstore::FormatRfc3339Micros(c.time_us) + ")");
    if (n.must_cover && &n == &notes[0] && c.tree_size != last) {
      return Bad("truncated: the export checkpoint covers " + std::to_string(c.tree_size) +
                 " events, the export ends at " + std::to_string(last));
    }
  }
  return kExitOk;
}

}  // namespace

int RunVerify(const std::vector<std::string>& args) {
  FlagSet flags = MakeFlags();
  int code = 0;
  if (!ParseCommandFlags(kCmd, flags, args, &code)) return code;
  const bool has_dir = flags.IsSet("data-dir");
  const bool has_export = flags.IsSet("export");
  if (has_dir == has_export) return Usage(kCmd, "give exactly one of --data-dir or --export");
  if (has_dir) {
    if (flags.IsSet("public-key") || flags.IsSet("checkpoint")) {
      return Usage(kCmd, "--public-key and --checkpoint go with --export");
    }
    return VerifyDataDir(DataDir{flags.Get("data-dir")});
  }
  return VerifyExport(flags.Get("export"), flags.Get("public-key"), flags.Get("checkpoint"));
}

}  // namespace kinerja::cli
