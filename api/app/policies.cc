#include "api/app/policies.h"

namespace kinerja::app {

// The follow-up policy is added by the command-routes work (issue 4).
std::vector<std::unique_ptr<projections::ProcessManager>> MakePolicies(AppContext&) { return {}; }

}  // namespace kinerja::app
