#include "api/cli/subcommands.h"

#include <sstream>

namespace kinerja::cli {

const std::vector<Subcommand>& Subcommands() {
  static const std::vector<Subcommand> kAll = {
      {"token", "mint a JWT for development and scripts (HS256 secret or RS256 key)", &RunToken},
      {"export", "the log (or a range) to NDJSON with hashes and the signed checkpoint", &RunExport},
      {"verify", "verify a data directory or an NDJSON export offline", &RunVerify},
      {"state", "a stream as of a time or position, from a data directory or an export",
       &RunState},
      {"import", "pegawai and units from a SIASN CSV export", &RunImport},
      {"rebuild", "rebuild the read models offline", &RunRebuild},
      {"backup", "a consistent copy of a (stopped) data directory", &RunBackup},
      {"restore", "restore a backup into a data directory, verify it, rebuild", &RunRestore},
  };
  return kAll;
}

const Subcommand* FindSubcommand(const std::string& name) {
  for (const auto& sub : Subcommands()) {
    if (name == sub.name) return &sub;
  }
  return nullptr;
}

std::string TopLevelHelp() {
  std::ostringstream out;
  out << "Usage: kinerja <command> [flags]\n"
         "       kinerja <command> --help\n\n"
         "The kinerja command line: tools for administrators and auditors.\n\nCommands:\n";
  for (const auto& sub : Subcommands()) {
    std::string name = "  " + std::string(sub.name);
    name.resize(12, ' ');
    out << name << sub.summary << (sub.run ? "" : " (not yet available)") << "\n";
  }
  out << "\nExit codes: 0 success, 1 failure, 2 usage error (unknown command or flag, bad value,\n"
         "or a command not yet available in this build).\n";
  return out.str();
}

}  // namespace kinerja::cli
