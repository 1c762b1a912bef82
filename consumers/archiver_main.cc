// kinerja-archiver: appends every event of the Kafka topic to daily NDJSON files, verifying the
// hash chain as events arrive (see consumers/archiver.h and consumers/README.md).
// Exit codes: 0 after SIGTERM/SIGINT, 2 when --exit-on-alert stopped it, 1 on a write failure,
// 64 on bad usage.
#include <csignal>
#include <cstdio>
#include <mutex>
#include <thread>

#include "consumers/archiver.h"
#include "consumers/flags.h"

namespace {

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

constexpr char kUsage[] =
    "usage: kinerja-archiver --brokers HOST:PORT[,...] --archive-dir DIR\n"
    "         [--group-id kinerja-archiver] [--topic kinerja.events] [--status-file FILE]\n"
    "         [--gap-timeout-ms 30000] [--status-interval-ms 1000] [--exit-on-alert]\n"
    "         [--session-timeout-ms 10000] [--kafka-config name=value ...]\n";

void LogLine(const std::string& line) {
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  std::fprintf(stderr, "kinerja-archiver: %s\n", line.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  using namespace kinerja::consumers;
  const Flags flags = ParseFlags(argc, argv, {"help", "exit-on-alert"});
  if (!flags.error.empty() || flags.Has("help")) {
    if (!flags.error.empty()) std::fprintf(stderr, "%s\n", flags.error.c_str());
    std::fputs(kUsage, stderr);
    return flags.error.empty() ? 0 : 64;
  }
  ArchiverOptions o;
  o.brokers = flags.Get("brokers");
  o.group_id = flags.Get("group-id", o.group_id);
  o.topic = flags.Get("topic", o.topic);
  o.archive_dir = flags.Get("archive-dir");
  o.status_file = flags.Get("status-file");
  o.exit_on_alert = flags.Get("exit-on-alert", "false") == "true";
  std::string error;
  for (const auto& [name, field] :
       {std::pair<const char*, int*>{"gap-timeout-ms", &o.gap_timeout_ms},
        {"status-interval-ms", &o.status_interval_ms},
        {"session-timeout-ms", &o.session_timeout_ms}}) {
    if (flags.Has(name) && !ParsePositiveInt(name, flags.Get(name), field, &error)) {
      std::fprintf(stderr, "%s\n%s", error.c_str(), kUsage);
      return 64;
    }
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
  auto archiver = Archiver::Start(o);
  if (!archiver.ok()) {
    std::fprintf(stderr, "kinerja-archiver: %s\n%s", archiver.status().ToString().c_str(),
                 kUsage);
    return 64;
  }
  while (!g_stop && !archiver.value()->finished()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const bool by_alert = archiver.value()->finished() && !g_stop;
  const auto status = archiver.value()->Stop();
  const ArchiverMetrics m = archiver.value()->metrics();
  LogLine("stopped at position " + std::to_string(m.last_position) + ", " +
          std::to_string(m.alerts) + " alert(s)");
  if (!status.ok()) {
    LogLine(status.ToString());
    return 1;
  }
  return by_alert ? 2 : 0;
}
