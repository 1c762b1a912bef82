// What the data-directory subcommands of `kinerja` share: the layout of a kinerjad data directory,
// opening its event log for an offline tool (with a clear message when kinerjad holds the RocksDB
// lock), and the usage/--help plumbing.
//
// Data directory layout (as api/app/service.h creates it):
//   <dir>/events                       the event log (RocksEventStore)
//   <dir>/merkle                       the Merkle index (derived; rebuilt from the log)
//   <dir>/views                        the read models (derived; `kinerja rebuild`)
//   <dir>/audit/checkpoint-ed25519.pem the checkpoint signing key (PKCS#8, mode 0600)
//   <dir>/audit/checkpoint.note        the latest published signed checkpoint (C2SP note)
// Thread-safety: run from main() only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api/main/flags.h"
#include "eventstore/rocks_event_store.h"

namespace kinerja::cli {

struct DataDir {
  std::string root;
  std::string events() const { return root + "/events"; }
  std::string merkle() const { return root + "/merkle"; }
  std::string views() const { return root + "/views"; }
  std::string audit() const { return root + "/audit"; }
  std::string key_file() const { return root + "/audit/checkpoint-ed25519.pem"; }
  std::string checkpoint_note() const { return root + "/audit/checkpoint.note"; }
};

inline constexpr const char* kDefaultOrigin = "kinerja/pontianak";

// Says on stderr "kinerja <command>: <message>" and how to get help; returns kExitUsage.
int Usage(const std::string& command, const std::string& message);
// Says "kinerja <command>: <message>" on stderr; returns kExitFailure.
int Fail(const std::string& command, const std::string& message);

// Parses; on --help prints the help and sets *exit_code = 0; on a bad flag sets it to 2.
// Returns true when the command should go on.
bool ParseCommandFlags(const std::string& command, FlagSet& flags,
                       const std::vector<std::string>& args, int* exit_code);

// Opens <dir>/events. `create`: create the log when missing (import, restore); otherwise a missing
// log is an error. On failure returns null and sets *error (mentions a running kinerjad when the
// RocksDB lock is held).
std::unique_ptr<eventstore::RocksEventStore> OpenEventLog(const DataDir& dir, bool create,
                                                          bool sync, std::string* error);

// Rebuilds <dir>/views from `store` with the server's projections, with progress (rebuild,
// restore). Returns an exit code.
int RebuildReadModels(const char* command, eventstore::EventStore* store, const DataDir& dir);
// Copies <backup>/audit <-> <dir>/audit (key kept 0600). Empty string on success (backup,
// restore); a missing source directory copies nothing.
std::string CopyAuditFiles(const std::string& from_dir, const std::string& to_dir);

// Help text shared by the commands that open a data directory.
inline constexpr const char* kOfflineNote =
    "RocksDB lets one process open a data directory: run this on a STOPPED kinerjad's data\n"
    "directory, or on a backup (kinerja backup / restore).";

}  // namespace kinerja::cli
