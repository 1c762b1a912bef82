// Runner: the crash soak's HTTP traffic. RunCycle drives the workload with N worker threads
// (one keep-alive connection each; every command with an Idempotency-Key and the same
// X-Correlation-Id) until the cycle's kill flag is set; a command whose attempt got no answer
// stays pending on its worker and is retried, same key and body, first thing next cycle.
// Replay re-sends acknowledged commands and compares the answers with the first ones.
// Thread-safety: one controlling thread calls RunCycle and Replay, never concurrently.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "ops/crash-soak-src/ledger.h"
#include "ops/crash-soak-src/workload.h"

namespace kinerja::crashsoak {

struct Traffic {
  uint64_t attempts = 0;    // command requests written (first sends and retries)
  uint64_t answered = 0;    // commands that got their first answer
  uint64_t acked = 0;       // ... with a 2xx
  uint64_t refused = 0;     // ... with anything else (the workload expects none)
  uint64_t no_answer = 0;   // attempts without an answer (killed in flight, or refused connection)
  uint64_t reads = 0;       // GET of the pegawai dashboard with ?minPosition=
  uint64_t reads_ok = 0;    // ... answered 200
  Traffic& operator+=(const Traffic& o);
};

struct ReplayResult {
  uint64_t checked = 0;
  uint64_t changed = 0;      // a different status, body, ETag or Location
  uint64_t unanswered = 0;   // no answer to the replay (counts as a failure)
  std::vector<std::string> details;  // the first few differences
};

class Runner {
 public:
  Runner(Workload* workload, Ledger* ledger, std::map<std::string, std::string> tokens,
         std::string reader_token, int threads);

  Traffic RunCycle(uint16_t port, int cycle, const std::atomic<bool>& killed);
  // Retries every pending command (same key and body) until it has an answer, at most
  // `attempts` times each; what is still unanswered stays pending.
  Traffic DrainPending(uint16_t port, int cycle, int attempts);
  ReplayResult Replay(uint16_t port, const std::vector<Entry*>& entries, int threads);

  // Commands left without an answer at the end of the last cycle.
  size_t pending() const;
  // The first refusals (status, label, body) for the report.
  const std::vector<std::string>& refusals() const { return refusals_; }

 private:
  void Work(int worker, uint16_t port, int cycle, const std::atomic<bool>& killed, Traffic* t);
  const std::string& TokenFor(const Command& c) const;

  Workload* workload_;
  Ledger* ledger_;
  std::map<std::string, std::string> tokens_;  // subject -> token
  std::string reader_token_;
  int threads_;
  std::vector<Entry*> pending_;     // per worker
  std::vector<size_t> cursor_;      // per worker: round-robin position among its items
  std::vector<char> stuck_;         // per item: refused once, no longer driven
  std::mutex refusals_mu_;
  std::vector<std::string> refusals_;
};

}  // namespace kinerja::crashsoak
