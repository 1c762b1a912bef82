// The subcommands of the `kinerja` command line (build/kinerja), dispatched by api/main/kinerja.cc.
// Each subcommand parses its own flags (api/main/flags.h), answers --help, and returns an exit
// code: kExitOk, kExitFailure (it ran and failed), kExitUsage (bad invocation). Adding one: write
// api/cli/<name>_command.cc with `int Run<Name>(const std::vector<std::string>& args)`, declare it
// here and list it in Subcommands() (subcommands.cc).
// Thread-safety: run from main() only.
#pragma once

#include <string>
#include <vector>

namespace kinerja::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

struct Subcommand {
  const char* name;
  const char* summary;
  // null: planned (issue 5) but not available in this build.
  int (*run)(const std::vector<std::string>& args);
};

// Every subcommand, available and planned, in help order.
const std::vector<Subcommand>& Subcommands();
// nullptr when no subcommand has that name.
const Subcommand* FindSubcommand(const std::string& name);
// The top-level help text.
std::string TopLevelHelp();

// `kinerja token`: mints a JWT (token_command.cc).
int RunToken(const std::vector<std::string>& args);
// The data-directory and audit commands (<name>_command.cc).
int RunExport(const std::vector<std::string>& args);
int RunVerify(const std::vector<std::string>& args);
int RunState(const std::vector<std::string>& args);
int RunImport(const std::vector<std::string>& args);
int RunRebuild(const std::vector<std::string>& args);
int RunBackup(const std::vector<std::string>& args);
int RunRestore(const std::vector<std::string>& args);

}  // namespace kinerja::cli
