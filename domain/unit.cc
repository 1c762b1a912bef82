#include "domain/unit.h"

#include "domain/overloaded.h"
#include "domain/period.h"
#include "domain/text.h"

namespace kinerja::domain {
namespace {

Result<std::vector<UnitEvent>> DecideRegister(const UnitState& state, const RegisterUnit& cmd,
                                              const UnitFacts& facts) {
  if (auto s = ValidateUnitId(cmd.id); !s.ok()) return s.error();
  if (auto s = CheckText("name", cmd.name, 1, 200); !s.ok()) return s.error();
  if (state.exists) {
    return Violation(ViolationKind::kConflict, "unit.already_registered",
                     "Unit '" + cmd.id + "' sudah terdaftar",
                     "Unit '" + cmd.id + "' is already registered");
  }
  if (cmd.parent_id) {
    if (auto s = ValidateUnitId(*cmd.parent_id); !s.ok()) return s.error();
    if (*cmd.parent_id == cmd.id) {
      return Violation(ViolationKind::kInvalid, "unit.parent_is_self",
                       "Unit tidak boleh menjadi induk dirinya sendiri",
                       "A unit cannot be its own parent");
    }
    if (!facts.parent_exists) {
      return Violation(ViolationKind::kRefused, "unit.parent_not_found",
                       "Unit induk '" + *cmd.parent_id + "' belum terdaftar",
                       "Parent unit '" + *cmd.parent_id + "' is not registered");
    }
  }
  return std::vector<UnitEvent>{UnitRegistered{cmd.id, cmd.name, cmd.parent_id}};
}

Result<std::vector<UnitEvent>> DecideSetPredikat(const UnitState& state,
                                                 const SetOrganisationPredikat& cmd) {
  if (auto s = CheckYear(cmd.year); !s.ok()) return s.error();
  if (!state.exists) {
    return Violation(ViolationKind::kNotFound, "unit.not_found", "Unit tidak ditemukan",
                     "Unit not found");
  }
  auto it = state.predikat_by_year.find(cmd.year);
  if (it != state.predikat_by_year.end() && it->second == cmd.predikat) {
    return std::vector<UnitEvent>{};  // already so: nothing to record
  }
  return std::vector<UnitEvent>{OrganisationPredikatSet{state.id, cmd.year, cmd.predikat}};
}

}  // namespace

Status ValidateUnitId(const std::string& id) {
  bool ok = !id.empty() && id.size() <= 64;
  for (char c : id) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
  }
  if (!ok) {
    return Violation(ViolationKind::kInvalid, "unit.id_invalid",
                     "Id unit hanya boleh huruf kecil, angka dan '-' (1-64 karakter)",
                     "A unit id may contain only lowercase letters, digits and '-' (1-64)");
  }
  return OkStatus();
}

std::string UnitStream(const std::string& unit_id) { return "unit-" + unit_id; }

Result<std::vector<UnitEvent>> Decide(const UnitState& state, const UnitCommand& command,
                                      const UnitFacts& facts, const CommandContext&) {
  return std::visit(
      Overloaded{
          [&](const RegisterUnit& c) { return DecideRegister(state, c, facts); },
          [&](const SetOrganisationPredikat& c) { return DecideSetPredikat(state, c); },
      },
      command);
}

UnitState Evolve(UnitState state, const UnitEvent& event) {
  std::visit(Overloaded{
                 [&](const UnitRegistered& e) {
                   state.exists = true;
                   state.id = e.id;
                   state.name = e.name;
                   state.parent_id = e.parent_id;
                 },
                 [&](const OrganisationPredikatSet& e) { state.predikat_by_year[e.year] = e.predikat; },
             },
             event);
  return state;
}

}  // namespace kinerja::domain
