// Soak smoke: runs ops/soak (the real script, kinerjad, kinerja import and kinerja-soak of this
// build, --no-build) for a few seconds on a small city of about 40 pegawai, and checks what the
// soak promises: every seeding and load request got an answer that is not 5xx, the mix was about
// 70% reads and 30% commands with most commands accepted, the summary table and the JSON report
// were produced with per-class percentiles and RSS samples, and kinerjad stopped cleanly (exit
// status 0). No timed assertions: latency and throughput figures are only checked to be present.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/support/sanitizer.h"
#include "tests/support/temp_dir.h"

extern char** environ;

namespace kinerja::testing {
namespace {

// Runs argv with stdout+stderr to `log`; returns the exit status (128+signal when killed).
int RunTo(const std::vector<std::string>& argv, const std::string& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

uint64_t U(const rapidjson::Value& v, const char* key) {
  return v.IsObject() && v.HasMember(key) && v[key].IsUint64() ? v[key].GetUint64() : 0;
}
double D(const rapidjson::Value& v, const char* key) {
  return v.IsObject() && v.HasMember(key) && v[key].IsNumber() ? v[key].GetDouble() : -1;
}

TEST(SoakSmoke, ShortMonthEndMixAnswersWithoutServerErrorsAndReports) {
  TempDir dir;
  const std::string report = dir.path() + "/report.json";
  const std::string log = dir.path() + "/soak.log";
  const int status = RunTo({"/bin/bash", std::string(KINERJA_SOURCE_DIR) + "/ops/soak",
                            "--no-build", "--build-dir", KINERJA_BIN_DIR, "--pegawai", "40",
                            "--duration", "6s", "--interval", "1s", "--connections", "4",
                            "--sync", "false", "--report", report},
                           log);
  const std::string output = ReadAll(log);
  ASSERT_EQ(status, 0) << output;

  // The human summary: the table for BENCHMARKS.md and the per-operation table.
  EXPECT_NE(output.find("## kinerja soak: month-end mix"), std::string::npos) << output;
  EXPECT_NE(output.find("| read latency p50 / p99 / p99.9 |"), std::string::npos) << output;
  EXPECT_NE(output.find("| command latency p50 / p99 / p99.9 |"), std::string::npos) << output;
  EXPECT_NE(output.find("| cmd.record_progress |"), std::string::npos) << output;
  EXPECT_NE(output.find("| result | PASS |"), std::string::npos) << output;
  EXPECT_NE(output.find("RSS"), std::string::npos) << output;
  // kinerjad ran on jemalloc with ops/lib.sh's tuning (the default, as ops/run starts it), and
  // the report's command line says so.
  EXPECT_NE(output.find("LD_PRELOAD="), std::string::npos) << output;
  EXPECT_NE(output.find("MALLOC_CONF=narenas:"), std::string::npos) << output;
  EXPECT_NE(output.find("--allocator jemalloc`"), std::string::npos) << output;

  rapidjson::Document doc;
  const std::string json = ReadAll(report);
  doc.Parse(json.c_str(), json.size());
  ASSERT_FALSE(doc.HasParseError()) << json;
  ASSERT_TRUE(doc.IsObject()) << json;
  EXPECT_TRUE(doc["passed"].IsBool() && doc["passed"].GetBool()) << json;
  EXPECT_EQ(U(doc, "count5xx"), 0u) << json;
  EXPECT_EQ(U(doc, "transportErrors"), 0u) << json;
  EXPECT_FALSE(doc["serverDied"].GetBool()) << json;
  EXPECT_GE(U(doc, "pegawai"), 40u);

  // Seeding went through: every pegawai submitted an SKP and most requests were accepted.
  EXPECT_GE(U(doc, "seedRequests"), 40u) << json;
  EXPECT_GE(U(doc, "seedOk"), U(doc, "seedRequests") * 95 / 100) << json;

  // The mix: both classes ran, about 70/30 (wide bounds: a few seconds of random choices).
  const uint64_t reads = U(doc["reads"], "count"), commands = U(doc["commands"], "count");
  ASSERT_GT(reads + commands, 50u) << json;
  const double read_share = static_cast<double>(reads) / static_cast<double>(reads + commands);
  EXPECT_GT(read_share, 0.55) << json;
  EXPECT_LT(read_share, 0.85) << json;
  EXPECT_GE(D(doc["reads"], "p99Ms"), D(doc["reads"], "p50Ms")) << json;
  EXPECT_GE(D(doc["commands"], "p999Ms"), D(doc["commands"], "p99Ms")) << json;
  EXPECT_GT(U(doc["operations"]["cmd.record_progress"], "count"), 0u) << json;
  EXPECT_GT(U(doc["operations"]["read.inbox"], "count"), 0u) << json;

  // Commands are authorised and mostly succeed (4xx are counted, not forbidden).
  uint64_t ok = 0;
  for (const auto& m : doc["status"].GetObject()) {
    const std::string code = m.name.GetString();
    if (code.size() == 3 && code[0] == '2') ok += m.value.GetUint64();
  }
  EXPECT_GE(ok, (reads + commands) * 95 / 100) << json;

  // RSS was sampled every interval (a run this short gives no verdict, which is not a failure).
  const auto& rss = doc["rss"];
  ASSERT_TRUE(rss.IsObject()) << json;
  EXPECT_GE(rss["samples"].Size(), 3u) << json;
  EXPECT_GT(rss["samples"][0][1].GetUint64(), 1000u) << json;  // KiB: kinerjad is alive
  // Each sample also carries what kinerjad's /metrics says it holds: block caches, memtables,
  // index/filter blocks, aggregate event bytes and entries, dashboard bytes, malloc's bytes in
  // use and held.
  const auto& last = rss["samples"][rss["samples"].Size() - 1];
  ASSERT_EQ(last.Size(), 10u) << json;
  EXPECT_GT(last[2].GetDouble(), 0.0) << json;  // the block caches hold the memtables' share
  EXPECT_GT(last[6].GetDouble(), 0.0) << json;  // the commands cached aggregate states
#ifndef KINERJA_TEST_ASAN
  // jemalloc's counts (ASan's allocator has none): tens of MiB in use, held at least as many.
  EXPECT_GT(last[8].GetDouble(), 4.0 * 1024 * 1024) << json;
  EXPECT_GE(last[9].GetDouble(), last[8].GetDouble()) << json;
#endif
  EXPECT_NE(output.find("What kinerjad holds"), std::string::npos) << output;
  EXPECT_NE(output.find("| malloc in use | malloc held |"), std::string::npos) << output;
  EXPECT_STREQ(rss["verdict"].GetString(), "inconclusive") << json;
}

}  // namespace
}  // namespace kinerja::testing
