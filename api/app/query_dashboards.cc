// Aggregate and work-list query routes: the supervisor inbox, the unit and city dashboards and
// the follow-ups list. "Current" (members of a unit, subordinates) is resolved on the request's
// date (ctx.Now()) from the effective-dated facts of the employees read model.
#include <map>

#include "api/app/query_handlers.h"
#include "api/app/query_support.h"
#include "api/http/json.h"
#include "domain/curve.h"
#include "domain/jp.h"
#include "domain/period.h"
#include "projections/appraisals_projection.h"
#include "projections/follow_ups_projection.h"
#include "projections/trainings_projection.h"
#include "projections/units_projection.h"
#include "projections/work_plans_projection.h"

namespace kinerja::app::query {

using projections::AppraisalsProjection;
using projections::FollowUpsProjection;
using projections::TrainingsProjection;
using projections::UnitsProjection;
using projections::WorkPlansProjection;

namespace {

const char* const kSkpStates[] = {"NONE", "DRAFT", "SUBMITTED", "RETURNED", "APPROVED"};
const domain::Predikat kPredikat[] = {domain::Predikat::kSangatBaik, domain::Predikat::kBaik,
                                      domain::Predikat::kButuhPerbaikan, domain::Predikat::kKurang,
                                      domain::Predikat::kSangatKurang};

// The periods of `year` that have ended before `today`: the instansi's periodic ones and the
// annual one.
std::vector<domain::Period> ClosedPeriods(int year, domain::PeriodKind kind, domain::Date today) {
  std::vector<domain::Period> all;
  if (kind == domain::PeriodKind::kMonthly) {
    for (int m = 1; m <= 12; ++m) all.push_back(domain::Period::Month(year, m));
  } else {
    for (int q = 1; q <= 4; ++q) all.push_back(domain::Period::Quarter(year, q));
  }
  all.push_back(domain::Period::Annual(year));
  std::vector<domain::Period> closed;
  for (const auto& p : all) {
    if (p.last_day() < today) closed.push_back(p);
  }
  return closed;
}

void Person(http::JsonWriter& w, const domain::PegawaiState& s) {
  w.Key("nip").String(s.nip);
  w.Key("name").String(s.name);
}

// The headline figures of a set of unit members for a year and period.
struct Figures {
  int headcount = 0, pns = 0, pppk = 0;
  std::map<std::string, int> skp;
  int appraised = 0;
  domain::PredikatCounts predikat;
  int jp_pns = 0, jp_compliant = 0;
  int follow_ups_due = 0, follow_ups_pembinaan_due = 0, follow_ups_penghargaan_due = 0,
      follow_ups_acted_on = 0;
};

http::Result<Figures> FiguresOf(Views& views, const std::vector<domain::PegawaiState>& members,
                                int year, const domain::Period& period) {
  Figures f;
  for (const char* s : kSkpStates) f.skp[s] = 0;
  for (const auto& m : members) {
    ++f.headcount;
    (m.status == domain::EmployeeStatus::kPns ? f.pns : f.pppk)++;
    auto sum = views.Get(WorkPlansProjection::kName, WorkPlansProjection::SummaryKey(m.nip, year));
    if (!sum.ok()) return sum.problem();
    f.skp[sum.value() ? Str(*sum.value(), "status") : "NONE"]++;
    auto appraisal = views.Get(AppraisalsProjection::kName, AppraisalsProjection::Key(m.nip, period));
    if (!appraisal.ok()) return appraisal.problem();
    if (appraisal.value()) {
      auto p = domain::ParsePredikat(Str(*appraisal.value(), "predikat"));
      if (p.ok()) {
        ++f.appraised;
        f.predikat.Add(p.value());
      }
    }
    auto trainings = views.Scan(TrainingsProjection::kName, TrainingsProjection::Prefix(m.nip));
    if (!trainings.ok()) return trainings.problem();
    int jp = 0;
    for (const auto& t : trainings.value()) {
      if (Int(*t.doc, "jpYear") == year) jp += static_cast<int>(Int(*t.doc, "jpEarned"));
    }
    const domain::JpCompliance c = domain::EvaluateJp(m.nip, year, m.status, jp);
    if (c.counted) {
      ++f.jp_pns;
      if (c.reached) ++f.jp_compliant;
    }
    auto fu = views.Get(FollowUpsProjection::kName, FollowUpsProjection::Key(year, m.nip));
    if (!fu.ok()) return fu.problem();
    if (fu.value()) {
      if (Str(*fu.value(), "status") == "RECOMMENDED") {
        ++f.follow_ups_due;
        (Str(*fu.value(), "kind") == "pembinaan" ? f.follow_ups_pembinaan_due
                                                 : f.follow_ups_penghargaan_due)++;
      } else {
        ++f.follow_ups_acted_on;
      }
    }
  }
  return f;
}

void WriteCounts(http::JsonWriter& w, const domain::PredikatCounts& counts) {
  w.StartObject();
  for (auto p : kPredikat) w.Key(domain::ToString(p)).Int(counts.Of(p));
  w.EndObject();
}

void WriteJpFigures(http::JsonWriter& w, const Figures& f) {
  w.StartObject();
  w.Key("required").Int(domain::kRequiredJpPerYear);
  w.Key("pns").Int(f.jp_pns);
  w.Key("compliant").Int(f.jp_compliant);
  w.Key("ratio");
  if (f.jp_pns == 0) {
    w.Null();
  } else {
    w.Double(static_cast<double>(f.jp_compliant) / f.jp_pns);
  }
  w.EndObject();
}

// The curve for the unit's organisation predikat of `year` (null when none is set).
void WriteCurve(http::JsonWriter& w, const rapidjson::Value& unit, int year,
                const domain::PredikatCounts& counts) {
  std::string org;
  if (unit.HasMember("predikat") && unit["predikat"].IsObject()) {
    org = Str(unit["predikat"], std::to_string(year).c_str());
  }
  auto parsed = domain::ParseOrgPredikat(org);
  if (!parsed.ok()) {
    w.Null();
    return;
  }
  const domain::CurveEvaluation eval = domain::EvaluateCurve(parsed.value(), counts);
  w.StartObject();
  w.Key("organisationPredikat").String(org);
  w.Key("allHold").Bool(eval.all_hold);
  w.Key("bounds").StartArray();
  for (const auto& b : eval.bounds) {
    w.StartObject();
    w.Key("bound").String(b.bound.Describe());
    w.Key("predikat").StartArray();
    for (auto p : b.bound.predikat) w.String(domain::ToString(p));
    w.EndArray();
    w.Key("op").String(b.bound.op == domain::BoundOp::kAtMost ? "at_most" : "at_least");
    w.Key("unit").String(b.bound.unit == domain::BoundUnit::kPercent ? "percent" : "people");
    w.Key("limit").Int(b.bound.limit);
    w.Key("count").Int(b.count);
    w.Key("total").Int(b.total);
    w.Key("percent").Double(b.percent);
    w.Key("limitPeople").Int(b.limit_people);
    w.Key("holds").Bool(b.holds);
    w.Key("breachPeople").Int(b.breach_people);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

http::Result<domain::Period> PeriodParam(const http::Request& request, int year) {
  auto raw = request.Query("period");
  if (!raw) return domain::Period::Annual(year);
  auto p = domain::Period::Parse(*raw);
  if (!p.ok() || p.value().year() != year) {
    return http::Problem::InvalidInput("invalid_period",
                                       "period must be a month, quarter or the year of `year` "
                                       "(e.g. 2026-03, 2026-Q1, 2026).")
        .WithString("parameter", "period");
  }
  return p.value();
}

}  // namespace

http::Response GetInbox(const AppContext& ctx, const http::Request& request) {
  auto nip_r = NipParam(request);
  if (!nip_r.ok()) return nip_r.problem();
  const std::string& nip = nip_r.value();
  const Caller caller = CallerOf(request);
  if (!(caller.admin || caller.auditor || (caller.pegawai && caller.sub == nip))) {
    return Forbidden("Only the supervisor themself, admins and auditors may read this inbox.");
  }
  if (auto behind = AwaitMinPosition(ctx, request)) return *behind;
  Views views(ctx);
  auto profile = views.Profile(nip);
  if (!profile.ok()) return profile.problem();
  if (!profile.value()) {
    return NotFound("employee.not_found", "No pegawai with NIP " + nip + " is registered.");
  }
  const domain::Date today = ctx.Now().date();
  const int years[] = {today.year() - 1, today.year()};
  auto subs = views.SubordinatesOn(nip, today);
  if (!subs.ok()) return subs.problem();

  http::JsonWriter plans, due, finalise, objections;
  plans.StartArray();
  due.StartArray();
  finalise.StartArray();
  objections.StartArray();
  for (const auto& sub : subs.value()) {
    auto sums = views.Scan(WorkPlansProjection::kName, "sum/" + sub.nip + "/");
    if (!sums.ok()) return sums.problem();
    for (const auto& e : sums.value()) {
      if (Str(*e.doc, "status") != "SUBMITTED") continue;
      plans.StartObject();
      Person(plans, sub);
      plans.Key("year").Int(std::atoi(e.suffix.c_str()));
      plans.Key("version").Int(Int(*e.doc, "currentVersion"));
      plans.Key("approvedVersion").Int(Int(*e.doc, "approvedVersion"));
      plans.EndObject();
    }
    for (int year : years) {
      auto sum = views.Get(WorkPlansProjection::kName, WorkPlansProjection::SummaryKey(sub.nip, year));
      if (!sum.ok()) return sum.problem();
      const bool approved = sum.value() && Int(*sum.value(), "approvedVersion") > 0;
      if (approved) {
        for (const auto& p : ClosedPeriods(year, ctx.config.periodic_kind, today)) {
          auto a = views.Get(AppraisalsProjection::kName, AppraisalsProjection::Key(sub.nip, p));
          if (!a.ok()) return a.problem();
          if (a.value()) continue;
          due.StartObject();
          Person(due, sub);
          due.Key("period").String(p.ToString());
          due.Key("periodEnded").String(p.last_day().ToString());
          due.EndObject();
        }
      }
      auto appraisals =
          views.Scan(AppraisalsProjection::kName, AppraisalsProjection::YearPrefix(sub.nip, year));
      if (!appraisals.ok()) return appraisals.problem();
      for (const auto& e : appraisals.value()) {
        const auto& d = *e.doc;
        const std::string status = Str(d, "status");
        const bool window_passed = today.ToString() > Str(d, "objectionDeadline");
        if (status == "ACCEPTED" || status == "OBJECTION_DECIDED" ||
            (status == "RECORDED" && window_passed)) {
          finalise.StartObject();
          Person(finalise, sub);
          finalise.Key("period").String(Str(d, "period"));
          finalise.Key("status").String(status);
          finalise.Key("predikat").String(Str(d, "predikat"));
          finalise.Key("because").String(status == "ACCEPTED"   ? "accepted"
                                         : status == "RECORDED" ? "objection_window_passed"
                                                                : "objection_decided");
          finalise.EndObject();
        }
      }
    }
    // Objections to decide as atasan pejabat penilai: the subordinates of this subordinate.
    auto indirect = views.SubordinatesOn(sub.nip, today);
    if (!indirect.ok()) return indirect.problem();
    for (const auto& q : indirect.value()) {
      if (q.nip == nip) continue;
      for (int year : years) {
        auto appraisals =
            views.Scan(AppraisalsProjection::kName, AppraisalsProjection::YearPrefix(q.nip, year));
        if (!appraisals.ok()) return appraisals.problem();
        for (const auto& e : appraisals.value()) {
          const auto& d = *e.doc;
          if (Str(d, "status") != "OBJECTED") continue;
          objections.StartObject();
          Person(objections, q);
          objections.Key("period").String(Str(d, "period"));
          objections.Key("pejabatPenilaiNip").String(sub.nip);
          objections.Key("predikat").String(Str(d, "predikat"));
          if (d.HasMember("objection")) {
            objections.Key("reason").String(Str(d["objection"], "reason"));
            objections.Key("filedAt").String(Str(d["objection"], "filedAt"));
          }
          objections.EndObject();
        }
      }
    }
  }
  plans.EndArray();
  due.EndArray();
  finalise.EndArray();
  objections.EndArray();
  http::JsonWriter w;
  w.StartObject();
  w.Key("nip").String(nip);
  w.Key("asOf").String(today.ToString());
  w.Key("subordinates").StartArray();
  for (const auto& sub : subs.value()) w.String(sub.nip);
  w.EndArray();
  w.Key("workPlansToApprove").RawValue(plans.str());
  w.Key("appraisalsDue").RawValue(due.str());
  w.Key("appraisalsAwaitingFinalisation").RawValue(finalise.str());
  w.Key("objectionsToDecide").RawValue(objections.str());
  w.EndObject();
  return http::Response::Json(200, w.str());
}

http::Response GetUnitDashboard(const AppContext& ctx, const http::Request& request) {
  const std::string unit_id = request.Param("id").value_or("");
  const domain::Date today = ctx.Now().date();
  auto year_r = YearParam(request, "year", false, today.year());
  if (!year_r.ok()) return year_r.problem();
  const int year = year_r.value();
  auto period_r = PeriodParam(request, year);
  if (!period_r.ok()) return period_r.problem();
  if (auto denied = AuthoriseAggregateRead(CallerOf(request))) return *denied;
  if (auto behind = AwaitMinPosition(ctx, request)) return *behind;
  Views views(ctx);
  auto unit = views.Get(UnitsProjection::kName, UnitsProjection::UnitKey(unit_id));
  if (!unit.ok()) return unit.problem();
  if (!unit.value()) return NotFound("unit.not_found", "No unit '" + unit_id + "' is registered.");
  auto members = views.MembersOn(unit_id, today);
  if (!members.ok()) return members.problem();
  auto figures = FiguresOf(views, members.value(), year, period_r.value());
  if (!figures.ok()) return figures.problem();
  const Figures& f = figures.value();
  http::JsonWriter w;
  w.StartObject();
  w.Key("unitId").String(unit_id);
  w.Key("name").String(Str(*unit.value(), "name"));
  w.Key("year").Int(year);
  w.Key("period").String(period_r.value().ToString());
  w.Key("asOf").String(today.ToString());
  w.Key("headcount").Int(f.headcount);
  w.Key("pns").Int(f.pns);
  w.Key("pppk").Int(f.pppk);
  w.Key("skp").StartObject();
  for (const char* s : kSkpStates) w.Key(s).Int(f.skp.at(s));
  w.EndObject();
  w.Key("predikat").StartObject();
  w.Key("appraised").Int(f.appraised);
  w.Key("notAppraised").Int(f.headcount - f.appraised);
  w.Key("counts");
  WriteCounts(w, f.predikat);
  w.EndObject();
  w.Key("curve");
  WriteCurve(w, *unit.value(), year, f.predikat);
  w.Key("jp");
  WriteJpFigures(w, f);
  w.Key("followUps").StartObject();
  w.Key("due").Int(f.follow_ups_due);
  w.Key("pembinaanDue").Int(f.follow_ups_pembinaan_due);
  w.Key("penghargaanDue").Int(f.follow_ups_penghargaan_due);
  w.Key("actedOn").Int(f.follow_ups_acted_on);
  w.EndObject();
  w.EndObject();
  return http::Response::Json(200, w.str());
}

http::Response GetCityDashboard(const AppContext& ctx, const http::Request& request) {
  const domain::Date today = ctx.Now().date();
  auto year_r = YearParam(request, "year", false, today.year());
  if (!year_r.ok()) return year_r.problem();
  const int year = year_r.value();
  if (auto denied = AuthoriseAggregateRead(CallerOf(request))) return *denied;
  if (auto behind = AwaitMinPosition(ctx, request)) return *behind;
  Views views(ctx);
  auto units = views.Scan(UnitsProjection::kName, "unit/");
  if (!units.ok()) return units.problem();
  auto everyone = views.AllProfiles();
  if (!everyone.ok()) return everyone.problem();
  std::map<std::string, std::vector<domain::PegawaiState>> by_unit;
  for (auto& s : everyone.value()) {
    if (auto unit = domain::UnitOn(s, today)) by_unit[*unit].push_back(std::move(s));
  }
  const domain::Period annual = domain::Period::Annual(year);
  Figures total;
  http::JsonWriter w;
  w.StartObject();
  w.Key("year").Int(year);
  w.Key("period").String(annual.ToString());
  w.Key("asOf").String(today.ToString());
  w.Key("units").StartArray();
  for (const auto& u : units.value()) {
    auto figures = FiguresOf(views, by_unit[u.suffix], year, annual);
    if (!figures.ok()) return figures.problem();
    const Figures& f = figures.value();
    total.headcount += f.headcount;
    total.appraised += f.appraised;
    total.jp_pns += f.jp_pns;
    total.jp_compliant += f.jp_compliant;
    total.follow_ups_due += f.follow_ups_due;
    total.skp["APPROVED"] += f.skp.at("APPROVED");
    for (auto p : kPredikat) total.predikat.Add(p, f.predikat.Of(p));
    w.StartObject();
    w.Key("unitId").String(u.suffix);
    w.Key("name").String(Str(*u.doc, "name"));
    if (!Str(*u.doc, "parentId").empty()) w.Key("parentId").String(Str(*u.doc, "parentId"));
    w.Key("headcount").Int(f.headcount);
    w.Key("skpApproved").Int(f.skp.at("APPROVED"));
    w.Key("appraised").Int(f.appraised);
    w.Key("predikat");
    WriteCounts(w, f.predikat);
    w.Key("curve");
    WriteCurve(w, *u.doc, year, f.predikat);
    w.Key("jp");
    WriteJpFigures(w, f);
    w.Key("followUpsDue").Int(f.follow_ups_due);
    w.EndObject();
  }
  w.EndArray();
  w.Key("totals").StartObject();
  w.Key("headcount").Int(total.headcount);
  w.Key("skpApproved").Int(total.skp["APPROVED"]);
  w.Key("appraised").Int(total.appraised);
  w.Key("predikat");
  WriteCounts(w, total.predikat);
  w.Key("jp");
  WriteJpFigures(w, total);
  w.Key("followUpsDue").Int(total.follow_ups_due);
  w.EndObject();
  w.EndObject();
  return http::Response::Json(200, w.str());
}

http::Response GetFollowUps(const AppContext& ctx, const http::Request& request) {
  auto year_r = YearParam(request, "year", false, ctx.Now().date().year());
  if (!year_r.ok()) return year_r.problem();
  const int year = year_r.value();
  std::optional<std::string> status = request.Query("status");
  if (status && *status != "RECOMMENDED" && *status != "ACTED_ON") {
    return http::Problem::InvalidInput("invalid_status",
                                       "status must be RECOMMENDED or ACTED_ON.")
        .WithString("parameter", "status");
  }
  const Caller caller = CallerOf(request);
  if (!(caller.admin || caller.auditor)) {
    return Forbidden("Follow-ups are read by admins and auditors.");
  }
  if (auto behind = AwaitMinPosition(ctx, request)) return *behind;
  Views views(ctx);
  auto docs = views.Scan(FollowUpsProjection::kName, FollowUpsProjection::YearPrefix(year));
  if (!docs.ok()) return docs.problem();
  http::JsonWriter w;
  w.StartObject();
  w.Key("year").Int(year);
  if (status) w.Key("status").String(*status);
  w.Key("followUps").StartArray();
  for (const auto& e : docs.value()) {
    if (status && Str(*e.doc, "status") != *status) continue;
    w.RawValue(ToJson(*e.doc));
  }
  w.EndArray();
  w.EndObject();
  return http::Response::Json(200, w.str());
}

}  // namespace kinerja::app::query
