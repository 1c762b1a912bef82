#include "api/app/routes.h"

namespace kinerja::app {

// Filled in by the audit-routes work (issue 4).
void AddAuditRoutes(http::Server&, AppContext&) {}

}  // namespace kinerja::app
