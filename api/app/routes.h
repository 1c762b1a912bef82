// The route groups of kinerjad, each declared in its own file and mounted by service.cc:
//   command_routes.cc  — every POST of DESIGN.md §3 (commands)
//   query_routes.cc    — every GET served from read models
//   audit_routes.cc    — /v1/audit/*
// and the read models and process managers they rely on.
#pragma once

#include <memory>
#include <vector>

#include "api/app/app_context.h"
#include "api/http/server.h"
#include "projections/projection.h"

namespace kinerja::app {

void AddCommandRoutes(http::Server& server, AppContext& ctx);
void AddQueryRoutes(http::Server& server, AppContext& ctx);
void AddAuditRoutes(http::Server& server, AppContext& ctx);

// Every read model kinerjad keeps (projections/), in a fresh set.
std::vector<std::unique_ptr<projections::Projection>> AllProjections();

}  // namespace kinerja::app
