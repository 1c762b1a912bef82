#include "api/app/dashboard_inputs.h"

#include <rapidjson/document.h>

#include "api/app/error_mapping.h"
#include "api/app/pooled_json_parser.h"
#include "api/app/query_support.h"
#include "projections/appraisals_projection.h"
#include "projections/follow_ups_projection.h"
#include "projections/trainings_projection.h"
#include "projections/work_plans_projection.h"

namespace kinerja::app::query {

using projections::AppraisalsProjection;
using projections::FollowUpsProjection;
using projections::TrainingsProjection;
using projections::WorkPlansProjection;

namespace {

void TakeSkp(const rapidjson::Value& d, PersonInputs* in) { in->skp_status = Str(d, "status"); }
void TakeAppraisal(const rapidjson::Value& d, PersonInputs* in) {
  in->predikat = Str(d, "predikat");
}
void TakeTraining(const rapidjson::Value& d, int year, PersonInputs* in) {
  if (Int(d, "jpYear") == year) in->jp += static_cast<int>(Int(d, "jpEarned"));
}
void TakeFollowUp(const rapidjson::Value& d, PersonInputs* in) {
  in->follow_up_status = Str(d, "status");
  in->follow_up_kind = Str(d, "kind");
}

// The NIP at the start of a key suffix "<nip>/...".
std::string NipOf(std::string_view key, size_t prefix_size) {
  const size_t slash = key.find('/', prefix_size);
  return std::string(key.substr(
      prefix_size, slash == std::string_view::npos ? std::string_view::npos : slash - prefix_size));
}

bool EndsWith(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

DashboardInputs::DashboardInputs(projections::ViewSnapshot* snapshot, int year,
                                 domain::Period period)
    : snapshot_(snapshot),
      year_(year),
      period_(period),
      parser_(std::make_unique<PooledJsonParser>()) {}

DashboardInputs::~DashboardInputs() = default;

http::Result<PersonInputs> DashboardInputs::Of(const std::string& nip) {
  PersonInputs in;
  auto get = [&](const char* projection, const std::string& key,
                 auto&& take) -> std::optional<http::Problem> {
    auto got = snapshot_->Get(projection, key);
    if (!got.ok()) return ProblemFromStore(got.status());
    if (!got.value()) return std::nullopt;
    const rapidjson::Value* d = parser_->Parse(*got.value());
    if (d == nullptr) return http::Problem::Internal();
    take(*d);
    return std::nullopt;
  };
  if (auto p = get(WorkPlansProjection::kName, WorkPlansProjection::SummaryKey(nip, year_),
                   [&](const rapidjson::Value& d) { TakeSkp(d, &in); })) {
    return *p;
  }
  if (auto p = get(AppraisalsProjection::kName, AppraisalsProjection::Key(nip, period_),
                   [&](const rapidjson::Value& d) { TakeAppraisal(d, &in); })) {
    return *p;
  }
  auto trainings = snapshot_->Scan(TrainingsProjection::kName, TrainingsProjection::Prefix(nip));
  if (!trainings.ok()) return ProblemFromStore(trainings.status());
  for (const auto& t : trainings.value()) {
    const rapidjson::Value* d = parser_->Parse(t.value);
    if (d == nullptr) return http::Problem::Internal();
    TakeTraining(*d, year_, &in);
  }
  if (auto p = get(FollowUpsProjection::kName, FollowUpsProjection::Key(year_, nip),
                   [&](const rapidjson::Value& d) { TakeFollowUp(d, &in); })) {
    return *p;
  }
  return in;
}

http::Result<std::unordered_map<std::string, PersonInputs>> DashboardInputs::All() {
  std::unordered_map<std::string, PersonInputs> all;
  // Every document of `projection` under `prefix` whose key passes `want`, parsed, to `take`.
  // One document at a time (VisitDocuments): the scans cover everyone's documents.
  auto scan = [&](const char* projection, const std::string& prefix, auto&& want,
                  auto&& take) -> std::optional<http::Problem> {
    return VisitDocuments(*snapshot_, projection, prefix,
                          [&](std::string_view key, std::string_view value) {
                            if (!want(key)) return true;
                            const rapidjson::Value* d = parser_->Parse(value);
                            if (d == nullptr) return false;
                            take(*d, all[NipOf(key, prefix.size())]);
                            return true;
                          });
  };
  const std::string year_tail = "/" + std::to_string(year_);
  if (auto p = scan(
          WorkPlansProjection::kName, "sum/",
          [&](std::string_view key) { return EndsWith(key, year_tail); },
          [&](const rapidjson::Value& d, PersonInputs& in) { TakeSkp(d, &in); })) {
    return *p;
  }
  // "a/<nip>/<year>/<period>": the tail after the NIP names the period.
  const std::string appraisal_tail = year_tail + "/" + period_.ToString();
  if (auto p = scan(
          AppraisalsProjection::kName, "a/",
          [&](std::string_view key) {
            return EndsWith(key, appraisal_tail) &&
                   key.find('/', 2) == key.size() - appraisal_tail.size();
          },
          [&](const rapidjson::Value& d, PersonInputs& in) { TakeAppraisal(d, &in); })) {
    return *p;
  }
  if (auto p = scan(
          TrainingsProjection::kName, "t/", [](std::string_view) { return true; },
          [&](const rapidjson::Value& d, PersonInputs& in) { TakeTraining(d, year_, &in); })) {
    return *p;
  }
  if (auto p = scan(
          FollowUpsProjection::kName, FollowUpsProjection::YearPrefix(year_),
          [](std::string_view) { return true; },
          [&](const rapidjson::Value& d, PersonInputs& in) { TakeFollowUp(d, &in); })) {
    return *p;
  }
  return all;
}

}  // namespace kinerja::app::query
