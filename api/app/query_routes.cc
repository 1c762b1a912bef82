#include "api/app/routes.h"

namespace kinerja::app {

// Filled in by the query-routes work (issue 4).
void AddQueryRoutes(http::Server&, AppContext&) {}

}  // namespace kinerja::app
