// `kinerja backup`: a consistent copy of a data directory: the event log through
// RocksEventStore::Backup (a RocksDB checkpoint, hard links where possible) and the checkpoint key
// and latest published checkpoint (<dir>/audit). The derived Merkle index and read models are
// not copied: `kinerja restore` rebuilds them from the log.
#include <sys/stat.h>

#include <filesystem>
#include <iostream>

#include "api/cli/cli_support.h"
#include "api/cli/subcommands.h"

namespace kinerja::cli {
namespace {

constexpr const char* kCmd = "backup";
namespace fs = std::filesystem;

FlagSet MakeFlags() {
  FlagSet flags(
      "kinerja backup --data-dir DIR --to BACKUP_DIR",
      std::string(
          "Writes a consistent copy of the data directory into BACKUP_DIR (must not exist):\n"
          "  BACKUP_DIR/events   the event log (RocksDB checkpoint; hard links on one filesystem)\n"
          "  BACKUP_DIR/audit    the checkpoint signing key (mode 0600) and latest checkpoint\n"
          "The Merkle index and read models are derived: kinerja restore rebuilds them.\n"
          "Keep backups private: they hold the signing key.\n") +
          kOfflineNote +
          "\nkinerjad holds the RocksDB lock while it runs: stop it (SIGTERM) for the backup.");
  flags.Add({"data-dir", "DIR", "kinerjad data directory", "", "KINERJA_DATA_DIR"})
      .Add({"to", "BACKUP_DIR", "where to write the backup (must not exist)", "", ""});
  return flags;
}

}  // namespace

// Copies the audit files (key 0600, note). Empty string on success. Shared with restore.
std::string CopyAuditFiles(const std::string& from_dir, const std::string& to_dir) {
  std::error_code ec;
  if (!fs::exists(from_dir, ec)) return "";
  fs::create_directories(to_dir, ec);
  if (ec) return "cannot create " + to_dir + ": " + ec.message();
  ::chmod(to_dir.c_str(), 0700);
  for (const char* name : {"checkpoint-ed25519.pem", "checkpoint.note"}) {
    const fs::path src = fs::path(from_dir) / name;
    if (!fs::exists(src, ec)) continue;
    const fs::path dst = fs::path(to_dir) / name;
    fs::copy_file(src, dst, fs::copy_options::overwrite_existing, ec);
    if (ec) return "cannot copy " + src.string() + ": " + ec.message();
    fs::permissions(dst, fs::status(src).permissions(), ec);
  }
  return "";
}

int RunBackup(const std::vector<std::string>& args) {
  FlagSet flags = MakeFlags();
  int code = 0;
  if (!ParseCommandFlags(kCmd, flags, args, &code)) return code;
  const DataDir dir{flags.Get("data-dir")};
  const std::string to = flags.Get("to");
  if (dir.root.empty() || to.empty()) return Usage(kCmd, "--data-dir and --to are required");
  std::error_code ec;
  if (fs::exists(to, ec)) return Fail(kCmd, to + " exists: give a new directory");
  std::string error;
  auto store = OpenEventLog(dir, false, false, &error);
  if (!store) return Fail(kCmd, error);
  const uint64_t head = store->head_position();
  fs::create_directories(to, ec);
  if (ec) return Fail(kCmd, "cannot create " + to + ": " + ec.message());
  ::chmod(to.c_str(), 0700);
  if (auto s = store->Backup(to + "/events"); !s.ok()) {
    return Fail(kCmd, "backup of the event log failed: " + s.ToString());
  }
  error = CopyAuditFiles(dir.audit(), to + "/audit");
  if (!error.empty()) return Fail(kCmd, error);
  std::cout << "backup of " << head << " events written to " << to << "\n";
  return kExitOk;
}

}  // namespace kinerja::cli
