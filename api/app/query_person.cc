// Person-level query routes: the employee profile and dashboard, the SKP, appraisals, trainings.
#include <algorithm>
#include <set>

#include "api/app/query_handlers.h"
#include "api/app/query_support.h"
#include "api/http/json.h"
#include "domain/jp.h"
#include "domain/period.h"
#include "projections/appraisals_projection.h"
#include "projections/employees_projection.h"
#include "projections/trainings_projection.h"
#include "projections/units_projection.h"
#include "projections/work_plans_projection.h"

namespace kinerja::app::query {

using projections::AppraisalsProjection;
using projections::EmployeesProjection;
using projections::TrainingsProjection;
using projections::UnitsProjection;
using projections::WorkPlansProjection;

namespace {

// Appraisal documents of one pegawai and year, in period order (months/quarters, then annual).
http::Result<std::vector<Views::Entry>> AppraisalsOf(Views& views, const std::string& nip,
                                                     int year) {
  auto docs = views.Scan(AppraisalsProjection::kName, AppraisalsProjection::YearPrefix(nip, year));
  if (!docs.ok()) return docs.problem();
  std::vector<Views::Entry> out = std::move(docs.value());
  auto period_of = [](const Views::Entry& e) {
    auto p = domain::Period::Parse(e.suffix);
    return p.ok() ? p.value() : domain::Period();
  };
  std::stable_sort(out.begin(), out.end(), [&](const Views::Entry& a, const Views::Entry& b) {
    return period_of(a) < period_of(b);
  });
  return out;
}

// Trainings of one pegawai that touch `year` (start..end overlaps it, or completed in it), and
// the JP earned in `year` (completedOn's year).
struct YearTrainings {
  std::vector<Views::Entry> trainings;
  int jp = 0;
};
http::Result<YearTrainings> TrainingsOf(Views& views, const std::string& nip, int year) {
  auto docs = views.Scan(TrainingsProjection::kName, TrainingsProjection::Prefix(nip));
  if (!docs.ok()) return docs.problem();
  YearTrainings out;
  for (auto& e : docs.value()) {
    const auto& d = *e.doc;
    const int start = std::atoi(Str(d, "startDate").substr(0, 4).c_str());
    const int end = std::atoi(Str(d, "endDate").substr(0, 4).c_str());
    const int jp_year = static_cast<int>(Int(d, "jpYear"));
    if (jp_year == year) out.jp += static_cast<int>(Int(d, "jpEarned"));
    if ((start <= year && year <= end) || jp_year == year) out.trainings.push_back(std::move(e));
  }
  return out;
}

void WriteJp(http::JsonWriter& w, const std::string& nip, int year, domain::EmployeeStatus status,
             int total) {
  const domain::JpCompliance jp = domain::EvaluateJp(nip, year, status, total);
  w.StartObject();
  w.Key("total").Int(jp.total_jp);
  w.Key("required").Int(jp.required_jp);
  w.Key("reached").Bool(jp.reached);
  w.Key("shortfall").Int(jp.shortfall);
  w.Key("counted").Bool(jp.counted);
  w.EndObject();
}

void WriteAssignment(http::JsonWriter& w, const domain::Assignment& a) {
  w.Key("unitId").String(a.unit_id);
  w.Key("jabatan").String(a.jabatan);
  w.Key("jenisJabatan").String(domain::ToString(a.jenis_jabatan));
  if (a.golongan) w.Key("golongan").String(a.golongan->str());
  if (a.supervisor_nip) w.Key("supervisorNip").String(*a.supervisor_nip);
}

http::Problem UnknownEmployee(const std::string& nip) {
  return NotFound("employee.not_found", "No pegawai with NIP " + nip + " is registered.");
}

}  // namespace

http::Response GetEmployee(const AppContext& ctx, const http::Request& request) {
  auto nip_r = NipParam(request);
  if (!nip_r.ok()) return nip_r.problem();
  const std::string& nip = nip_r.value();
  const domain::Date today = ctx.Now().date();
  auto year_r = YearParam(request, "year", false, today.year());
  if (!year_r.ok()) return year_r.problem();
  const int year = year_r.value();
  if (auto denied = AuthorisePersonRead(ctx, CallerOf(request), nip, false)) return *denied;
  if (auto behind = AwaitMinPosition(ctx, request)) return *behind;

  Views views(ctx);
  auto raw = views.Get(EmployeesProjection::kName, EmployeesProjection::ProfileKey(nip));
  if (!raw.ok()) return raw.problem();
  auto profile = views.Profile(nip);
  if (!profile.ok()) return profile.problem();
  if (!profile.value() || !raw.value()) return UnknownEmployee(nip);
  const domain::PegawaiState& s = *profile.value();
  const domain::Date as_of = today < s.registered_from ? s.registered_from : today;

  http::JsonWriter w;
  w.StartObject();
  w.Key("nip").String(s.nip);
  w.Key("name").String(s.name);
  w.Key("status").String(domain::ToString(s.status));
  w.Key("registeredFrom").String(s.registered_from.ToString());
  w.Key("asOf").String(as_of.ToString());
  if (auto a = domain::AssignmentOn(s, as_of)) {
    WriteAssignment(w, *a);
    auto unit = views.Get(UnitsProjection::kName, UnitsProjection::UnitKey(a->unit_id));
    if (!unit.ok()) return unit.problem();
    if (unit.value()) w.Key("unitName").String(Str(*unit.value(), "name"));
  }
  // The assignment in force from each effective date of the timeline.
  w.Key("assignments").StartArray();
  std::set<int64_t> seen;
  for (const auto& entry : s.timeline) {
    if (!seen.insert(entry.effective_date.days_since_epoch()).second) continue;
    auto a = domain::AssignmentOn(s, entry.effective_date);
    if (!a) continue;
    w.StartObject();
    w.Key("effectiveDate").String(entry.effective_date.ToString());
    WriteAssignment(w, *a);
    w.EndObject();
  }
  w.EndArray();

  // The year's dashboard.
  w.Key("year").Int(year);
  w.Key("dashboard").StartObject();
  auto summary = views.Get(WorkPlansProjection::kName, WorkPlansProjection::SummaryKey(nip, year));
  if (!summary.ok()) return summary.problem();
  const std::string skp_status = summary.value() ? Str(*summary.value(), "status") : "NONE";
  w.Key("skp").StartObject();
  w.Key("status").String(skp_status);
  w.Key("currentVersion").Int(summary.value() ? Int(*summary.value(), "currentVersion") : 0);
  w.Key("approvedVersion").Int(summary.value() ? Int(*summary.value(), "approvedVersion") : 0);
  w.EndObject();
  w.Key("progress");
  if (summary.value() && summary.value()->HasMember("indikator")) {
    w.RawValue(ToJson((*summary.value())["indikator"]));
  } else {
    w.StartArray().EndArray();
  }
  auto appraisals = AppraisalsOf(views, nip, year);
  if (!appraisals.ok()) return appraisals.problem();
  w.Key("appraisals").StartArray();
  for (const auto& e : appraisals.value()) {
    const auto& d = *e.doc;
    w.StartObject();
    w.Key("period").String(Str(d, "period"));
    w.Key("periodKind").String(Str(d, "periodKind"));
    w.Key("status").String(Str(d, "status"));
    w.Key("predikat").String(Str(d, "predikat"));
    w.Key("finalized").Bool(d.HasMember("finalized") && d["finalized"].IsBool() &&
                            d["finalized"].GetBool());
    w.EndObject();
  }
  w.EndArray();
  auto trainings = TrainingsOf(views, nip, year);
  if (!trainings.ok()) return trainings.problem();
  w.Key("jp");
  WriteJp(w, nip, year, s.status, trainings.value().jp);
  auto facts = views.Get(EmployeesProjection::kName, EmployeesProjection::YearKey(nip, year));
  if (!facts.ok()) return facts.problem();
  for (const char* key : {"recognitions", "innovations", "disciplinaryActions"}) {
    w.Key(key);
    if (facts.value() && facts.value()->HasMember(key)) {
      w.RawValue(ToJson((*facts.value())[key]));
    } else {
      w.StartArray().EndArray();
    }
  }
  // Open items: what waits for someone.
  w.Key("openItems").StartArray();
  if (skp_status == "DRAFT" || skp_status == "RETURNED" || skp_status == "SUBMITTED") {
    w.StartObject();
    w.Key("kind").String(skp_status == "DRAFT"      ? "skp.draft"
                         : skp_status == "RETURNED" ? "skp.returned"
                                                    : "skp.awaiting_approval");
    w.Key("year").Int(year);
    w.EndObject();
  }
  for (const auto& e : appraisals.value()) {
    const auto& d = *e.doc;
    const std::string status = Str(d, "status");
    const std::string deadline = Str(d, "objectionDeadline");
    if (status == "RECORDED" && today.ToString() <= deadline) {
      w.StartObject();
      w.Key("kind").String("appraisal.awaiting_response");
      w.Key("period").String(Str(d, "period"));
      w.Key("objectionDeadline").String(deadline);
      w.EndObject();
    } else if (status == "OBJECTED") {
      w.StartObject();
      w.Key("kind").String("objection.open");
      w.Key("period").String(Str(d, "period"));
      w.EndObject();
    }
  }
  w.EndArray();
  w.EndObject();  // dashboard
  w.EndObject();
  http::Response r = http::Response::Json(200, w.str());
  r.SetETag(std::to_string(Int(*raw.value(), "streamVersion")));
  return r;
}

http::Response GetWorkPlan(const AppContext& ctx, const http::Request& request) {
  auto nip_r = NipParam(request);
  if (!nip_r.ok()) return nip_r.problem();
  const std::string& nip = nip_r.value();
  auto year_r = YearParam(request, "year", true, std::nullopt);
  if (!year_r.ok()) return year_r.problem();
  const int year = year_r.value();
  if (auto denied = AuthorisePersonRead(ctx, CallerOf(request), nip, false)) return *denied;
  if (auto behind = AwaitMinPosition(ctx, request)) return *behind;

  Views views(ctx);
  auto profile = views.Profile(nip);
  if (!profile.ok()) return profile.problem();
  if (!profile.value()) return UnknownEmployee(nip);
  auto plan = views.Get(WorkPlansProjection::kName, WorkPlansProjection::PlanKey(nip, year));
  if (!plan.ok()) return plan.problem();
  if (!plan.value()) {
    return NotFound("work_plan.not_found",
                    "Pegawai " + nip + " has no SKP for " + std::to_string(year) + ".");
  }
  auto progress =
      views.Scan(WorkPlansProjection::kName, WorkPlansProjection::ProgressPrefix(nip, year));
  if (!progress.ok()) return progress.problem();
  auto feedback =
      views.Scan(WorkPlansProjection::kName, WorkPlansProjection::FeedbackPrefix(nip, year));
  if (!feedback.ok()) return feedback.problem();
  const rapidjson::Document& d = *plan.value();
  http::JsonWriter w;
  w.StartObject();
  for (auto it = d.MemberBegin(); it != d.MemberEnd(); ++it) {
    w.Key(std::string_view(it->name.GetString(), it->name.GetStringLength()));
    w.RawValue(ToJson(it->value));
  }
  w.Key("progress").StartArray();
  for (const auto& e : progress.value()) w.RawValue(ToJson(*e.doc));
  w.EndArray();
  w.Key("feedback").StartArray();
  for (const auto& e : feedback.value()) w.RawValue(ToJson(*e.doc));
  w.EndArray();
  w.EndObject();
  http::Response r = http::Response::Json(200, w.str());
  r.SetETag(std::to_string(Int(d, "streamVersion")));
  return r;
}

http::Response GetAppraisals(const AppContext& ctx, const http::Request& request) {
  auto nip_r = NipParam(request);
  if (!nip_r.ok()) return nip_r.problem();
  const std::string& nip = nip_r.value();
  auto year_r = YearParam(request, "year", false, ctx.Now().date().year());
  if (!year_r.ok()) return year_r.problem();
  const int year = year_r.value();
  if (auto denied = AuthorisePersonRead(ctx, CallerOf(request), nip, true)) return *denied;
  if (auto behind = AwaitMinPosition(ctx, request)) return *behind;

  Views views(ctx);
  auto profile = views.Profile(nip);
  if (!profile.ok()) return profile.problem();
  if (!profile.value()) return UnknownEmployee(nip);
  auto appraisals = AppraisalsOf(views, nip, year);
  if (!appraisals.ok()) return appraisals.problem();
  http::JsonWriter w;
  w.StartObject();
  w.Key("nip").String(nip);
  w.Key("year").Int(year);
  w.Key("appraisals").StartArray();
  for (const auto& e : appraisals.value()) w.RawValue(ToJson(*e.doc));
  w.EndArray();
  w.EndObject();
  return http::Response::Json(200, w.str());
}

http::Response GetTrainings(const AppContext& ctx, const http::Request& request) {
  auto nip_r = NipParam(request);
  if (!nip_r.ok()) return nip_r.problem();
  const std::string& nip = nip_r.value();
  auto year_r = YearParam(request, "year", false, ctx.Now().date().year());
  if (!year_r.ok()) return year_r.problem();
  const int year = year_r.value();
  if (auto denied = AuthorisePersonRead(ctx, CallerOf(request), nip, false)) return *denied;
  if (auto behind = AwaitMinPosition(ctx, request)) return *behind;

  Views views(ctx);
  auto profile = views.Profile(nip);
  if (!profile.ok()) return profile.problem();
  if (!profile.value()) return UnknownEmployee(nip);
  auto trainings = TrainingsOf(views, nip, year);
  if (!trainings.ok()) return trainings.problem();
  http::JsonWriter w;
  w.StartObject();
  w.Key("nip").String(nip);
  w.Key("year").Int(year);
  w.Key("trainings").StartArray();
  for (const auto& e : trainings.value().trainings) w.RawValue(ToJson(*e.doc));
  w.EndArray();
  w.Key("jp");
  WriteJp(w, nip, year, profile.value()->status, trainings.value().jp);
  w.EndObject();
  return http::Response::Json(200, w.str());
}

}  // namespace kinerja::app::query
