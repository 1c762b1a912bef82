// AppraisalsProjection ("appraisals"): the appraisals of each pegawai from the appraisal events
// (domain/appraisal.h), with objections and decisions; original ratings are never overwritten.
// Documents:
//   "a/<nip>/<year>/<period>" -> {"nip","period","periodKind":"monthly|quarterly|annual",
//       "status":"RECORDED|ACCEPTED|OBJECTED|OBJECTION_DECIDED|FINAL" (domain ToString),
//       "hasilKerja","perilakuKerja","perilaku":{value: rating},"disiplin"?,"inovasi"?,"notes"?,
//       "recordedPredikat","predikat" (effective: the decided one when an objection was upheld),
//       "skpVersion","recordedBy","recordedAt","receivedOn","objectionDeadline" (receivedOn + 14
//       days, the last day an objection may be filed),"acceptedAt"?,
//       "objection"?:{"reason","filedAt"},
//       "decision"?:{"upheld","hasilKerja"?,"perilakuKerja"?,"predikat","reason","decidedBy",
//       "decidedAt"},"finalized":bool,"finalPredikat"?,"finalizedBy"?,"finalizedAt"?,"position",
//       "streamVersion"}
// <year> is the period's year; <period> as domain::Period::ToString ("2026-Q1", "2026-03",
// "2026"). An event for an appraisal never recorded is poison.
// Thread-safety: stateless; Apply may run on any thread.
#pragma once

#include <cstdint>
#include <string>

#include "domain/period.h"
#include "projections/projection.h"

namespace kinerja::projections {

const char* PeriodKindName(domain::PeriodKind kind);  // monthly, quarterly, annual

class AppraisalsProjection : public Projection {
 public:
  static constexpr const char* kName = "appraisals";
  static constexpr uint32_t kVersion = 1;
  static std::string YearPrefix(const std::string& nip, int year) {
    return "a/" + nip + "/" + std::to_string(year) + "/";
  }
  static std::string Key(const std::string& nip, const domain::Period& period) {
    return YearPrefix(nip, period.year()) + period.ToString();
  }

  std::string name() const override { return kName; }
  uint32_t version() const override { return kVersion; }
  FoldStatus Apply(const eventstore::RecordedEvent& event, DocumentView& view) const override;
};

}  // namespace kinerja::projections
