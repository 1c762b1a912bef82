// UnitsProjection ("units"): the read model of units (unit kerja / OPD) from the unit
// aggregate's events (domain/unit.h, decoded by domain/json/unit_codec.h).
// Documents:
//   "unit/<id>"            -> UnitView as JSON:
//       {"id","name","parentId"?,"predikat":{"<year>":"<ORG_PREDIKAT>",...},
//        "registeredAt":"<RFC 3339>","position":<last event applied to it>}
//   "child/<parent>/<id>"  -> "" (index: the sub-units of a unit, in id order)
// A unit event that does not decode, or a predikat for a unit never registered, is poison.
// Thread-safety: stateless; Apply may run on any thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "projections/projection.h"

namespace kinerja::projections {

struct UnitView {
  std::string id;
  std::string name;
  std::optional<std::string> parent_id;
  std::map<int, std::string> predikat_by_year;  // ISTIMEWA, BAIK, ...
  std::string registered_at;                    // RFC 3339 UTC
  uint64_t position = 0;                        // Last event applied to this unit.
  bool operator==(const UnitView& o) const {
    return id == o.id && name == o.name && parent_id == o.parent_id &&
           predikat_by_year == o.predikat_by_year && registered_at == o.registered_at &&
           position == o.position;
  }
};

std::string EncodeUnitView(const UnitView& view);
// nullopt when `json` is not a UnitView document.
std::optional<UnitView> DecodeUnitView(std::string_view json);

class UnitsProjection : public Projection {
 public:
  static constexpr const char* kName = "units";
  static constexpr uint32_t kVersion = 1;
  static std::string UnitKey(const std::string& id) { return "unit/" + id; }
  static std::string ChildPrefix(const std::string& parent) { return "child/" + parent + "/"; }

  std::string name() const override { return kName; }
  uint32_t version() const override { return kVersion; }
  FoldStatus Apply(const eventstore::RecordedEvent& event, DocumentView& view) const override;
};

}  // namespace kinerja::projections
