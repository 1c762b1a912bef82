// Crash safety of the projector: a child process appends and projects until SIGKILLed at a
// random moment. After each kill the documents must match the checkpoint exactly (the model is
// neither ahead of nor behind it: "total" == checkpoint and every stream's count equals the
// number of its events at or below the checkpoint), and catching up yields exact counts (nothing
// applied twice, nothing skipped).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <thread>

#include "eventstore/rocks_event_store.h"
#include "projections/projector.h"
#include "tests/projections/test_projection.h"

namespace kinerja::projections {
namespace {

using testing::CountIn;
using testing::StreamStats;
using testing::TempDir;

void RunAndKill(const std::string& events, const std::string& views, int run_ms) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], 1);
    ::close(fds[0]);
    ::close(fds[1]);
    ::execl(KINERJA_PROJ_CRASH_CHILD, KINERJA_PROJ_CRASH_CHILD, events.c_str(), views.c_str(),
            static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  ::close(fds[1]);
  std::string out;
  char buf[256];
  while (out.find("ready\n") == std::string::npos) {
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(run_ms));
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(fds[0]);
  ASSERT_NE(out.find("ready\n"), std::string::npos) << "child never got ready";
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "child status " << status;
}

TEST(ProjectorCrash, DocumentsMatchCheckpointAfterSigkillAndCatchUpIsExact) {
  TempDir tmp;
  const std::string events_dir = tmp.Sub("events");
  const std::string views_dir = tmp.Sub("views");
  std::mt19937 rng(std::random_device{}());
  for (int cycle = 0; cycle < 4; ++cycle) {
    RunAndKill(events_dir, views_dir, std::uniform_int_distribution<int>(30, 250)(rng));
    if (::testing::Test::HasFatalFailure()) return;

    eventstore::RocksOptions eo;
    eo.path = events_dir;
    eo.sync = false;
    auto store = eventstore::RocksEventStore::Open(eo);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ViewStoreOptions vo;
    vo.path = views_dir;
    auto views = ViewStore::Open(vo);
    ASSERT_TRUE(views.ok()) << views.status().ToString();

    // The state as the crash left it: documents agree with the checkpoint.
    auto meta = (*views)->Meta("stream-stats");
    ASSERT_TRUE(meta.ok());
    const uint64_t cp = meta->checkpoint;
    auto all = (*store)->ReadAll(eventstore::AllRead{});
    ASSERT_TRUE(all.ok());
    ASSERT_LE(cp, all->size());
    std::printf("cycle %d: head %zu, checkpoint at kill %llu\n", cycle, all->size(),
                static_cast<unsigned long long>(cp));
    std::map<std::string, int64_t> upto_cp, total_by_stream;
    for (const auto& e : *all) {
      if (e.position <= cp) ++upto_cp[e.stream];
      ++total_by_stream[e.stream];
    }
    auto total = (*views)->Get("stream-stats", "total");
    ASSERT_TRUE(total.ok());
    EXPECT_EQ(CountIn(*total), static_cast<int64_t>(cp)) << "cycle " << cycle;
    for (const auto& [stream, n] : upto_cp) {
      auto doc = (*views)->Get("stream-stats", "stream/" + stream);
      ASSERT_TRUE(doc.ok());
      EXPECT_EQ(CountIn(*doc), n) << stream << " cycle " << cycle;
    }

    // Resume: exact after catching up.
    std::vector<std::unique_ptr<Projection>> ps;
    ps.push_back(std::make_unique<StreamStats>(1));
    auto projector = Projector::Open(store->get(), std::move(views).value(), std::move(ps));
    ASSERT_TRUE(projector.ok());
    ASSERT_TRUE((*projector)->CatchUp().ok());
    EXPECT_EQ((*projector)->applied_position(), all->size());
    for (const auto& [stream, n] : total_by_stream) {
      auto doc = (*projector)->views()->Get("stream-stats", "stream/" + stream);
      ASSERT_TRUE(doc.ok());
      EXPECT_EQ(CountIn(*doc), n) << stream << " cycle " << cycle;
    }
    auto t2 = (*projector)->views()->Get("stream-stats", "total");
    ASSERT_TRUE(t2.ok());
    EXPECT_EQ(CountIn(*t2), static_cast<int64_t>(all->size()));
  }
}

}  // namespace
}  // namespace kinerja::projections
