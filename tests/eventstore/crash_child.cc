// Child of the crash test: appends forever with sync on from several threads and reports each
// acknowledged event on stdout as "E <position> <id> <hash>\n" (one write() per line, so a
// SIGKILL never leaves a torn line in the pipe). Usage: crash_child <dir> <threads>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "eventstore/rocks_event_store.h"
#include "eventstore/uuid.h"
#include "tests/eventstore/crash_common.h"

using namespace kinerja::eventstore;  // NOLINT: a tiny program.

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s <dir> <threads>\n", argv[0]);
    return 2;
  }
  RocksOptions o;
  o.path = argv[1];
  o.sync = true;
  auto opened = RocksEventStore::Open(o);
  if (!opened.ok()) {
    std::fprintf(stderr, "open: %s\n", opened.status().ToString().c_str());
    return 1;
  }
  std::unique_ptr<RocksEventStore> store = std::move(opened).value();
  int threads = std::atoi(argv[2]);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&store, t] {
      unsigned seed = static_cast<unsigned>(t * 7919 + ::getpid());
      for (uint64_t n = 0;; ++n) {
        int k = 1 + static_cast<int>(rand_r(&seed) % 4);
        std::vector<NewEvent> events(k);
        std::string batch;
        for (int i = 0; i < k; ++i) {
          events[i].id = NewUuidV4();
          if (i == 0) batch = events[i].id;
          events[i].type = "CrashTest";
          events[i].data = crash::DataFor(events[i].id);
          events[i].metadata = crash::MetadataFor(batch, k, i);
        }
        AppendContext ctx;
        ctx.actor = "crash-child";
        auto r = store->Append("c" + std::to_string(t) + "-" + std::to_string(n % 5),
                               ExpectedVersion::Any(), std::move(events), ctx);
        if (!r.ok()) {
          std::fprintf(stderr, "append: %s\n", r.status().ToString().c_str());
          std::_Exit(1);
        }
        for (const RecordedEvent& e : r->events) {
          std::string line = "E " + std::to_string(e.position) + " " + e.id + " " + e.hash + "\n";
          if (::write(1, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
            std::_Exit(1);
        }
      }
    });
  }
  for (auto& w : workers) w.join();
  return 0;
}
