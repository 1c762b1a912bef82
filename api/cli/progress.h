// Progress of a long `kinerja` subcommand on stderr: a terminal-width bar with rate and ETA,
// redrawn in place, when stderr is a terminal; otherwise plain lines ("export: 120000/1000000
// events (12%), 85000/s, ETA 10s") at most once every `plain_interval`, plus a final line.
// KINERJA_PROGRESS=off silences it; =plain forces plain lines.
// Thread-safety: Update() may be called from one thread at a time; Finish() once, from the same.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace kinerja::cli {

class Progress {
 public:
  // `label` prefixes every line (e.g. "export"); `unit` names what is counted ("events").
  // total 0: unknown (no percentage, no ETA).
  Progress(std::string label, std::string unit, uint64_t total,
           std::chrono::milliseconds plain_interval = std::chrono::milliseconds(2000));
  ~Progress();  // Finish() if not finished
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void set_total(uint64_t total) { total_ = total; }
  // `done` items so far (monotonic). Cheap when nothing needs drawing.
  void Update(uint64_t done);
  // Draws the final state and ends the line. Idempotent.
  void Finish();

  // Items per second over the whole run so far.
  double rate() const;
  double elapsed_seconds() const;

 private:
  void Draw(bool final_line);
  std::string Text() const;

  std::string label_;
  std::string unit_;
  uint64_t total_;
  uint64_t done_ = 0;
  bool tty_ = false;
  bool silent_ = false;
  bool finished_ = false;
  std::chrono::milliseconds plain_interval_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

// "1m05s", "12s", "2h03m".
std::string FormatDuration(double seconds);

}  // namespace kinerja::cli
