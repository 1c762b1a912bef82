#include "ops/crash-soak-src/daemon.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "tests/api/test_http_client.h"

extern char** environ;

namespace kinerja::crashsoak {
namespace {

std::string ReadFrom(const std::string& path, size_t offset) {
  std::ifstream in(path, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(offset));
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

size_t FileSize(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<size_t>(st.st_size) : 0;
}

std::string Describe(int status) {
  if (WIFEXITED(status)) return "exit " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
  return "status " + std::to_string(status);
}

}  // namespace

Daemon::~Daemon() {
  if (Kill()) Reap();
}

bool Daemon::Start(int timeout_ms, std::string* error) {
  log_offset_ = FileSize(options_.log_path);
  std::vector<std::string> argv = {options_.kinerjad,   "--data-dir", options_.data_dir,
                                   "--listen",          "127.0.0.1:0", "--jwt-secret-file",
                                   options_.secret_file, "--log-format", "text"};
  argv.insert(argv.end(), options_.extra_flags.begin(), options_.extra_flags.end());
  // The child's environment: ours without KINERJA_* (the flags above are the whole config).
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::string(*e).rfind("KINERJA_", 0) != 0) env.emplace_back(*e);
  }
  std::vector<char*> args, envp;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, options_.log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    *error = "cannot start " + options_.kinerjad;
    return false;
  }
  pid_.store(pid);
  port_ = 0;
  const std::regex listening("listening address=127\\.0\\.0\\.1:(\\d+)");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (port_ == 0) {
      std::smatch m;
      const std::string text = LogSinceStart();
      if (std::regex_search(text, m, listening)) port_ = static_cast<uint16_t>(std::stoi(m[1]));
    }
    if (port_ != 0) {
      auto ready = testing::HttpOnce(port_, "GET", "/ready");
      if (ready && ready->status == 200) return true;
    }
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      pid_.store(-1);
      *error = "kinerjad ended during start-up (" + Describe(status) + "): " + LogSinceStart();
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  *error = "kinerjad did not become ready within " + std::to_string(timeout_ms) + " ms: " +
           LogSinceStart();
  return false;
}

bool Daemon::Kill() {
  const pid_t pid = pid_.load();
  if (pid <= 0) return false;
  return ::kill(pid, SIGKILL) == 0;
}

std::string Daemon::Reap() {
  const pid_t pid = pid_.exchange(-1);
  if (pid <= 0) return "not running";
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return "waitpid failed";
  return Describe(status);
}

int Daemon::Terminate() {
  const pid_t pid = pid_.exchange(-1);
  if (pid <= 0) return -1;
  ::kill(pid, SIGTERM);
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

std::string Daemon::LogSinceStart() const { return ReadFrom(options_.log_path, log_offset_); }

}  // namespace kinerja::crashsoak
