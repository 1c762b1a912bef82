// FactSource: gathers the Facts each aggregate's Decide needs (see the Facts comments in
// domain/*.h) from the other streams of the log, read directly (never from a read model, so a
// command never decides on stale facts). Pegawai states are cached for the life of the object;
// with an AggregateCache, streams are loaded through it (LoadForCommand: the same states, only the
// events appended since are read). "Today" is the command's UTC date.
// Thread-safety: one FactSource per request (the cache is unsynchronised); the reader is
// thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "api/app/aggregate_cache.h"
#include "api/http/problem.h"
#include "domain/appraisal.h"
#include "domain/discipline.h"
#include "domain/follow_up.h"
#include "domain/innovation.h"
#include "domain/pegawai.h"
#include "domain/recognition.h"
#include "domain/skp.h"
#include "domain/training.h"
#include "domain/unit.h"
#include "eventstore/event_store.h"

namespace kinerja::app {

class FactSource {
 public:
  FactSource(eventstore::EventReader* reader, domain::Date today,
             AggregateCache* cache = nullptr)
      : reader_(reader), today_(today), cache_(cache) {}

  // The pegawai's state; nullopt when not registered. Cached.
  http::Result<std::optional<domain::PegawaiState>> Pegawai(const std::string& nip);
  // Does the stream hold at least one event?
  http::Result<bool> StreamExists(const std::string& stream);

  // parent_exists for RegisterUnit with a parent.
  http::Result<domain::UnitFacts> ForUnit(const domain::UnitCommand& command);
  // unit_exists, supervisor_registered and the supervisor chain on the effective date.
  http::Result<domain::PegawaiFacts> ForPegawai(const domain::PegawaiCommand& command);
  // 404 pegawai.not_found when the pegawai is not registered. The supervisor's approved RHK ids
  // are read only when `with_supervisor_rhk` (submissions and drafts).
  http::Result<domain::SkpFacts> ForSkp(const std::string& nip, int year, bool with_supervisor_rhk);
  http::Result<domain::AppraisalFacts> ForAppraisal(const std::string& nip,
                                                    const domain::Period& period,
                                                    domain::PeriodKind periodic_kind);
  http::Result<domain::TrainingFacts> ForTraining(const std::string& nip,
                                                  std::optional<int> follow_up_year);
  http::Result<domain::RecognitionFacts> ForRecognition(const std::string& nip,
                                                        std::optional<int> follow_up_year);
  http::Result<domain::InnovationFacts> ForInnovation(const std::string& nip);
  http::Result<domain::DisciplineFacts> ForDiscipline(const std::string& nip);

 private:
  struct PersonFollowUp {
    bool registered = false;
    std::optional<domain::FollowUpKind> kind;  // recommended in followup-<nip>-<year>
  };
  // Is `nip` registered, and (with a year) which follow-up was recommended for that year?
  http::Result<PersonFollowUp> ForPersonFollowUp(const std::string& nip,
                                                 std::optional<int> follow_up_year);
  http::Result<std::optional<std::string>> SupervisorToday(const std::string& nip);

  eventstore::EventReader* reader_;
  domain::Date today_;
  AggregateCache* cache_;  // may be null
  std::map<std::string, std::optional<domain::PegawaiState>> pegawai_;
};

}  // namespace kinerja::app
