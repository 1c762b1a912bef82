// kinerja-analytics: per-unit per-period figures from the Kafka event topic, as a consumer group
// (see consumers/analytics_consumer.h and consumers/README.md).
#include <csignal>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <thread>

#include "consumers/analytics_consumer.h"
#include "consumers/flags.h"

namespace {

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

constexpr char kUsage[] =
    "usage: kinerja-analytics --brokers HOST:PORT[,...] --state-dir DIR --output-dir DIR\n"
    "         [--group-id kinerja-analytics] [--topic kinerja.events] [--format csv|ndjson]\n"
    "         [--snapshot-interval-ms 5000] [--session-timeout-ms 10000]\n"
    "         [--kafka-config name=value ...]\n";

void LogLine(const std::string& line) {
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  std::fprintf(stderr, "kinerja-analytics: %s\n", line.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  using namespace kinerja::consumers;
  const Flags flags = ParseFlags(argc, argv, {"help"});
  if (!flags.error.empty() || flags.Has("help")) {
    if (!flags.error.empty()) std::fprintf(stderr, "%s\n", flags.error.c_str());
    std::fputs(kUsage, stderr);
    return flags.error.empty() ? 0 : 64;
  }
  AnalyticsOptions o;
  o.brokers = flags.Get("brokers");
  o.group_id = flags.Get("group-id", o.group_id);
  o.topic = flags.Get("topic", o.topic);
  o.state_dir = flags.Get("state-dir");
  o.output_dir = flags.Get("output-dir");
  std::string error;
  auto format = ParseFigureFormat(flags.Get("format", "csv"));
  if (!format.ok()) {
    std::fprintf(stderr, "%s\n%s", format.status().message().c_str(), kUsage);
    return 64;
  }
  o.format = format.value();
  if ((flags.Has("snapshot-interval-ms") &&
       !ParsePositiveInt("snapshot-interval-ms", flags.Get("snapshot-interval-ms"),
                         &o.snapshot_interval_ms, &error)) ||
      (flags.Has("session-timeout-ms") &&
       !ParsePositiveInt("session-timeout-ms", flags.Get("session-timeout-ms"),
                         &o.session_timeout_ms, &error))) {
    std::fprintf(stderr, "%s\n%s", error.c_str(), kUsage);
    return 64;
  }
  for (const std::string& kv : flags.GetAll("kafka-config")) {
    const size_t eq = kv.find('=');
    if (eq == std::string::npos) {
      std::fprintf(stderr, "--kafka-config wants name=value, not '%s'\n", kv.c_str());
      return 64;
    }
    o.extra_config.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
  }
  o.log = LogLine;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  auto consumer = AnalyticsConsumer::Start(o);
  if (!consumer.ok()) {
    std::fprintf(stderr, "kinerja-analytics: %s\n%s", consumer.status().ToString().c_str(),
                 kUsage);
    return 64;
  }
  LogLine("consuming " + o.topic + " from " + o.brokers + " as group " + o.group_id);
  while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto status = consumer.value()->Stop();
  const AnalyticsMetrics m = consumer.value()->metrics();
  LogLine("stopped: " + std::to_string(m.applied) + " applied, " +
          std::to_string(m.duplicates) + " duplicates, " + std::to_string(m.snapshots) +
          " snapshots");
  if (!status.ok()) {
    LogLine("last snapshot failed: " + status.ToString());
    return 1;
  }
  return 0;
}
