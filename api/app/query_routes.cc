#include "api/app/query_handlers.h"
#include "api/app/routes.h"

namespace kinerja::app {

void AddQueryRoutes(http::Server& server, AppContext& ctx) {
  struct Def {
    const char* pattern;
    const char* name;
    http::Response (*handler)(const AppContext&, const http::Request&);
  };
  const Def defs[] = {
      {"/v1/employees/:nip", "employees.get", &query::GetEmployee},
      {"/v1/employees/:nip/work-plans/:year", "employees.work_plan.get", &query::GetWorkPlan},
      {"/v1/employees/:nip/appraisals", "employees.appraisals.list", &query::GetAppraisals},
      {"/v1/employees/:nip/trainings", "employees.trainings.list", &query::GetTrainings},
      {"/v1/supervisors/:nip/inbox", "supervisors.inbox", &query::GetInbox},
      {"/v1/units/:id/dashboard", "units.dashboard", &query::GetUnitDashboard},
      {"/v1/dashboard", "dashboard.city", &query::GetCityDashboard},
      {"/v1/follow-ups", "follow_ups.list", &query::GetFollowUps},
  };
  for (const Def& def : defs) {
    http::Route route;
    route.method = http::Method::kGet;
    route.pattern = def.pattern;
    route.name = def.name;
    route.auth = http::Auth::kRequired;
    // Reads may wait for ?minPosition=, so they never block a reactor thread.
    route.execution = http::Execution::kWorker;
    auto handler = def.handler;
    const AppContext* context = &ctx;
    route.handler = [handler, context](const http::Request& request) {
      return handler(*context, request);
    };
    server.AddRoute(std::move(route));
  }
}

}  // namespace kinerja::app
