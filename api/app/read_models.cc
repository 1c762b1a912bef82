#include "api/app/routes.h"
#include "projections/appraisals_projection.h"
#include "projections/employees_projection.h"
#include "projections/follow_ups_projection.h"
#include "projections/trainings_projection.h"
#include "projections/units_projection.h"
#include "projections/work_plans_projection.h"

namespace kinerja::app {

std::vector<std::unique_ptr<projections::Projection>> AllProjections() {
  std::vector<std::unique_ptr<projections::Projection>> all;
  all.push_back(std::make_unique<projections::UnitsProjection>());
  all.push_back(std::make_unique<projections::EmployeesProjection>());
  all.push_back(std::make_unique<projections::WorkPlansProjection>());
  all.push_back(std::make_unique<projections::AppraisalsProjection>());
  all.push_back(std::make_unique<projections::TrainingsProjection>());
  all.push_back(std::make_unique<projections::FollowUpsProjection>());
  return all;
}

}  // namespace kinerja::app
