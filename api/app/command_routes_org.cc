// Units, organisation predikat, employees and assignments: admin commands (DESIGN.md §3).
#include <string>

#include "api/app/aggregates.h"
#include "api/app/command_request.h"
#include "api/app/command_routes.h"
#include "api/app/facts.h"

namespace kinerja::app {
namespace {

http::Response RegisterUnit(const CommandRequest& req) {
  auto command = domain::json::DecodeRegisterUnit(req.body());
  if (!command.ok()) return ProblemFromViolation(command.error());
  const std::string id = command.value().id;
  if (auto valid = domain::ValidateUnitId(id); !valid.ok()) return ProblemFromViolation(valid.error());
  FactSource facts = req.facts();
  const domain::UnitCommand unit_command = command.value();
  return req.Run<UnitTraits>(
      domain::UnitStream(id), unit_command,
      [&](const domain::UnitState&) { return facts.ForUnit(unit_command); }, id);
}

http::Response SetOrganisationPredikat(const CommandRequest& req) {
  const std::string& id = req.args().id;
  if (auto valid = domain::ValidateUnitId(id); !valid.ok()) return ProblemFromViolation(valid.error());
  auto command = domain::json::DecodeSetOrganisationPredikat(req.body());
  if (!command.ok()) return ProblemFromViolation(command.error());
  return req.Run<UnitTraits>(
      domain::UnitStream(id), domain::UnitCommand{command.value()},
      [](const domain::UnitState&) { return http::Result<domain::UnitFacts>(domain::UnitFacts{}); },
      id);
}

http::Response RegisterEmployee(const CommandRequest& req) {
  auto command = domain::json::DecodeRegisterEmployee(req.body());
  if (!command.ok()) return ProblemFromViolation(command.error());
  auto nip = domain::Nip::Parse(command.value().nip, command.value().status);
  if (!nip.ok()) return ProblemFromViolation(nip.error());
  FactSource facts = req.facts();
  const domain::PegawaiCommand pegawai_command = command.value();
  return req.Run<PegawaiTraits>(
      domain::PegawaiStream(nip.value().str()), pegawai_command,
      [&](const domain::PegawaiState&) { return facts.ForPegawai(pegawai_command); },
      nip.value().str());
}

http::Response ChangeAssignment(const CommandRequest& req) {
  auto command = domain::json::DecodeChangeAssignment(req.body());
  if (!command.ok()) return ProblemFromViolation(command.error());
  const std::string& nip = req.args().nip;
  FactSource facts = req.facts();
  const domain::PegawaiCommand pegawai_command = command.value();
  return req.Run<PegawaiTraits>(
      domain::PegawaiStream(nip), pegawai_command,
      [&](const domain::PegawaiState&) { return facts.ForPegawai(pegawai_command); }, nip);
}

}  // namespace

void AddOrganisationCommands(http::Server& server, AppContext& ctx) {
  AddCommand(server, ctx, {"/v1/units", "units.register", Who::kAdmin, false, RegisterUnit});
  AddCommand(server, ctx,
             {"/v1/units/:id/organisation-predikat", "units.organisation_predikat", Who::kAdmin,
              false, SetOrganisationPredikat});
  AddCommand(server, ctx,
             {"/v1/employees", "employees.register", Who::kAdmin, false, RegisterEmployee});
  AddCommand(server, ctx,
             {"/v1/employees/:nip/assignment", "employees.assignment", Who::kAdmin, false,
              ChangeAssignment});
}

}  // namespace kinerja::app
