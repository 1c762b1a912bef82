#include "api/cli/cli_support.h"

#include <filesystem>
#include <iostream>

#include "api/cli/subcommands.h"

namespace kinerja::cli {

int Usage(const std::string& command, const std::string& message) {
  std::cerr << "kinerja " << command << ": " << message << "\nRun kinerja " << command
            << " --help for the flags.\n";
  return kExitUsage;
}

int Fail(const std::string& command, const std::string& message) {
  std::cerr << "kinerja " << command << ": " << message << "\n";
  return kExitFailure;
}

bool ParseCommandFlags(const std::string& command, FlagSet& flags,
                       const std::vector<std::string>& args, int* exit_code) {
  std::string error;
  if (!flags.Parse(args, &error)) {
    *exit_code = Usage(command, error);
    return false;
  }
  if (flags.help_requested()) {
    std::cout << flags.Help();
    *exit_code = kExitOk;
    return false;
  }
  return true;
}

std::unique_ptr<eventstore::RocksEventStore> OpenEventLog(const DataDir& dir, bool create,
                                                          bool sync, std::string* error) {
  std::error_code ec;
  if (!create && !std::filesystem::exists(dir.events(), ec)) {
    *error = "no event log in " + dir.events() + " (is --data-dir a kinerjad data directory?)";
    return nullptr;
  }
  eventstore::RocksOptions options;
  options.path = dir.events();
  options.create_if_missing = create;
  options.sync = sync;
  if (create) std::filesystem::create_directories(dir.root, ec);
  auto store = eventstore::RocksEventStore::Open(options);
  if (!store.ok()) {
    *error = "cannot open the event log in " + dir.events() + ": " + store.status().ToString();
    if (store.status().message().find("lock") != std::string::npos) {
      *error += "\n(another process holds it: stop kinerjad first, or work on a backup)";
    }
    return nullptr;
  }
  return std::move(store).value();
}

}  // namespace kinerja::cli
