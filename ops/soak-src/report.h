// What the soak prints: a progress line per interval, and at the end the summary (a Markdown
// table for BENCHMARKS.md, the per-operation table, the answers that were not 2xx by status and
// problem code, kinerjad's RSS over time with the verdict) and, on request, the same figures as
// JSON for tests and scripts.
//
// Thread-safety: pure formatting; call from one thread.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ops/soak-src/load.h"
#include "ops/soak-src/rss.h"

namespace kinerja::soak {

std::string ProgressLine(const Tick& tick);

struct RunFacts {
  std::string command_line;   // how the soak was started, for the record
  int units = 0, people = 0, supervisors = 0;
  int connections = 0;
  double rate = 0;
  double seed_seconds = 0;
  uint64_t seed_requests = 0, seed_ok = 0;
  double load_seconds = 0;
  bool server_died = false;
};

struct Outcome {
  uint64_t fivexx = 0, transport = 0, fourxx = 0;
  bool failed = false;        // 5xx, transport failures, server gone, or RSS growing
  std::vector<std::string> reasons;
};

// Decides the outcome from the final figures and the RSS verdict.
Outcome Judge(const StatsSnapshot& load, const RssVerdict& rss, const RunFacts& facts);

// The final report, human readable (Markdown tables).
std::string Summary(const RunFacts& facts, const StatsSnapshot& load,
                    const std::map<std::string, std::pair<uint64_t, std::string>>& problems,
                    const std::vector<RssSample>& rss, const RssVerdict& verdict,
                    const Outcome& outcome);

// The same figures as one JSON object.
std::string SummaryJson(const RunFacts& facts, const StatsSnapshot& load,
                        const std::map<std::string, std::pair<uint64_t, std::string>>& problems,
                        const std::vector<RssSample>& rss, const RssVerdict& verdict,
                        const Outcome& outcome);

}  // namespace kinerja::soak
