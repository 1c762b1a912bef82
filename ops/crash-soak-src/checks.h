// The crash soak's offline checks of one data directory (a COPY taken while kinerjad is dead,
// so that kinerjad's own recovery later sees the directory exactly as the kill left it):
//   - the log: gap-free positions from 1, the hash chain verifies (EventStore::Verify);
//   - every acknowledged (2xx) command: each event of its answer is in the log at the answered
//     position with the same id, type, stream, stream version, schema version, recordedAt, actor,
//     correlation id and data (JSON-equal); a missing or different one counts the command LOST;
//   - every event in the log comes from a command we sent (X-Correlation-Id = its key) and is one
//     of its answer's events; the events of a command not answered yet (in flight when killed)
//     are allowed; a command's events outside its answer are DUPLICATES; the follow-up policy's
//     events (actor follow-up-policy) must trace back to one of our commands;
//   - the read models: every projection's checkpoint P (they move together) is <= the head, and
//     its documents and dead letters equal, byte for byte, a rebuild from zero of the log's first
//     P events into a scratch view store (the server's own projections, app::AllProjections).
//     With `at_head`, P must equal the head.
// Thread-safety: a free function; call it from one thread while no worker runs.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "ops/crash-soak-src/ledger.h"

namespace kinerja::crashsoak {

struct CheckReport {
  uint64_t head = 0;
  bool chain_ok = false;
  uint64_t chain_checked = 0;
  uint64_t gaps = 0;
  uint64_t acked_commands = 0;    // acknowledged commands checked against the log
  uint64_t acked_events = 0;      // their events
  uint64_t lost = 0;              // acknowledged commands missing or different in the log
  uint64_t phantom = 0;           // events no command of ours explains
  uint64_t duplicates = 0;        // events of a command outside its answer
  uint64_t in_doubt_committed = 0;  // unanswered commands whose events are in the log
  uint64_t policy_events = 0;
  uint64_t view_position = 0;
  uint64_t view_documents = 0;
  uint64_t view_mismatches = 0;   // documents/dead letters/checkpoints differing from the rebuild
  uint64_t dead_letters = 0;
  std::vector<std::string> problems;  // the first few, readable
  bool ok() const {
    return chain_ok && gaps == 0 && lost == 0 && phantom == 0 && duplicates == 0 &&
           view_mismatches == 0 && problems.empty();
  }
};

// Checks the data directory `data_copy` (events/ and views/) against `entries`. `scratch` is an
// empty directory for the rebuilt view store (removed by the caller).
CheckReport CheckDataDir(const std::string& data_copy, const std::deque<Entry>& entries,
                         bool at_head, const std::string& scratch);

}  // namespace kinerja::crashsoak
