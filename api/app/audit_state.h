// "What did this record say then?": the aggregate behind a stream rebuilt with the domain's own
// Evolve from the stream's events admitted by an AsOf bound (app::Load in command_service.h), and
// rendered by state_json.h. The aggregate is chosen by the stream-name prefix:
//   unit-, pegawai-, skp-, appraisal-, training-, recognition-, innovation-, discipline-, followup-.
// Thread-safety: as the reader (EventStore readers are thread-safe).
#pragma once

#include <cstdint>
#include <string>

#include "api/http/problem.h"
#include "domain/date.h"
#include "eventstore/event_store.h"

namespace kinerja::app {

struct AuditState {
  std::string aggregate;   // "unit", "pegawai", "skp", ... (the prefix without '-')
  uint64_t version = 0;    // the stream version as of the bound (0: no event admitted)
  std::string state_json;  // state_json.h rendering of the rebuilt State
};

// The aggregate name for a stream, or empty when no known prefix matches.
std::string AggregateOfStream(const std::string& stream);

// Errors: 404 "audit.unknown_aggregate" for an unknown prefix; store errors via ProblemFromStore;
// 500 when a stored event does not decode. A stream with no event admitted is NOT an error here
// (version 0, the empty State): the route decides what to answer. `on` is the date derived values
// are computed for (state_json.h).
http::Result<AuditState> LoadAuditState(eventstore::EventReader& reader, const std::string& stream,
                                        const eventstore::AsOf& as_of, domain::Date on);

}  // namespace kinerja::app
