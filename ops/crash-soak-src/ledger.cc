#include "ops/crash-soak-src/ledger.h"

namespace kinerja::crashsoak {

Entry& Ledger::Add(const Command& command, int item, int cycle) {
  std::lock_guard<std::mutex> lock(mu_);
  Entry& e = entries_.emplace_back();
  e.seq = entries_.size();
  e.key = "cs-" + run_id_ + "-" + std::to_string(e.seq);
  e.command = command;
  e.item = item;
  e.cycle_sent = cycle;
  return e;
}

}  // namespace kinerja::crashsoak
