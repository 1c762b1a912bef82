// The policies kinerjad runs on the log as process managers (projections/process_manager.h):
// the follow-up policy (a finalised annual appraisal -> a pembinaan or penghargaan
// recommendation, once; a training or recognition that names a follow-up -> FollowUpActedOn).
#pragma once

#include <memory>
#include <vector>

#include "api/app/app_context.h"
#include "projections/process_manager.h"

namespace kinerja::app {

// Not started; the caller starts and stops them.
std::vector<std::unique_ptr<projections::ProcessManager>> MakePolicies(AppContext& ctx);

}  // namespace kinerja::app
