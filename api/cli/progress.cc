#include "api/cli/progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <cstring>

namespace kinerja::cli {
namespace {

int TerminalWidth() {
  winsize ws{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20) return ws.ws_col;
  if (const char* cols = std::getenv("COLUMNS")) {
    const int n = std::atoi(cols);
    if (n > 20) return n;
  }
  return 80;
}

}  // namespace

std::string FormatDuration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const long s = std::lround(seconds);
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, (s % 3600) / 60);
  } else if (s >= 60) {
    std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lds", s);
  }
  return buf;
}

Progress::Progress(std::string label, std::string unit, uint64_t total,
                   std::chrono::milliseconds plain_interval)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_(total),
      plain_interval_(plain_interval),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {
  const char* mode = std::getenv("KINERJA_PROGRESS");
  const std::string m = mode ? mode : "";
  silent_ = m == "off";
  tty_ = m != "plain" && isatty(STDERR_FILENO) == 1;
}

Progress::~Progress() { Finish(); }

double Progress::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

double Progress::rate() const {
  const double e = elapsed_seconds();
  return e > 0 ? static_cast<double>(done_) / e : 0.0;
}

void Progress::Update(uint64_t done) {
  done_ = done;
  if (silent_ || finished_) return;
  const auto now = std::chrono::steady_clock::now();
  const auto interval = tty_ ? std::chrono::milliseconds(100) : plain_interval_;
  if (now - last_draw_ < interval) return;
  last_draw_ = now;
  Draw(false);
}

void Progress::Finish() {
  if (finished_) return;
  finished_ = true;
  if (silent_) return;
  Draw(true);
}

std::string Progress::Text() const {
  char buf[160];
  const double r = rate();
  if (total_ > 0) {
    const double pct = 100.0 * static_cast<double>(done_) / static_cast<double>(total_);
    const double eta = r > 0 ? static_cast<double>(total_ - std::min(done_, total_)) / r : NAN;
    std::snprintf(buf, sizeof buf, "%llu/%llu %s (%.0f%%), %.0f/s, ETA %s",
                  static_cast<unsigned long long>(done_), static_cast<unsigned long long>(total_),
                  unit_.c_str(), pct, r, FormatDuration(eta).c_str());
  } else {
    std::snprintf(buf, sizeof buf, "%llu %s, %.0f/s", static_cast<unsigned long long>(done_),
                  unit_.c_str(), r);
  }
  return buf;
}

void Progress::Draw(bool final_line) {
  std::string text = Text();
  if (final_line) text += ", " + FormatDuration(elapsed_seconds());
  if (!tty_) {
    std::fprintf(stderr, "%s: %s%s\n", label_.c_str(), text.c_str(), final_line ? " (done)" : "");
    return;
  }
  const int width = TerminalWidth();
  const int fixed = static_cast<int>(label_.size() + text.size()) + 6;
  const int bar = std::max(10, width - fixed);
  const double fraction =
      total_ > 0 ? std::min(1.0, static_cast<double>(done_) / static_cast<double>(total_)) : 0.0;
  const int filled = total_ > 0 ? static_cast<int>(fraction * bar) : 0;
  std::string line = "\r" + label_ + " [" + std::string(filled, '#') +
                     std::string(bar - filled, total_ > 0 ? '.' : ' ') + "] " + text;
  if (static_cast<int>(line.size()) > width) line.resize(width);
  std::fputs(line.c_str(), stderr);
  std::fputs(final_line ? "\n" : "\x1b[K", stderr);
  std::fflush(stderr);
}

}  // namespace kinerja::cli
