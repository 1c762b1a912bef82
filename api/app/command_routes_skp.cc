// Work plans (SKP): submit or save a draft and record progress (the pegawai), approve, return and
// give feedback (the current pejabat penilai). DESIGN.md §3.
#include <string>
#include <variant>

#include "api/app/aggregates.h"
#include "api/app/command_request.h"
#include "api/app/command_routes.h"
#include "api/app/facts.h"

namespace kinerja::app {
namespace {

// Executes an SKP command on skp-<nip>-<year> with its facts.
http::Response RunSkp(const CommandRequest& req, const domain::SkpCommand& command) {
  const std::string& nip = req.args().nip;
  const int year = req.args().year;
  const bool plan = std::holds_alternative<domain::SubmitWorkPlan>(command) ||
                    std::holds_alternative<domain::SaveWorkPlanDraft>(command);
  FactSource facts = req.facts();
  return req.Run<SkpTraits>(
      domain::SkpStream(nip, year), command,
      [&](const domain::SkpState&) { return facts.ForSkp(nip, year, plan); }, nip);
}

template <class T>
http::Response RunDecoded(const CommandRequest& req, domain::Result<T> decoded) {
  if (!decoded.ok()) return ProblemFromViolation(decoded.error());
  return RunSkp(req, domain::SkpCommand{std::move(decoded).value()});
}

http::Response SubmitOrDraft(const CommandRequest& req) {
  return RunDecoded(req, domain::json::DecodeWorkPlanBody(req.args().nip, req.args().year,
                                                          req.body()));
}

http::Response Approve(const CommandRequest& req) {
  return RunSkp(req, domain::json::MakeApproveWorkPlan(req.args().nip, req.args().year));
}

http::Response Return(const CommandRequest& req) {
  return RunDecoded(req, domain::json::DecodeReturnWorkPlan(req.args().nip, req.args().year,
                                                            req.body()));
}

http::Response Progress(const CommandRequest& req) {
  return RunDecoded(req, domain::json::DecodeRecordProgress(req.args().nip, req.args().year,
                                                            req.body()));
}

http::Response Feedback(const CommandRequest& req) {
  return RunDecoded(req, domain::json::DecodeGiveFeedback(req.args().nip, req.args().year,
                                                          req.body()));
}

}  // namespace

void AddWorkPlanCommands(http::Server& server, AppContext& ctx) {
  const std::string base = "/v1/employees/:nip/work-plans/:year";
  AddCommand(server, ctx, {base, "work_plans.submit", Who::kSelf, false, SubmitOrDraft});
  AddCommand(server, ctx,
             {base + "/approve", "work_plans.approve", Who::kSupervisor, true, Approve});
  AddCommand(server, ctx, {base + "/return", "work_plans.return", Who::kSupervisor, false, Return});
  AddCommand(server, ctx, {base + "/progress", "work_plans.progress", Who::kSelf, false, Progress});
  AddCommand(server, ctx,
             {base + "/feedback", "work_plans.feedback", Who::kSupervisor, false, Feedback});
}

}  // namespace kinerja::app
