// `kinerja rebuild`: refolds every read model (<dir>/views) from the log offline with the
// server's own projections (app::AllProjections, projections::Projector::RebuildAll).
#include <atomic>
#include <iostream>
#include <thread>

#include "api/app/routes.h"
#include "api/cli/cli_support.h"
#include "api/cli/progress.h"
#include "api/cli/subcommands.h"
#include "projections/projector.h"
#include "projections/view_store.h"

namespace kinerja::cli {

// Shared with restore (declared in subcommands.h): rebuilds <dir>/views from `store`.
int RebuildReadModels(const char* command, eventstore::EventStore* store, const DataDir& dir) {
  projections::ViewStoreOptions view_options;
  view_options.path = dir.views();
  auto views = projections::ViewStore::Open(view_options);
  if (!views.ok()) {
    return Fail(command, "cannot open the read models in " + dir.views() + ": " +
                             views.status().ToString());
  }
  auto projector = projections::Projector::Open(store, std::move(views).value(), app::AllProjections());
  if (!projector.ok()) return Fail(command, "cannot prepare the read models: " + projector.status().ToString());
  projections::Projector* p = projector.value().get();
  const uint64_t head = store->head_position();
  Progress progress(std::string(command) + " read models", "events", head);
  std::atomic<bool> done{false};
  eventstore::Status status;
  std::thread worker([&] {
    status = p->RebuildAll();
    done = true;
  });
  while (!done.load()) {
    progress.Update(p->applied_position());
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  worker.join();
  progress.Update(p->applied_position());
  progress.Finish();
  if (!status.ok()) return Fail(command, "rebuilding the read models failed: " + status.ToString());
  const auto metrics = p->metrics();
  std::cerr << "kinerja " << command << ": read models rebuilt through position "
            << p->applied_position() << " (" << p->projections().size() << " projections"
            << (metrics.poison_events > 0
                    ? ", " + std::to_string(metrics.poison_events) + " events could not be folded"
                    : "")
            << ")\n";
  return kExitOk;
}

namespace {

constexpr const char* kCmd = "rebuild";

FlagSet MakeFlags() {
  FlagSet flags("kinerja rebuild --data-dir DIR",
                std::string("Resets every read model in <dir>/views and refolds it from the event "
                            "log, with the\nserver's projections.\n") +
                    kOfflineNote);
  flags.Add({"data-dir", "DIR", "kinerjad data directory", "", "KINERJA_DATA_DIR"});
  return flags;
}

}  // namespace

int RunRebuild(const std::vector<std::string>& args) {
  FlagSet flags = MakeFlags();
  int code = 0;
  if (!ParseCommandFlags(kCmd, flags, args, &code)) return code;
  const DataDir dir{flags.Get("data-dir")};
  if (dir.root.empty()) return Usage(kCmd, "--data-dir is required");
  std::string error;
  auto store = OpenEventLog(dir, false, false, &error);
  if (!store) return Fail(kCmd, error);
  return RebuildReadModels(kCmd, store.get(), dir);
}

}  // namespace kinerja::cli
