// Child process of projections_crash_test: opens the event store and the view store in the given
// directories, starts a projector (StreamStats, small batches) and appends forever from two
// threads until it is SIGKILLed. Prints "ready" once the projector runs.
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "eventstore/rocks_event_store.h"
#include "projections/projector.h"
#include "tests/projections/test_projection.h"

using namespace kinerja;  // NOLINT: test child.

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  eventstore::RocksOptions eo;
  eo.path = argv[1];
  eo.sync = false;  // A process crash keeps what reached the OS; we kill the process only.
  auto store = eventstore::RocksEventStore::Open(eo);
  if (!store.ok()) return 3;
  projections::ViewStoreOptions vo;
  vo.path = argv[2];
  auto views = projections::ViewStore::Open(vo);
  if (!views.ok()) return 4;
  std::vector<std::unique_ptr<projections::Projection>> ps;
  ps.push_back(std::make_unique<projections::testing::StreamStats>(1));
  projections::ProjectorOptions po;
  po.batch_events = 13;
  auto projector =
      projections::Projector::Open(store->get(), std::move(views).value(), std::move(ps), po);
  if (!projector.ok()) return 5;
  (*projector)->Start();
  std::printf("ready\n");
  std::fflush(stdout);
  std::vector<std::thread> writers;
  for (int t = 0; t < 2; ++t) {
    writers.emplace_back([&, t] {
      for (uint64_t i = 0;; ++i) {
        std::string stream = "c-" + std::to_string((i + static_cast<uint64_t>(t)) % 5);
        (void)(*store)->Append(stream, eventstore::ExpectedVersion::Any(),
                               {projections::testing::Ev("Tick", "{\"i\":" + std::to_string(i) +
                                                                     "}")},
                               eventstore::AppendContext{});
      }
    });
  }
  for (auto& w : writers) w.join();
  return 0;
}
