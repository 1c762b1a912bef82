// Pengembangan kompetensi and tindak lanjut: trainings, recognitions and disciplinary actions
// (admin), innovations (recorded by the pegawai, acknowledged by the pejabat penilai).
// DESIGN.md §3. Trainings and innovations get a server-chosen UUID ("id" and Location).
#include <string>

#include "api/app/aggregates.h"
#include "api/app/command_request.h"
#include "api/app/command_routes.h"
#include "api/app/facts.h"
#include "eventstore/uuid.h"

namespace kinerja::app {
namespace {

http::Problem NotFound(std::string code, std::string detail) {
  return http::Problem::Make(http::ErrorCategory::kNotFound, std::move(code), std::move(detail));
}

http::Response AssignTraining(const CommandRequest& req) {
  const std::string id = eventstore::NewUuidV4();
  auto command = domain::json::DecodeAssignTraining(id, req.body());
  if (!command.ok()) return ProblemFromViolation(command.error());
  auto nip = domain::Nip::ParseAny(command.value().nip);
  if (!nip.ok()) return ProblemFromViolation(nip.error());
  const std::optional<int> follow_up_year = command.value().follow_up_year;
  FactSource facts = req.facts();
  return req.Run<TrainingTraits>(
      domain::TrainingStream(id), domain::TrainingCommand{command.value()},
      [&](const domain::TrainingState&) { return facts.ForTraining(nip.value().str(), follow_up_year); },
      nip.value().str(), CreatedResource{id, "/v1/trainings/" + id});
}

// Complete or cancel: the training named in the path (its pegawai is the partition key).
http::Response RunOnTraining(const CommandRequest& req, const domain::TrainingCommand& command) {
  const std::string& id = req.args().id;
  if (auto valid = domain::ValidateTrainingId(id); !valid.ok()) {
    return ProblemFromViolation(valid.error());
  }
  auto training = Load<TrainingTraits>(*req.ctx().store, domain::TrainingStream(id));
  if (!training.ok()) return training.problem();
  FactSource facts = req.facts();
  return req.Run<TrainingTraits>(
      domain::TrainingStream(id), command,
      [&](const domain::TrainingState&) { return facts.ForTraining("", std::nullopt); },
      training.value().state.nip);
}

http::Response CompleteTraining(const CommandRequest& req) {
  auto command = domain::json::DecodeCompleteTraining(req.body());
  if (!command.ok()) return ProblemFromViolation(command.error());
  return RunOnTraining(req, command.value());
}

http::Response CancelTraining(const CommandRequest& req) {
  auto command = domain::json::DecodeCancelTraining(req.body());
  if (!command.ok()) return ProblemFromViolation(command.error());
  return RunOnTraining(req, command.value());
}

http::Response GrantRecognition(const CommandRequest& req) {
  const std::string& nip = req.args().nip;
  auto command = domain::json::DecodeGrantRecognition(nip, req.body());
  if (!command.ok()) return ProblemFromViolation(command.error());
  const std::optional<int> follow_up_year = command.value().follow_up_year;
  FactSource facts = req.facts();
  return req.Run<RecognitionTraits>(
      domain::RecognitionStream(nip), domain::RecognitionCommand{command.value()},
      [&](const domain::RecognitionState&) { return facts.ForRecognition(nip, follow_up_year); },
      nip);
}

http::Response RecordInnovation(const CommandRequest& req) {
  const std::string& nip = req.args().nip;
  const std::string id = eventstore::NewUuidV4();
  auto command = domain::json::DecodeRecordInnovation(id, nip, req.body());
  if (!command.ok()) return ProblemFromViolation(command.error());
  FactSource facts = req.facts();
  return req.Run<InnovationTraits>(
      domain::InnovationStream(id), domain::InnovationCommand{command.value()},
      [&](const domain::InnovationState&) { return facts.ForInnovation(nip); }, nip,
      CreatedResource{id, "/v1/employees/" + nip + "/innovations/" + id});
}

http::Response AcknowledgeInnovation(const CommandRequest& req) {
  const std::string& nip = req.args().nip;
  const std::string& id = req.args().id;
  if (auto valid = domain::ValidateInnovationId(id); !valid.ok()) {
    return ProblemFromViolation(valid.error());
  }
  FactSource facts = req.facts();
  auto facts_fn = [&](const domain::InnovationState& state)
      -> http::Result<domain::InnovationFacts> {
    // The innovation must be the path's pegawai's: the caller was authorised for that pegawai.
    if (state.exists && state.nip != nip) {
      return NotFound("innovation.not_found", "This pegawai has no innovation " + id + ".");
    }
    return facts.ForInnovation(nip);
  };
  return req.Run<InnovationTraits>(domain::InnovationStream(id),
                                   domain::InnovationCommand{domain::AcknowledgeInnovation{}},
                                   facts_fn, nip);
}

http::Response RecordDisciplinaryAction(const CommandRequest& req) {
  const std::string& nip = req.args().nip;
  auto command = domain::json::DecodeRecordDisciplinaryAction(nip, req.body());
  if (!command.ok()) return ProblemFromViolation(command.error());
  FactSource facts = req.facts();
  return req.Run<DisciplineTraits>(
      domain::DisciplineStream(nip), domain::DisciplineCommand{command.value()},
      [&](const domain::DisciplineState&) { return facts.ForDiscipline(nip); }, nip);
}

}  // namespace

void AddDevelopmentCommands(http::Server& server, AppContext& ctx) {
  AddCommand(server, ctx, {"/v1/trainings", "trainings.assign", Who::kAdmin, false, AssignTraining});
  AddCommand(server, ctx,
             {"/v1/trainings/:id/complete", "trainings.complete", Who::kAdmin, false,
              CompleteTraining});
  AddCommand(server, ctx,
             {"/v1/trainings/:id/cancel", "trainings.cancel", Who::kAdmin, false, CancelTraining});
  AddCommand(server, ctx,
             {"/v1/employees/:nip/recognitions", "recognitions.grant", Who::kAdmin, false,
              GrantRecognition});
  AddCommand(server, ctx,
             {"/v1/employees/:nip/innovations", "innovations.record", Who::kSelf, false,
              RecordInnovation});
  AddCommand(server, ctx,
             {"/v1/employees/:nip/innovations/:id/acknowledge", "innovations.acknowledge",
              Who::kSupervisor, true, AcknowledgeInnovation});
  AddCommand(server, ctx,
             {"/v1/employees/:nip/disciplinary-actions", "discipline.record", Who::kAdmin, false,
              RecordDisciplinaryAction});
}

}  // namespace kinerja::app
