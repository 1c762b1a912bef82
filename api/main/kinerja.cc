// kinerja: the command line for administrators and auditors (DESIGN.md §4, issue 5). Dispatches
// `kinerja <command> [flags]` to api/cli/ (subcommands.h). Exit codes: 0 ok, 1 failure, 2 usage.
#include <iostream>
#include <string>
#include <vector>

#include "api/cli/subcommands.h"

int main(int argc, char** argv) {
  using namespace kinerja::cli;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << TopLevelHelp();
    return kExitUsage;
  }
  std::string command = args.front();
  args.erase(args.begin());
  if (command == "--help" || command == "-h") {
    std::cout << TopLevelHelp();
    return kExitOk;
  }
  if (command == "help") {
    if (args.empty()) {
      std::cout << TopLevelHelp();
      return kExitOk;
    }
    command = args.front();
    args = {"--help"};
  }
  const Subcommand* sub = FindSubcommand(command);
  if (sub == nullptr) {
    std::cerr << "kinerja: unknown command \"" << command << "\"\n\n" << TopLevelHelp();
    return kExitUsage;
  }
  if (sub->run == nullptr) {
    std::cerr << "kinerja " << command << ": not yet available in this build (" << sub->summary
              << ")\n";
    return kExitUsage;
  }
  return sub->run(args);
}
