// Daemon: one kinerjad child process on a fixed data directory, listening on 127.0.0.1 with an
// ephemeral port (read from its "listening address=..." log line). Started, SIGKILLed and
// restarted any number of times on the same data directory; all its output is appended to one
// log file. Thread-safety: Start/WaitReady/Stop from the controlling thread; Kill() and pid()
// may be called from any thread (the killer thread of a cycle).
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace kinerja::crashsoak {

struct DaemonOptions {
  std::string kinerjad;     // path of the kinerjad binary
  std::string data_dir;     // --data-dir
  std::string secret_file;  // --jwt-secret-file
  std::string log_path;     // stdout and stderr of every start, appended
  std::vector<std::string> extra_flags;
};

class Daemon {
 public:
  explicit Daemon(DaemonOptions options) : options_(std::move(options)) {}
  ~Daemon();  // SIGKILLs a running child.
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Starts kinerjad and waits (at most timeout_ms) for its port and a 200 from /ready.
  // false with *error when it exits or does not become ready.
  bool Start(int timeout_ms, std::string* error);
  // SIGKILL now (any thread). Returns whether a child was running.
  bool Kill();
  // Reaps the child after Kill(); returns its wait status description ("signal 9", "exit 0").
  std::string Reap();
  // SIGTERM and wait; returns the exit code (128+signal when killed by a signal).
  int Terminate();
  uint16_t port() const { return port_; }
  pid_t pid() const { return pid_.load(); }
  // The log written since the last Start (for error messages).
  std::string LogSinceStart() const;

 private:
  DaemonOptions options_;
  std::atomic<pid_t> pid_{-1};
  uint16_t port_ = 0;
  size_t log_offset_ = 0;
};

}  // namespace kinerja::crashsoak
