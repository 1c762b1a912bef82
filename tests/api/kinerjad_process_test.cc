// The real binaries as child processes: build/kinerjad started with --listen 127.0.0.1:0, a
// temporary data directory and a secret file; the bound port read from its log line; /health and
// an authenticated audit route answered with a token minted by build/kinerja token; SIGTERM ends
// it with exit code 0. Bad flags exit 2 with a message; --kafka-brokers embedded logs
// its bootstrap address; without a key every authenticated route answers 401 and the log says
// so loudly.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/api/test_http_client.h"
#include "tests/support/temp_dir.h"

extern char** environ;

namespace kinerja::testing {
namespace {

const std::string kBinDir = KINERJA_BIN_DIR;
const std::string kKinerjad = kBinDir + "/kinerjad";
const std::string kKinerja = kBinDir + "/kinerja";
constexpr const char* kSecret = "process-test-secret-0123456789abcdef0123";

// Environment of the child: ours without any KINERJA_* variable, plus `extra`.
std::vector<std::string> ChildEnv(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::string(*e).rfind("KINERJA_", 0) != 0) env.emplace_back(*e);
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

// Starts `argv` with stdout and stderr appended to `log_path`. Returns the pid.
pid_t Spawn(const std::vector<std::string>& argv, const std::string& log_path,
            const std::vector<std::string>& extra_env = {}) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env = ChildEnv(extra_env);
  std::vector<char*> envp;
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("posix_spawn " + argv[0] + " failed");
  return pid;
}

int WaitExit(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

struct Ran {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

Ran RunBinary(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env = {}) {
  TempDir dir;
  const std::string log = dir.path() + "/out";
  pid_t pid = Spawn(argv, log, extra_env);
  Ran ran;
  ran.exit_code = WaitExit(pid);
  ran.output = ReadAll(log);
  return ran;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

// A kinerjad child; SIGKILLed by the destructor if the test did not stop it.
class Daemon {
 public:
  Daemon(const std::vector<std::string>& flags, const std::string& data_parent,
         const std::vector<std::string>& extra_env = {})
      : log_(data_parent + "/kinerjad.log") {
    std::vector<std::string> argv = {kKinerjad, "--data-dir", data_parent + "/data", "--listen",
                                     "127.0.0.1:0", "--sync=false"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    pid_ = Spawn(argv, log_, extra_env);
  }
  ~Daemon() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      WaitExit(pid_);
    }
  }
  // Waits for the "listening" line (or the child's exit) and returns the port, 0 on failure.
  // The bound is generous: it only keeps a broken binary from hanging the suite.
  uint16_t WaitForPort(const std::regex& pattern) {
    for (int i = 0; i < 600; ++i) {
      std::smatch m;
      const std::string text = ReadAll(log_);
      if (std::regex_search(text, m, pattern)) return static_cast<uint16_t>(std::stoi(m[1]));
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return 0;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return 0;
  }
  int Terminate() {
    kill(pid_, SIGTERM);
    const int code = WaitExit(pid_);
    pid_ = -1;
    return code;
  }
  std::string log() const { return ReadAll(log_); }

 private:
  std::string log_;
  pid_t pid_ = -1;
};

std::optional<HttpResponse> Get(uint16_t port, const std::string& target,
                                const std::string& token = "") {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
  return HttpOnce(port, "GET", target, headers);
}

TEST(KinerjadProcess, ServesMintedTokensAndStopsCleanlyOnSigterm) {
  TempDir dir;
  const std::string secret_file = dir.path() + "/secret";
  std::ofstream(secret_file) << kSecret << "\n";
  Daemon daemon({"--jwt-secret-file", secret_file}, dir.path());
  const uint16_t port = daemon.WaitForPort(std::regex("listening address=127\\.0\\.0\\.1:(\\d+)"));
  ASSERT_NE(port, 0) << daemon.log();

  auto health = Get(port, "/health");
  ASSERT_TRUE(health.has_value());
  EXPECT_EQ(health->status, 200);
  EXPECT_NE(health->body.find("ok"), std::string::npos);

  Ran minted = RunBinary({kKinerja, "token", "--secret-file", secret_file, "--sub", "inspektorat",
                    "--roles", "auditor", "--ttl", "600"});
  ASSERT_EQ(minted.exit_code, 0) << minted.output;
  const std::string token = Trim(minted.output);
  EXPECT_EQ(std::count(token.begin(), token.end(), '.'), 2) << token;

  auto unauthenticated = Get(port, "/v1/audit/verify");
  ASSERT_TRUE(unauthenticated.has_value());
  EXPECT_EQ(unauthenticated->status, 401);
  auto verified = Get(port, "/v1/audit/verify", token);
  ASSERT_TRUE(verified.has_value());
  EXPECT_EQ(verified->status, 200) << verified->body;
  EXPECT_NE(verified->body.find("\"ok\":true"), std::string::npos) << verified->body;

  // A token minted from the environment the server also reads, with a pegawai role: 403 here.
  Ran env_minted = RunBinary({kKinerja, "token", "--sub", "199001012015012003", "--roles", "pegawai"},
                       {std::string("KINERJA_JWT_SECRET=") + kSecret});
  ASSERT_EQ(env_minted.exit_code, 0) << env_minted.output;
  auto forbidden = Get(port, "/v1/audit/verify", Trim(env_minted.output));
  ASSERT_TRUE(forbidden.has_value());
  EXPECT_EQ(forbidden->status, 403);

  EXPECT_EQ(daemon.Terminate(), 0);
  const std::string log = daemon.log();
  EXPECT_NE(log.find("audit access sub=inspektorat"), std::string::npos) << log;
  EXPECT_NE(log.find("stopping signal=SIGTERM"), std::string::npos) << log;
  EXPECT_NE(log.find("stopped"), std::string::npos) << log;
  EXPECT_EQ(log.find(token), std::string::npos) << "the token must never be logged";
}

TEST(KinerjadProcess, WithoutAKeyWarnsAndAnswers401InJsonLogs) {
  TempDir dir;
  Daemon daemon({"--log-format", "json"}, dir.path());
  const uint16_t port =
      daemon.WaitForPort(std::regex("\"msg\":\"listening\",\"address\":\"127\\.0\\.0\\.1:(\\d+)\""));
  ASSERT_NE(port, 0) << daemon.log();
  Ran minted = RunBinary({kKinerja, "token", "--secret", kSecret, "--sub", "a", "--roles", "admin"});
  ASSERT_EQ(minted.exit_code, 0) << minted.output;
  auto r = Get(port, "/v1/audit/verify", Trim(minted.output));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(daemon.Terminate(), 0);
  const std::string log = daemon.log();
  EXPECT_NE(log.find("\"level\":\"warn\",\"msg\":\"NO JWT SECRET OR PUBLIC KEY CONFIGURED"),
            std::string::npos)
      << log;
  // Every line is one JSON object.
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_EQ(line.front(), '{') << line;
    EXPECT_EQ(line.back(), '}') << line;
  }
}

TEST(KinerjadProcess, BadFlagsAndValuesExit2WithAMessage) {
  TempDir dir;
  const std::string data = "--data-dir=" + dir.path() + "/data";
  struct Case {
    std::vector<std::string> args;
    std::vector<std::string> env;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--no-such-flag"}, {}, "unknown flag --no-such-flag"},
      {{"--listen"}, {}, "--listen needs a value"},
      {{"--listen", "localhost"}, {}, "--listen must be HOST:PORT"},
      {{"--listen", "127.0.0.1:70000"}, {}, "--listen must be HOST:PORT"},
      {{"--threads", "0"}, {}, "--threads"},
      {{"--sync=maybe"}, {}, "--sync must be true or false"},
      {{"--max-body-bytes", "-5"}, {}, "--max-body-bytes"},
      {{"--dashboard-concurrency", "300"}, {}, "--dashboard-concurrency must be"},
      {{"--aggregate-cache-mib", "-1"}, {}, "--aggregate-cache-mib must be"},
      {{"--malloc-trim-seconds", "x"}, {}, "--malloc-trim-seconds must be"},
      {{"--log-format", "xml"}, {}, "--log-format must be text or json"},
      {{"--appraisal-periods", "weekly"}, {}, "--appraisal-periods"},
      {{"--jwt-secret", "a", "--jwt-public-key", "/nonexistent.pem"}, {}, "give only one of"},
      {{"--jwt-public-key", "/nonexistent.pem"}, {}, "--jwt-public-key: cannot read"},
      {{"stray"}, {}, "unexpected argument"},
      {{}, {"KINERJA_LISTEN=nonsense"}, "--listen must be HOST:PORT"},
      {{}, {"KINERJA_SYNC=perhaps"}, "KINERJA_SYNC must be true or false"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> argv = {kKinerjad, data};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    Ran ran = RunBinary(argv, c.env);
    EXPECT_EQ(ran.exit_code, 2) << ran.output;
    EXPECT_NE(ran.output.find(c.message), std::string::npos)
        << "expected \"" << c.message << "\" in: " << ran.output;
  }
  // The flag wins over the environment: KINERJA_THREADS=0 would be refused first, but --threads
  // replaces it, so the error named is the next bad value's.
  Ran flag_wins = RunBinary({kKinerjad, data, "--threads", "2", "--log-format", "xml"},
                            {"KINERJA_THREADS=0"});
  EXPECT_EQ(flag_wins.exit_code, 2);
  EXPECT_NE(flag_wins.output.find("--log-format"), std::string::npos) << flag_wins.output;
  EXPECT_EQ(flag_wins.output.find("--threads"), std::string::npos) << flag_wins.output;

  Ran help = RunBinary({kKinerjad, "--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* flag : {"--data-dir", "--listen", "--threads", "--jwt-secret",
                           "--jwt-public-key", "--jwt-issuer", "--jwt-audience", "--sync",
                           "--max-body-bytes", "--log-format", "--appraisal-periods",
                           "--dashboard-concurrency", "--aggregate-cache-mib",
                           "--malloc-trim-seconds",
                           "--kafka-brokers", "--kafka-topic", "--kafka-source",
                           "--read-model-source", "--kafka-group-id", "KINERJA_DATA_DIR",
                           "KINERJA_KAFKA_BROKERS", "KINERJA_READ_MODEL_SOURCE", "embedded"}) {
    EXPECT_NE(help.output.find(flag), std::string::npos) << flag;
  }
}

TEST(KinerjadProcess, EmbeddedKafkaLogsItsBootstrapAndRelays) {
  TempDir dir;
  Daemon daemon({"--kafka-brokers", "embedded", "--kafka-topic", "kinerja.test"}, dir.path());
  const uint16_t port = daemon.WaitForPort(std::regex("listening address=127\\.0\\.0\\.1:(\\d+)"));
  ASSERT_NE(port, 0) << daemon.log();
  const std::string started = daemon.log();
  EXPECT_TRUE(std::regex_search(
      started, std::regex("kafka embedded cluster started bootstrap=127\\.0\\.0\\.1:\\d+ "
                          "topic=kinerja\\.test")))
      << started;
  auto metrics = Get(port, "/metrics");
  ASSERT_TRUE(metrics.has_value());
  EXPECT_NE(metrics->body.find("kinerja_kafka_relay_lag_events"), std::string::npos);
  EXPECT_NE(metrics->body.find("kinerja_kafka_relayed_position"), std::string::npos);
  EXPECT_EQ(daemon.Terminate(), 0) << daemon.log();
}

TEST(KinerjadProcess, KafkaFlagsAreChecked) {
  TempDir dir;
  const std::string data = "--data-dir=" + dir.path() + "/data";
  struct Case {
    std::vector<std::string> args;
    std::vector<std::string> env;
    const char* message;
  } cases[] = {
      {{"--read-model-source", "kafka"}, {}, "needs --kafka-brokers"},
      {{"--read-model-source=kafka", "--kafka-brokers", "embedded"}, {}, "not embedded"},
      {{}, {"KINERJA_READ_MODEL_SOURCE=queue"}, "--read-model-source must be log or kafka"},
      {{"--kafka-topic="}, {}, "--kafka-topic must not be empty"},
      {{"--kafka-source="}, {}, "--kafka-source must not be empty"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> argv = {kKinerjad, data};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    Ran ran = RunBinary(argv, c.env);
    EXPECT_EQ(ran.exit_code, 2) << c.message;
    EXPECT_NE(ran.output.find(c.message), std::string::npos)
        << "expected \"" << c.message << "\" in: " << ran.output;
  }
  // Refused before anything was created.
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/data"));
}

TEST(KinerjaCommandLine, DispatchHelpAndExitCodes) {
  Ran top = RunBinary({kKinerja, "--help"});
  EXPECT_EQ(top.exit_code, 0);
  EXPECT_NE(top.output.find("token"), std::string::npos);
  EXPECT_NE(top.output.find("export"), std::string::npos);
  EXPECT_EQ(RunBinary({kKinerja}).exit_code, 2);
  EXPECT_EQ(RunBinary({kKinerja, "no-such-command"}).exit_code, 2);
  Ran export_usage = RunBinary({kKinerja, "export"});  // --data-dir missing
  EXPECT_EQ(export_usage.exit_code, 2);
  EXPECT_NE(export_usage.output.find("--data-dir is required"), std::string::npos);
  Ran token_help = RunBinary({kKinerja, "token", "--help"});
  EXPECT_EQ(token_help.exit_code, 0);
  EXPECT_NE(token_help.output.find("--secret-file"), std::string::npos);
  EXPECT_EQ(RunBinary({kKinerja, "help", "token"}).exit_code, 0);
  // token: usage errors.
  EXPECT_EQ(RunBinary({kKinerja, "token", "--roles", "admin", "--secret", kSecret}).exit_code, 2);
  EXPECT_EQ(RunBinary({kKinerja, "token", "--sub", "a", "--secret", kSecret}).exit_code, 2);
  Ran bad_role = RunBinary({kKinerja, "token", "--sub", "a", "--roles", "root", "--secret", kSecret});
  EXPECT_EQ(bad_role.exit_code, 2);
  EXPECT_NE(bad_role.output.find("unknown role \"root\""), std::string::npos);
  Ran no_key = RunBinary({kKinerja, "token", "--sub", "a", "--roles", "admin"});
  EXPECT_EQ(no_key.exit_code, 2);
  EXPECT_NE(no_key.output.find("no key"), std::string::npos);
  EXPECT_EQ(RunBinary({kKinerja, "token", "--sub", "a", "--roles", "admin", "--secret", kSecret,
                 "--ttl", "0"})
                .exit_code,
            2);
  EXPECT_EQ(RunBinary({kKinerja, "token", "--sub", "a", "--roles", "admin", "--secret", kSecret,
                 "--private-key", "/nonexistent.pem"})
                .exit_code,
            2);
  EXPECT_EQ(RunBinary({kKinerja, "token", "--sub", "a", "--roles", "admin", "--secret-file",
                 "/nonexistent"})
                .exit_code,
            2);
}

}  // namespace
}  // namespace kinerja::testing
