// PeriodicThread (eventstore/periodic_thread.h): the first wait, the task's own waits, Stop
// waking a long wait, restart after Stop.
#include "eventstore/periodic_thread.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace kinerja::eventstore {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// Spins (politely) until `done` or ten seconds have passed.
template <class Pred>
bool WaitUntil(Pred done) {
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (!done()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(milliseconds(1));
  }
  return true;
}

TEST(PeriodicThread, RunsAgainAfterTheWaitTheTaskReturns) {
  std::atomic<int> runs{0};
  PeriodicThread thread;
  thread.Start([&] {
    ++runs;
    return milliseconds(runs < 5 ? 0 : 60'000);  // five runs at once, then a long wait
  });
  ASSERT_TRUE(WaitUntil([&] { return runs.load() >= 5; }));
  std::this_thread::sleep_for(milliseconds(50));
  EXPECT_EQ(runs.load(), 5);  // waiting its minute now
  const auto stop_started = Clock::now();
  thread.Stop();  // wakes the wait
  EXPECT_LT(Clock::now() - stop_started, std::chrono::seconds(5));
  EXPECT_FALSE(thread.running());
  EXPECT_EQ(runs.load(), 5);
}

TEST(PeriodicThread, WaitsTheFirstWaitBeforeTheFirstRun) {
  std::atomic<int> runs{0};
  PeriodicThread thread;
  thread.Start(
      [&] {
        ++runs;
        return milliseconds(60'000);
      },
      milliseconds(60'000));
  std::this_thread::sleep_for(milliseconds(50));
  thread.Stop();
  EXPECT_EQ(runs.load(), 0);
}

TEST(PeriodicThread, StartsAgainAfterStopAndIgnoresASecondStart) {
  std::atomic<int> first{0}, second{0};
  PeriodicThread thread;
  thread.Start([&] {
    ++first;
    return milliseconds(60'000);
  });
  ASSERT_TRUE(WaitUntil([&] { return first.load() == 1; }));
  thread.Start([&] {  // already running: ignored
    ++second;
    return milliseconds(1);
  });
  thread.Stop();
  thread.Stop();  // idempotent
  EXPECT_EQ(second.load(), 0);
  thread.Start([&] {
    ++second;
    return milliseconds(60'000);
  });
  EXPECT_TRUE(thread.running());
  ASSERT_TRUE(WaitUntil([&] { return second.load() == 1; }));
  thread.Stop();
  EXPECT_EQ(first.load(), 1);
}

}  // namespace
}  // namespace kinerja::eventstore
