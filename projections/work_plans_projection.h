// WorkPlansProjection ("work-plans"): the SKP view from the SKP events (domain/skp.h).
// Documents:
//   "w/<nip>/<year>"  -> the SKP: {"nip","year","status","currentVersion","approvedVersion",
//       "draft"?:<plan>,"draftSavedAt"?,"versions":[{"number","status","inForce","plan",
//       "history":[{"status","actor","at","notes"?}]}],"progressCount","feedbackCount",
//       "updatedAt","position","streamVersion"} (of skp-<nip>-<year>: the ETag). <plan> = {"rhk":[{"id","kind","description","parentRhkId"?,
//       "indikator":[{"aspect","description","target","unit"}]}],"perilaku":{key: text}}.
//       Status mirrors domain::Evolve: DRAFT, SUBMITTED, RETURNED, APPROVED (of the latest
//       version; a revision under review keeps the approved version inForce).
//   "pr/<nip>/<year>/<position 20 digits>" -> one progress entry {"version","period","rhkId",
//       "indikatorIndex","realisasi","note"?,"evidence":[...],"actor","at","position"}
//   "fb/<nip>/<year>/<position 20 digits>" -> one feedback entry {"version","period","rhkId"?,
//       "text","actor","at","position"}
//   "sum/<nip>/<year>" -> the dashboard summary {"status","currentVersion","approvedVersion",
//       "indikator":[{"rhkId","indikatorIndex","count","lastRealisasi","lastPeriod","lastAt"}]}
//       (indikator in order of first realisasi; count over every version).
// Progress and feedback are their own documents, so the SKP document does not grow with them.
// Thread-safety: stateless; Apply may run on any thread.
#pragma once

#include <cstdint>
#include <string>

#include "projections/projection.h"

namespace kinerja::projections {

class WorkPlansProjection : public Projection {
 public:
  static constexpr const char* kName = "work-plans";
  static constexpr uint32_t kVersion = 1;
  static std::string Suffix(const std::string& nip, int year) {
    return nip + "/" + std::to_string(year);
  }
  static std::string PlanKey(const std::string& nip, int year) { return "w/" + Suffix(nip, year); }
  static std::string SummaryKey(const std::string& nip, int year) {
    return "sum/" + Suffix(nip, year);
  }
  static std::string ProgressPrefix(const std::string& nip, int year) {
    return "pr/" + Suffix(nip, year) + "/";
  }
  static std::string FeedbackPrefix(const std::string& nip, int year) {
    return "fb/" + Suffix(nip, year) + "/";
  }

  std::string name() const override { return kName; }
  uint32_t version() const override { return kVersion; }
  FoldStatus Apply(const eventstore::RecordedEvent& event, DocumentView& view) const override;
};

}  // namespace kinerja::projections
