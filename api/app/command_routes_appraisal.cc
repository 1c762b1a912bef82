// Appraisals: record and finalize (the current pejabat penilai), object and accept (the pegawai),
// decide the objection (the atasan pejabat penilai). DESIGN.md §3.
#include <string>

#include "api/app/aggregates.h"
#include "api/app/command_request.h"
#include "api/app/command_routes.h"
#include "api/app/facts.h"

namespace kinerja::app {
namespace {

// Executes an appraisal command on appraisal-<nip>-<period> with its facts.
http::Response RunAppraisal(const CommandRequest& req, const domain::AppraisalCommand& command) {
  const std::string& nip = req.args().nip;
  const domain::Period& period = req.args().period;
  FactSource facts = req.facts();
  const domain::PeriodKind periodic_kind = req.ctx().config.periodic_kind;
  return req.Run<AppraisalTraits>(
      domain::AppraisalStream(nip, period), command,
      [&](const domain::AppraisalState&) { return facts.ForAppraisal(nip, period, periodic_kind); },
      nip);
}

template <class T>
http::Response RunDecoded(const CommandRequest& req, domain::Result<T> decoded) {
  if (!decoded.ok()) return ProblemFromViolation(decoded.error());
  return RunAppraisal(req, domain::AppraisalCommand{std::move(decoded).value()});
}

http::Response Record(const CommandRequest& req) {
  return RunDecoded(req, domain::json::DecodeRecordAppraisal(req.args().nip, req.args().period,
                                                             req.body()));
}

http::Response Object(const CommandRequest& req) {
  return RunDecoded(req, domain::json::DecodeFileObjection(req.body()));
}

http::Response Decide(const CommandRequest& req) {
  return RunDecoded(req, domain::json::DecodeDecideObjection(req.body()));
}

http::Response Accept(const CommandRequest& req) {
  return RunAppraisal(req, domain::AcceptAppraisal{});
}

http::Response Finalize(const CommandRequest& req) {
  return RunAppraisal(req, domain::FinalizeAppraisal{});
}

}  // namespace

void AddAppraisalCommands(http::Server& server, AppContext& ctx) {
  const std::string base = "/v1/employees/:nip/appraisals/:period";
  AddCommand(server, ctx, {base, "appraisals.record", Who::kSupervisor, false, Record});
  AddCommand(server, ctx, {base + "/objection", "appraisals.objection", Who::kSelf, false, Object});
  AddCommand(server, ctx,
             {base + "/objection/decision", "appraisals.objection_decision", Who::kAtasan, false,
              Decide});
  AddCommand(server, ctx, {base + "/accept", "appraisals.accept", Who::kSelf, true, Accept});
  AddCommand(server, ctx,
             {base + "/finalize", "appraisals.finalize", Who::kSupervisor, true, Finalize});
}

}  // namespace kinerja::app
