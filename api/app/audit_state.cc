#include "api/app/audit_state.h"

#include <string_view>

#include "api/app/aggregates.h"
#include "api/app/command_service.h"
#include "api/app/state_json.h"

namespace kinerja::app {
namespace {

template <class Traits>
http::Result<AuditState> Rebuild(eventstore::EventReader& reader, const std::string& stream,
                                 const eventstore::AsOf& as_of, domain::Date on,
                                 const char* aggregate) {
  auto loaded = Load<Traits>(reader, stream, as_of);
  if (!loaded.ok()) return loaded.problem();
  AuditState out;
  out.aggregate = aggregate;
  out.version = loaded.value().version;
  out.state_json = StateJson(loaded.value().state, on);
  return out;
}

bool HasPrefix(const std::string& s, std::string_view prefix) {
  return s.size() > prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

std::string AggregateOfStream(const std::string& stream) {
  static const char* const kAggregates[] = {"unit",       "pegawai",     "skp",
                                            "appraisal",  "training",    "recognition",
                                            "innovation", "discipline",  "followup"};
  for (const char* name : kAggregates) {
    if (HasPrefix(stream, std::string(name) + "-")) return name;
  }
  return "";
}

http::Result<AuditState> LoadAuditState(eventstore::EventReader& reader, const std::string& stream,
                                        const eventstore::AsOf& as_of, domain::Date on) {
  const std::string aggregate = AggregateOfStream(stream);
  if (aggregate == "unit") return Rebuild<UnitTraits>(reader, stream, as_of, on, "unit");
  if (aggregate == "pegawai") return Rebuild<PegawaiTraits>(reader, stream, as_of, on, "pegawai");
  if (aggregate == "skp") return Rebuild<SkpTraits>(reader, stream, as_of, on, "skp");
  if (aggregate == "appraisal")
    return Rebuild<AppraisalTraits>(reader, stream, as_of, on, "appraisal");
  if (aggregate == "training")
    return Rebuild<TrainingTraits>(reader, stream, as_of, on, "training");
  if (aggregate == "recognition")
    return Rebuild<RecognitionTraits>(reader, stream, as_of, on, "recognition");
  if (aggregate == "innovation")
    return Rebuild<InnovationTraits>(reader, stream, as_of, on, "innovation");
  if (aggregate == "discipline")
    return Rebuild<DisciplineTraits>(reader, stream, as_of, on, "discipline");
  if (aggregate == "followup")
    return Rebuild<FollowUpTraits>(reader, stream, as_of, on, "followup");
  return http::Problem::Make(http::ErrorCategory::kNotFound, "audit.unknown_aggregate",
                             "No aggregate's stream names start like \"" + stream +
                                 "\"; known prefixes: unit-, pegawai-, skp-, appraisal-, "
                                 "training-, recognition-, innovation-, discipline-, followup-.");
}

}  // namespace kinerja::app
