#include "api/app/command_routes.h"

#include "api/app/routes.h"

namespace kinerja::app {

void AddCommandRoutes(http::Server& server, AppContext& ctx) {
  AddOrganisationCommands(server, ctx);
  AddWorkPlanCommands(server, ctx);
  AddAppraisalCommands(server, ctx);
  AddDevelopmentCommands(server, ctx);
}

}  // namespace kinerja::app
