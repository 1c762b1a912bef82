// The unit (unit kerja / OPD) aggregate: stream "unit-<id>". The reference shape every aggregate
// here follows:
//   - commands and events are plain structs, gathered in a std::variant per aggregate;
//   - every event names its type (kType, past tense) and schema version (kVersion);
//   - Decide(state, command, facts, ctx) -> events or a RuleViolation; pure, no I/O;
//   - facts from other aggregates arrive in a Facts struct prepared by the caller;
//   - Evolve(state, event) -> state; never fails.
// Pure; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/command_context.h"
#include "domain/rating.h"
#include "domain/result.h"

namespace kinerja::domain {

// Unit ids are slugs: lowercase letters, digits and '-', 1..64 characters (e.g. "disdikbud").
Status ValidateUnitId(const std::string& id);
std::string UnitStream(const std::string& unit_id);  // "unit-<id>"

// Commands.
struct RegisterUnit {
  std::string id;
  std::string name;
  std::optional<std::string> parent_id;
};
struct SetOrganisationPredikat {
  int year = 0;
  OrgPredikat predikat = OrgPredikat::kBaik;
};
using UnitCommand = std::variant<RegisterUnit, SetOrganisationPredikat>;

// Events.
struct UnitRegistered {
  static constexpr const char* kType = "UnitRegistered";
  static constexpr int kVersion = 1;
  std::string id;
  std::string name;
  std::optional<std::string> parent_id;
  friend bool operator==(const UnitRegistered& a, const UnitRegistered& b) {
    return a.id == b.id && a.name == b.name && a.parent_id == b.parent_id;
  }
};
struct OrganisationPredikatSet {
  static constexpr const char* kType = "OrganisationPredikatSet";
  static constexpr int kVersion = 1;
  std::string unit_id;
  int year = 0;
  OrgPredikat predikat = OrgPredikat::kBaik;
  friend bool operator==(const OrganisationPredikatSet& a, const OrganisationPredikatSet& b) {
    return a.unit_id == b.unit_id && a.year == b.year && a.predikat == b.predikat;
  }
};
using UnitEvent = std::variant<UnitRegistered, OrganisationPredikatSet>;

struct UnitState {
  bool exists = false;
  std::string id;
  std::string name;
  std::optional<std::string> parent_id;
  std::map<int, OrgPredikat> predikat_by_year;
};

struct UnitFacts {
  bool parent_exists = false;  // RegisterUnit with a parent: is that unit registered?
};

Result<std::vector<UnitEvent>> Decide(const UnitState& state, const UnitCommand& command,
                                      const UnitFacts& facts, const CommandContext& ctx);
UnitState Evolve(UnitState state, const UnitEvent& event);

}  // namespace kinerja::domain
