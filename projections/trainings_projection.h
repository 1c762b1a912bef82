// TrainingsProjection ("trainings"): every training of every pegawai from the training events
// (domain/training.h). The query picks a year's trainings and JP total (domain/jp.h: earned JP
// count in the year of completedOn).
// Documents:
//   "t/<nip>/<training id>" -> {"id","nip","title","kind","jpPlanned","startDate","endDate",
//       "reason"?,"followUpYear"?,"status":"ASSIGNED|COMPLETED|CANCELLED","assignedAt",
//       "completedOn"?,"jpEarned","jpYear"? (the year of completedOn),"certificate"?,
//       "cancelReason"?,"position","streamVersion"}
// A completion or cancellation of a training never assigned is poison.
// Thread-safety: stateless; Apply may run on any thread.
#pragma once

#include <cstdint>
#include <string>

#include "projections/projection.h"

namespace kinerja::projections {

class TrainingsProjection : public Projection {
 public:
  static constexpr const char* kName = "trainings";
  static constexpr uint32_t kVersion = 1;
  static std::string Prefix(const std::string& nip) { return "t/" + nip + "/"; }
  static std::string Key(const std::string& nip, const std::string& id) {
    return Prefix(nip) + id;
  }

  std::string name() const override { return kName; }
  uint32_t version() const override { return kVersion; }
  FoldStatus Apply(const eventstore::RecordedEvent& event, DocumentView& view) const override;
};

}  // namespace kinerja::projections
