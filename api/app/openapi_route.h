// GET /openapi.json: the OpenAPI 3.1 description of REST API v1 (api/openapi/openapi.json, the
// hand-written source of truth, embedded into the binary at build time by api/CMakeLists.txt).
// The route needs no token. Mounted by service.cc.
// Thread-safety: AddOpenApiRoute before the server starts (as Server::AddRoute requires);
// OpenApiDocument() is an immutable view, safe from any thread.
#pragma once

#include <string_view>

#include "api/http/server.h"

namespace kinerja::app {

// The embedded document, byte for byte as api/openapi/openapi.json was at build time.
std::string_view OpenApiDocument();

// Declares GET /openapi.json (route name "openapi", no authentication, answered on the reactor).
void AddOpenApiRoute(http::Server& server);

}  // namespace kinerja::app
