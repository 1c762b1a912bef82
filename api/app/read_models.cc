#include "api/app/routes.h"
#include "projections/units_projection.h"

namespace kinerja::app {

std::vector<std::unique_ptr<projections::Projection>> AllProjections() {
  std::vector<std::unique_ptr<projections::Projection>> all;
  all.push_back(std::make_unique<projections::UnitsProjection>());
  return all;
}

}  // namespace kinerja::app
