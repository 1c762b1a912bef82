// The state of every aggregate as JSON, for the audit API (/v1/audit/state/{stream}) and the
// `kinerja state` command: a complete, faithful rendering of each domain State struct (every field,
// enum values spelled as in DESIGN.md §3, dates YYYY-MM-DD, times RFC 3339 UTC, absent optionals
// omitted), plus a few values derived by the domain's own functions under "derived" where the
// struct alone does not say them (e.g. the pegawai's assignment in force on the as-of date, an
// appraisal's effective predikat). Field names are the camelCase of the C++ members.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "api/http/json.h"
#include "domain/appraisal.h"
#include "domain/date.h"
#include "domain/discipline.h"
#include "domain/follow_up.h"
#include "domain/innovation.h"
#include "domain/pegawai.h"
#include "domain/recognition.h"
#include "domain/skp.h"
#include "domain/training.h"
#include "domain/unit.h"

namespace kinerja::app {

// Each writes one JSON object (the state) as the next value of `w`. `on` is the date the
// derived values are computed for (the as-of date); it matters only for the pegawai.
void WriteState(http::JsonWriter& w, const domain::UnitState& s, domain::Date on);
void WriteState(http::JsonWriter& w, const domain::PegawaiState& s, domain::Date on);
void WriteState(http::JsonWriter& w, const domain::SkpState& s, domain::Date on);
void WriteState(http::JsonWriter& w, const domain::AppraisalState& s, domain::Date on);
void WriteState(http::JsonWriter& w, const domain::TrainingState& s, domain::Date on);
void WriteState(http::JsonWriter& w, const domain::RecognitionState& s, domain::Date on);
void WriteState(http::JsonWriter& w, const domain::InnovationState& s, domain::Date on);
void WriteState(http::JsonWriter& w, const domain::DisciplineState& s, domain::Date on);
void WriteState(http::JsonWriter& w, const domain::FollowUpState& s, domain::Date on);

// Convenience: the state alone as a JSON text.
template <class State>
std::string StateJson(const State& s, domain::Date on) {
  http::JsonWriter w;
  WriteState(w, s, on);
  return w.str();
}

}  // namespace kinerja::app
