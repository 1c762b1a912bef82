#include "api/app/openapi_route.h"

#include <cstddef>
#include <string>

namespace kinerja::app {

// Defined in the generated openapi_document.cc (api/openapi/embed.cmake).
namespace openapi_embedded {
extern const char kDocument[];
extern const std::size_t kDocumentSize;
}  // namespace openapi_embedded

std::string_view OpenApiDocument() {
  return std::string_view(openapi_embedded::kDocument, openapi_embedded::kDocumentSize);
}

void AddOpenApiRoute(http::Server& server) {
  server.AddRoute({http::Method::kGet, "/openapi.json", "openapi",
                   [](const http::Request&) {
                     return http::Response::Json(200, std::string(OpenApiDocument()));
                   },
                   http::Auth::kNone, http::Execution::kReactor});
}

}  // namespace kinerja::app
