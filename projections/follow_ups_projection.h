// FollowUpsProjection ("follow-ups"): the tindak lanjut read model from the followup-<nip>-<year>
// streams (domain/follow_up.h): the recommended pembinaan or penghargaan and what was done.
// Documents:
//   "f/<year>/<nip>" -> {"nip","year","kind":"pembinaan|penghargaan","predikat",
//       "appraisalStream","status":"RECOMMENDED|ACTED_ON","recommendedAt",
//       "acts":[{"action":"training_assigned|recognition_granted","reference","at"}],"position"}
// A FollowUpActedOn without a recommendation is poison.
// Thread-safety: stateless; Apply may run on any thread.
#pragma once

#include <cstdint>
#include <string>

#include "projections/projection.h"

namespace kinerja::projections {

class FollowUpsProjection : public Projection {
 public:
  static constexpr const char* kName = "follow-ups";
  static constexpr uint32_t kVersion = 1;
  static std::string YearPrefix(int year) { return "f/" + std::to_string(year) + "/"; }
  static std::string Key(int year, const std::string& nip) { return YearPrefix(year) + nip; }

  std::string name() const override { return kName; }
  uint32_t version() const override { return kVersion; }
  FoldStatus Apply(const eventstore::RecordedEvent& event, DocumentView& view) const override;
};

}  // namespace kinerja::projections
