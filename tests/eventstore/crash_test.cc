// Crash safety: a child process appends with sync on from several threads and reports every
// acknowledged event; we SIGKILL it at random moments, reopen, and check that every
// acknowledged event is there byte for byte, positions are gap-free, no batch is partial and
// the chain verifies. KINERJA_CRASH_CYCLES overrides the number of cycles (ops/crash-soak-eventstore).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "eventstore/rocks_event_store.h"
#include "tests/eventstore/crash_common.h"
#include "tests/eventstore/test_util.h"

namespace kinerja::eventstore {
namespace {

struct Acked {
  std::string id;
  std::string hash;
};

// Runs the child for `run_ms`, kills it, and returns everything it acknowledged.
std::string RunAndKill(const std::string& dir, int threads, int run_ms) {
  int fds[2];
  if (::pipe(fds) != 0) return "";
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], 1);
    ::close(fds[0]);
    ::close(fds[1]);
    std::string t = std::to_string(threads);
    ::execl(KINERJA_CRASH_CHILD, KINERJA_CRASH_CHILD, dir.c_str(), t.c_str(),
            static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  ::close(fds[1]);
  std::string out;
  std::thread reader([&] {
    char buf[65536];
    ssize_t n;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(run_ms));
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  reader.join();
  ::close(fds[0]);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "child exited early, status " << status;
  return out;
}

TEST(EventStoreCrash, AcknowledgedAppendsSurviveSigkill) {
  int cycles = 20;
  if (const char* c = std::getenv("KINERJA_CRASH_CYCLES")) cycles = std::max(1, std::atoi(c));
  testing::TempDir tmp;
  const std::string dir = tmp.Sub("db");
  std::mt19937 rng(std::random_device{}());
  std::map<uint64_t, Acked> acked;
  uint64_t last_head = 0;
  for (int cycle = 0; cycle < cycles; ++cycle) {
    int run_ms = std::uniform_int_distribution<int>(20, 200)(rng);
    std::istringstream lines(RunAndKill(dir, 4, run_ms));
    std::string line;
    size_t fresh = 0;
    while (std::getline(lines, line)) {
      std::istringstream f(line);
      std::string tag, id, hash;
      uint64_t pos = 0;
      if (!(f >> tag >> pos >> id >> hash) || tag != "E") continue;
      acked[pos] = Acked{id, hash};
      ++fresh;
    }
    RocksOptions o;
    o.path = dir;
    auto opened = RocksEventStore::Open(o);
    ASSERT_TRUE(opened.ok()) << "cycle " << cycle << ": " << opened.status().ToString();
    auto& store = *opened;
    const uint64_t head = store->head_position();
    ASSERT_GE(head, last_head) << "cycle " << cycle << ": the log shrank";
    last_head = head;
    // Every acknowledged event is there, byte for byte.
    for (const auto& [pos, a] : acked) {
      auto e = store->ReadAt(pos);
      ASSERT_TRUE(e.ok()) << "cycle " << cycle << ": acknowledged position " << pos << " lost";
      ASSERT_EQ(e->id, a.id) << "position " << pos;
      ASSERT_EQ(e->hash, a.hash) << "position " << pos;
      ASSERT_EQ(e->data, crash::DataFor(a.id)) << "position " << pos;
    }
    // Gap-free positions and complete batches.
    auto all = store->ReadAll(AllRead{});
    ASSERT_TRUE(all.ok()) << all.status().ToString();
    ASSERT_EQ(all->size(), head);
    for (size_t i = 0; i < all->size();) {
      const RecordedEvent& first = (*all)[i];
      ASSERT_EQ(first.position, i + 1);
      std::string batch;
      int n = 0, idx = 0;
      ASSERT_TRUE(crash::ParseMetadata(first.metadata, &batch, &n, &idx)) << first.metadata;
      ASSERT_EQ(idx, 0) << "batch starts mid-way at position " << first.position;
      ASSERT_LE(i + n, all->size()) << "partial batch at the end, position " << first.position;
      for (int j = 0; j < n; ++j) {
        const RecordedEvent& e = (*all)[i + j];
        std::string b;
        int nn = 0, jj = 0;
        ASSERT_TRUE(crash::ParseMetadata(e.metadata, &b, &nn, &jj));
        ASSERT_EQ(b, batch) << "position " << e.position;
        ASSERT_EQ(jj, j) << "position " << e.position;
        ASSERT_EQ(e.data, crash::DataFor(e.id));
      }
      i += static_cast<size_t>(n);
    }
    auto report = store->Verify();
    ASSERT_TRUE(report.ok());
    ASSERT_TRUE(report->ok) << "cycle " << cycle << ": " << report->detail << " at "
                            << report->first_broken_position;
    ASSERT_EQ(report->checked, head);
    std::printf("cycle %d: killed after %d ms, %zu newly acknowledged, head %llu\n", cycle,
                run_ms, fresh, static_cast<unsigned long long>(head));
  }
  EXPECT_GT(acked.size(), 0u) << "the child never acknowledged anything";
}

}  // namespace
}  // namespace kinerja::eventstore
