// EmployeesProjection ("employees"): the employee read model from the pegawai, recognition,
// innovation and disciplinary-action events. It stores effective-dated facts only (no clock):
// the query resolves "current" with the request time (domain::AssignmentOn on the profile).
// Documents:
//   "p/<nip>"          -> the profile: {"nip","name","status","registeredFrom","registeredAt",
//                         "timeline":[{"seq","effectiveDate","recordedAt","unitId"?,"jabatan"?,
//                         "jenisJabatan"?,"golongan"?,"supervisorNip"?,"removeSupervisor"?}],
//                         "position","streamVersion"} (streamVersion: of pegawai-<nip>, the ETag); the timeline in (effectiveDate, seq) order, entry 0 the
//                         registration (a delta per later change, as domain/pegawai.h keeps it).
//   "u/<unit>/<nip>"   -> "" for every unit the pegawai was EVER assigned to (the query filters
//                         by the assignment in force on its date).
//   "s/<supervisor>/<nip>" -> "" for every pejabat penilai the pegawai EVER had (same rule).
//   "y/<nip>/<year>"   -> {"recognitions":[{"number","title","reason","followUpYear"?}],
//                         "innovations":[{"id","title","description","acknowledgedBy"?,
//                         "acknowledgedAt"?}],"disciplinaryActions":[{"number","level","type",
//                         "decidedOn","reason"}]} (discipline counted in the year of decidedOn).
//   "i/<innovation id>" -> {"nip","year"} (to place an acknowledgement).
// Undecodable events and changes for unknown pegawai/innovations are poison.
// Thread-safety: stateless; Apply may run on any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/pegawai.h"
#include "projections/projection.h"

namespace kinerja::projections {

std::string EncodeEmployeeProfile(const domain::PegawaiState& state, uint64_t position,
                                  uint64_t stream_version);
// nullopt when `json` is not a profile document.
std::optional<domain::PegawaiState> DecodeEmployeeProfile(std::string_view json);

class EmployeesProjection : public Projection {
 public:
  static constexpr const char* kName = "employees";
  static constexpr uint32_t kVersion = 1;
  static std::string ProfileKey(const std::string& nip) { return "p/" + nip; }
  static constexpr const char* kProfilePrefix = "p/";
  static std::string UnitPrefix(const std::string& unit) { return "u/" + unit + "/"; }
  static std::string SupervisorPrefix(const std::string& nip) { return "s/" + nip + "/"; }
  static std::string YearKey(const std::string& nip, int year) {
    return "y/" + nip + "/" + std::to_string(year);
  }
  static std::string InnovationKey(const std::string& id) { return "i/" + id; }

  std::string name() const override { return kName; }
  uint32_t version() const override { return kVersion; }
  FoldStatus Apply(const eventstore::RecordedEvent& event, DocumentView& view) const override;
};

}  // namespace kinerja::projections
