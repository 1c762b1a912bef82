// The per-person inputs of the unit and city dashboards (SKP status of the year, the period's
// appraisal predikat, JP earned in the year, the year's follow-up), read from one view snapshot
// either per person (point lookups) or for everyone at once (one ordered scan per view prefix,
// visiting one stored document at a time), every document parsed into one reused memory pool
// (pooled_json_parser.h) instead of a rapidjson Document of its own.
// Thread-safety: a DashboardInputs object is used by one request (one thread).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "api/http/problem.h"
#include "domain/period.h"
#include "projections/view_store.h"

namespace kinerja::app {
class PooledJsonParser;
}

namespace kinerja::app::query {

struct PersonInputs {
  std::optional<std::string> skp_status;       // work-plan summary's status; nullopt: none
  std::optional<std::string> predikat;         // the period's appraisal predikat; nullopt: none
  int jp = 0;                                  // JP of trainings whose jpYear is the year
  std::optional<std::string> follow_up_status; // the year's follow-up; nullopt: none
  std::string follow_up_kind;
};

class DashboardInputs {
 public:
  // Reads through `snapshot` (which must outlive this object) for `year` and `period`.
  DashboardInputs(projections::ViewSnapshot* snapshot, int year, domain::Period period);
  ~DashboardInputs();
  DashboardInputs(const DashboardInputs&) = delete;
  DashboardInputs& operator=(const DashboardInputs&) = delete;

  // The inputs of one person by point lookups and one prefix scan.
  http::Result<PersonInputs> Of(const std::string& nip);
  // The inputs of everyone with any stored figure, by NIP (absent NIP: all defaults).
  http::Result<std::unordered_map<std::string, PersonInputs>> All();

 private:
  projections::ViewSnapshot* snapshot_;
  int year_;
  domain::Period period_;
  std::unique_ptr<PooledJsonParser> parser_;
};

}  // namespace kinerja::app::query
