// The command routes of DESIGN.md §3, by area; AddCommandRoutes (routes.h) mounts them all.
//   command_routes_org.cc          — units, organisation predikat, employees, assignment
//   command_routes_skp.cc          — work plans: submit/draft, approve, return, progress, feedback
//   command_routes_appraisal.cc    — appraisals: record, objection, decision, accept, finalize
//   command_routes_development.cc  — trainings, recognitions, innovations, disciplinary actions
// Thread-safety: called once from the controlling thread before the server starts.
#pragma once

#include "api/app/app_context.h"
#include "api/http/server.h"

namespace kinerja::app {

void AddOrganisationCommands(http::Server& server, AppContext& ctx);
void AddWorkPlanCommands(http::Server& server, AppContext& ctx);
void AddAppraisalCommands(http::Server& server, AppContext& ctx);
void AddDevelopmentCommands(http::Server& server, AppContext& ctx);

}  // namespace kinerja::app
