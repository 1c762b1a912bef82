// Ledger: every command the crash soak sent, with its Idempotency-Key and its FIRST answer.
// A command that got no answer (the server was killed while it was in flight, or refused the
// connection) stays pending and is retried with the same key and body until it gets one.
// Thread-safety: Add/Answer/Attempt under the ledger's mutex from any worker thread; entries()
// only while no worker runs (between cycles). Entry references stay valid (std::deque).
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

#include "ops/crash-soak-src/workload.h"

namespace kinerja::crashsoak {

struct Answer {
  int status = 0;
  std::string body;
  std::string etag;
  std::string location;
  bool operator==(const Answer& o) const {
    return status == o.status && body == o.body && etag == o.etag && location == o.location;
  }
};

struct Entry {
  uint64_t seq = 0;
  std::string key;  // Idempotency-Key and X-Correlation-Id
  Command command;
  int item = -1;              // workload item index
  int attempts = 0;           // HTTP attempts (1 + retries)
  bool in_doubt = false;      // at least one attempt got no answer
  int cycle_sent = 0;
  int cycle_answered = 0;
  std::optional<Answer> answer;  // the first answer
  bool acknowledged() const { return answer && answer->status >= 200 && answer->status < 300; }
};

class Ledger {
 public:
  explicit Ledger(std::string run_id) : run_id_(std::move(run_id)) {}
  Entry& Add(const Command& command, int item, int cycle);
  std::deque<Entry>& entries() { return entries_; }

 private:
  std::string run_id_;
  std::mutex mu_;
  std::deque<Entry> entries_;
};

}  // namespace kinerja::crashsoak
