// StorageMonitor: one log line when a store's writes start failing, one when they recover, a
// reminder only after `reminder`, nothing per refused write.
#include "api/app/storage_monitor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <string>
#include <vector>

namespace kinerja::app {
namespace {

struct Line {
  std::string level, msg;
  LogFields fields;
  std::string Field(const std::string& k) const {
    for (const auto& [key, value] : fields)
      if (key == k) return value;
    return "";
  }
};

TEST(StorageMonitor, LogsTransitionsNotEveryFailure) {
  std::atomic<bool> writable{true};
  std::atomic<uint64_t> errors{0};
  std::vector<Line> lines;
  StorageMonitorOptions options;
  options.reminder = std::chrono::hours(1);
  StorageMonitor monitor(
      {{"event log", [&] { return writable.load(); }, [&] { return errors.load(); }}},
      [&](std::string_view level, std::string_view msg, const LogFields& f) {
        lines.push_back({std::string(level), std::string(msg), f});
      },
      options);
  monitor.Check();
  EXPECT_TRUE(lines.empty());
  EXPECT_TRUE(monitor.all_writable());

  errors = 1;
  writable = false;
  for (int i = 0; i < 50; ++i) {
    errors.fetch_add(1);
    monitor.Check();
  }
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].level, "error");
  EXPECT_EQ(lines[0].msg, "storage writes failing");
  EXPECT_EQ(lines[0].Field("store"), "event log");
  EXPECT_FALSE(monitor.all_writable());

  writable = true;
  monitor.Check();
  monitor.Check();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].level, "info");
  EXPECT_EQ(lines[1].msg, "storage writes recovered");
  EXPECT_EQ(lines[1].Field("failedWrites"), "51");
  EXPECT_TRUE(monitor.all_writable());
}

TEST(StorageMonitor, RemindsWhileStillFailing) {
  std::vector<std::string> msgs;
  StorageMonitorOptions options;
  options.reminder = std::chrono::milliseconds(0);
  StorageMonitor monitor({{"read models", [] { return false; }, [] { return uint64_t{3}; }}},
                         [&](std::string_view, std::string_view msg, const LogFields&) {
                           msgs.emplace_back(msg);
                         },
                         options);
  monitor.Check();
  monitor.Check();
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0], "storage writes failing");
  EXPECT_EQ(msgs[1], "storage writes still failing");
}

TEST(StorageMonitor, ThreadStartsAndStops) {
  std::atomic<int> checks{0};
  StorageMonitorOptions options;
  options.poll = std::chrono::milliseconds(1);
  StorageMonitor monitor({{"x", [&] { checks.fetch_add(1); return true; }, nullptr}},
                         [](std::string_view, std::string_view, const LogFields&) {}, options);
  monitor.Start();
  while (checks.load() < 3) std::this_thread::yield();
  monitor.Stop();
  monitor.Stop();
  EXPECT_GE(checks.load(), 3);
}

}  // namespace
}  // namespace kinerja::app
