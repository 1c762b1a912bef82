// `kinerja restore`: a backup (kinerja backup) into an empty or new data directory, then the
// restored log verified (hash chain, and the Merkle root against the published checkpoint), the
// Merkle index and read models rebuilt.
#include <filesystem>
#include <iostream>

#include "api/cli/cli_support.h"
#include "api/cli/log_audit.h"
#include "api/cli/progress.h"
#include "api/cli/subcommands.h"
#include "eventstore/hash_chain.h"
#include "eventstore/merkle_index.h"

namespace kinerja::cli {
namespace {

constexpr const char* kCmd = "restore";
namespace fs = std::filesystem;

FlagSet MakeFlags() {
  FlagSet flags(
      "kinerja restore --from BACKUP_DIR --data-dir DIR [--force]",
      "Copies a backup into DIR (which must be missing or empty; --force empties it first),\n"
      "verifies the restored hash chain (and the Merkle root against the backed-up signed\n"
      "checkpoint), then rebuilds the Merkle index and the read models. kinerjad must not run on\n"
      "DIR. Exit: 0 restored and verified, 1 failure (a backup that does not verify is left in\n"
      "DIR for inspection), 2 usage.");
  flags.Add({"from", "BACKUP_DIR", "a directory written by kinerja backup", "", ""})
      .Add({"data-dir", "DIR", "the data directory to restore into", "", "KINERJA_DATA_DIR"})
      .Add({"force", "", "empty a non-empty DIR first", "false", "", true});
  return flags;
}

}  // namespace

int RunRestore(const std::vector<std::string>& args) {
  FlagSet flags = MakeFlags();
  int code = 0;
  if (!ParseCommandFlags(kCmd, flags, args, &code)) return code;
  const std::string from = flags.Get("from");
  const DataDir dir{flags.Get("data-dir")};
  if (from.empty() || dir.root.empty()) return Usage(kCmd, "--from and --data-dir are required");
  bool force = false;
  if (!ParseBool(flags.Get("force"), &force)) return Usage(kCmd, "--force must be true or false");
  std::error_code ec;
  if (!fs::exists(from + "/events", ec)) return Fail(kCmd, from + " is not a kinerja backup (no events/)");
  if (fs::exists(dir.root, ec) && !fs::is_empty(dir.root, ec)) {
    if (!force) return Fail(kCmd, dir.root + " is not empty: give --force to replace its contents");
    for (const auto& entry : fs::directory_iterator(dir.root, ec)) fs::remove_all(entry.path(), ec);
    if (ec) return Fail(kCmd, "cannot empty " + dir.root + ": " + ec.message());
  }
  fs::create_directories(dir.root, ec);
  fs::copy(from + "/events", dir.events(), fs::copy_options::recursive, ec);
  if (ec) return Fail(kCmd, "cannot copy the event log: " + ec.message());
  std::string error = CopyAuditFiles(from + "/audit", dir.audit());
  if (!error.empty()) return Fail(kCmd, error);

  auto store = OpenEventLog(dir, false, true, &error);
  if (!store) return Fail(kCmd, error);
  const uint64_t head = store->head_position();
  ChainChecker chain(1, eventstore::GenesisHashHex(), true);
  {
    Progress progress("restore: verify", "events", head);
    auto s = store->ForEach({}, [&](const eventstore::RecordedEvent& e) {
      const bool ok = chain.Add(e);
      progress.Update(chain.checked());
      return ok;
    });
    if (!s.ok()) return Fail(kCmd, "reading the restored log failed: " + s.ToString());
  }
  if (!chain.ok()) {
    return Fail(kCmd, "the restored log does not verify at position " +
                          std::to_string(chain.failure()->position) + ": " +
                          chain.failure()->reason);
  }
  std::cout << "ok: hash chain of " << head << " events\n";
  std::string note, pem, key;
  if (ReadFile(dir.checkpoint_note(), &note, &error) && ReadFile(dir.key_file(), &pem, &error) &&
      Ed25519PublicKeyFromPem(pem, &key, &error)) {
    auto checkpoint = VerifyCheckpointNote(note, key);
    if (!checkpoint.ok()) return Fail(kCmd, "the backed-up checkpoint does not verify: " + checkpoint.status().ToString());
    const std::string mismatch = CompareCheckpoint(checkpoint.value(), chain, chain.checked());
    if (!mismatch.empty()) return Fail(kCmd, mismatch);
    std::cout << "ok: Merkle root of the first " << checkpoint.value().tree_size
              << " events matches the signed checkpoint\n";
  }
  eventstore::MerkleIndexOptions index_options;
  index_options.path = dir.merkle();
  auto index = eventstore::MerkleIndex::Open(store.get(), index_options);
  if (!index.ok()) return Fail(kCmd, "cannot create the Merkle index: " + index.status().ToString());
  if (auto s = index.value()->CatchUp(); !s.ok()) {
    return Fail(kCmd, "building the Merkle index failed: " + s.ToString());
  }
  index.value().reset();
  const int rebuilt = RebuildReadModels(kCmd, store.get(), dir);
  if (rebuilt != kExitOk) return rebuilt;
  std::cout << "restored " << head << " events into " << dir.root << "\n";
  return kExitOk;
}

}  // namespace kinerja::cli
