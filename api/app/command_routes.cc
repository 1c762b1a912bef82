#include "api/app/routes.h"

namespace kinerja::app {

// Filled in by the command-routes work (issue 4).
void AddCommandRoutes(http::Server&, AppContext&) {}

}  // namespace kinerja::app
