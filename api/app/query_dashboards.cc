// Aggregate and work-list query routes: the supervisor inbox, the unit and city dashboards and
// the follow-ups list. "Current" (members of a unit, subordinates) is resolved on the request's
// date (ctx.Now()) from the effective-dated facts of the employees read model.
#include <cstdlib>
#include <map>
#include <unordered_map>

#include "api/app/answer_cache.h"
#include "api/app/dashboard_inputs.h"
#include "api/app/error_mapping.h"
#include "api/app/pooled_json_parser.h"
#include "api/app/query_handlers.h"
#include "api/app/query_support.h"
#include "api/http/json.h"
#include "domain/curve.h"
#include "domain/jp.h"
#include "domain/period.h"
#include "projections/appraisals_projection.h"
#include "projections/follow_ups_projection.h"
#include "projections/projector.h"
#include "projections/units_projection.h"
#include "projections/work_plans_projection.h"

namespace kinerja::app::query {

using projections::AppraisalsProjection;
using projections::FollowUpsProjection;
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

// From this many members on, a unit's inputs are read with one scan per view (everyone's)
// rather than with point lookups per member (measured: a RocksDB Get per person and view was
// most of a large dashboard's time).
constexpr size_t kBulkReadMembers = 256;

// Adds one member's inputs to `f`.
void Count(Figures& f, const domain::PegawaiState& m, int year, const PersonInputs& in) {
  ++f.headcount;
  (m.status == domain::EmployeeStatus::kPns ? f.pns : f.pppk)++;
  f.skp[in.skp_status ? *in.skp_status : "NONE"]++;
  if (in.predikat) {
    auto p = domain::ParsePredikat(*in.predikat);
    if (p.ok()) {
      ++f.appraised;
      f.predikat.Add(p.value());
    }
  }
  const domain::JpCompliance c = domain::EvaluateJp(m.nip, year, m.status, in.jp);
  if (c.counted) {
    ++f.jp_pns;
    if (c.reached) ++f.jp_compliant;
  }
  if (in.follow_up_status) {
    if (*in.follow_up_status == "RECOMMENDED") {
      ++f.follow_ups_due;
      (in.follow_up_kind == "pembinaan" ? f.follow_ups_pembinaan_due
                                        : f.follow_ups_penghargaan_due)++;
    } else {
      ++f.follow_ups_acted_on;
    }
  }
}

Figures EmptyFigures() {
  Figures f;
  for (const char* s : kSkpStates) f.skp[s] = 0;
  return f;
}

// The figures of `members` by point lookups per member.
http::Result<Figures> FiguresOf(DashboardInputs& inputs,
                                const std::vector<domain::PegawaiState>& members, int year) {
  Figures f = EmptyFigures();
  for (const auto& m : members) {
    auto in = inputs.Of(m.nip);
    if (!in.ok()) return in.problem();
    Count(f, m, year, in.value());
  }
  return f;
}

// The figures of `members` from everyone's inputs read at once.
Figures FiguresOf(const std::unordered_map<std::string, PersonInputs>& all,
                  const std::vector<domain::PegawaiState>& members, int year) {
  static const PersonInputs kNone;
  Figures f = EmptyFigures();
  for (const auto& m : members) {
    auto it = all.find(m.nip);
    Count(f, m, year, it == all.end() ? kNone : it->second);
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

http::Response UnitDashboard(Views& views, const std::string& unit_id, int year,
                             const domain::Period& period, domain::Date today) {
  auto unit = views.Get(UnitsProjection::kName, UnitsProjection::UnitKey(unit_id));
  if (!unit.ok()) return unit.problem();
  if (!unit.value()) return NotFound("unit.not_found", "No unit '" + unit_id + "' is registered.");
  auto members = views.MembersOn(unit_id, today);
  if (!members.ok()) return members.problem();
  DashboardInputs inputs(&views.snapshot(), year, period);
  Figures f;
  if (members.value().size() >= kBulkReadMembers) {
    auto all = inputs.All();
    if (!all.ok()) return all.problem();
    f = FiguresOf(all.value(), members.value(), year);
  } else {
    auto figures = FiguresOf(inputs, members.value(), year);
    if (!figures.ok()) return figures.problem();
    f = std::move(figures.value());
  }
  http::JsonWriter w;
  w.StartObject();
  w.Key("unitId").String(unit_id);
  w.Key("name").String(Str(*unit.value(), "name"));
  w.Key("year").Int(year);
  w.Key("period").String(period.ToString());
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

http::Response CityDashboard(Views& views, int year, domain::Date today) {
  auto units = views.Scan(UnitsProjection::kName, "unit/");
  if (!units.ok()) return units.problem();
  auto everyone = views.AllProfiles();
  if (!everyone.ok()) return everyone.problem();
  std::map<std::string, std::vector<domain::PegawaiState>> by_unit;
  for (auto& s : everyone.value()) {
    if (auto unit = domain::UnitOn(s, today)) by_unit[*unit].push_back(std::move(s));
  }
  const domain::Period annual = domain::Period::Annual(year);
  DashboardInputs inputs(&views.snapshot(), year, annual);
  auto all = inputs.All();
  if (!all.ok()) return all.problem();
  Figures total;
  http::JsonWriter w;
  w.StartObject();
  w.Key("year").Int(year);
  w.Key("period").String(annual.ToString());
  w.Key("asOf").String(today.ToString());
  w.Key("units").StartArray();
  for (const auto& u : units.value()) {
    const Figures f = FiguresOf(all.value(), by_unit[u.suffix], year);
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

// The request's ?minPosition= / X-Min-Position (already validated by AwaitMinPosition); 0 when
// absent.
uint64_t MinPositionOf(const http::Request& request) {
  std::optional<std::string> raw = request.Query("minPosition");
  if (!raw) raw = request.Header("x-min-position");
  return raw ? std::strtoull(raw->c_str(), nullptr, 10) : 0;
}

// The dashboard for `key` from ctx.dashboards, computed by `compute(views)` on a snapshot taken
// after reading the applied position.
template <class Compute>
http::Response CachedDashboard(const AppContext& ctx, const http::Request& request,
                               const std::string& key, Compute&& compute) {
  return ctx.dashboards->Get(key, MinPositionOf(request), ctx.config.dashboard_max_age, [&] {
    AnswerCache::Computed c;
    c.position = ctx.projector->applied_position();
    Views views(ctx);
    c.response = compute(views);
    return c;
  });
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
  const std::string key = "unit\n" + unit_id + "\n" + period_r.value().ToString() + "\n" +
                          today.ToString();
  return CachedDashboard(ctx, request, key, [&](Views& views) {
    return UnitDashboard(views, unit_id, year, period_r.value(), today);
  });
}

http::Response GetCityDashboard(const AppContext& ctx, const http::Request& request) {
  const domain::Date today = ctx.Now().date();
  auto year_r = YearParam(request, "year", false, today.year());
  if (!year_r.ok()) return year_r.problem();
  const int year = year_r.value();
  if (auto denied = AuthoriseAggregateRead(CallerOf(request))) return *denied;
  if (auto behind = AwaitMinPosition(ctx, request)) return *behind;
  const std::string key = "city\n" + std::to_string(year) + "\n" + today.ToString();
  return CachedDashboard(ctx, request, key,
                         [&](Views& views) { return CityDashboard(views, year, today); });
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
  http::JsonWriter w;
  w.StartObject();
  w.Key("year").Int(year);
  if (status) w.Key("status").String(*status);
  w.Key("followUps").StartArray();
  // The year's follow-ups of the whole city, one document at a time (pooled_json_parser.h).
  PooledJsonParser parser;
  auto problem = VisitDocuments(views.snapshot(), FollowUpsProjection::kName,
                                FollowUpsProjection::YearPrefix(year),
                                [&](std::string_view, std::string_view value) {
                                  const rapidjson::Value* doc = parser.Parse(value);
                                  if (doc == nullptr) return false;
                                  if (!status || Str(*doc, "status") == *status) {
                                    w.RawValue(ToJson(*doc));
                                  }
                                  return true;
                                });
  if (problem) return *problem;
  w.EndArray();
  w.EndObject();
  return http::Response::Json(200, w.str());
}

}  // namespace kinerja::app::query
