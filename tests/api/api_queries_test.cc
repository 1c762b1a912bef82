// The query side over real HTTP: each GET route's answer checked field by field for a small
// unit, the authorisation matrix of every query route, bad parameters, ?minPosition= reads of
// one's own writes and its 503 bound, and "rebuild from 0 == live" for every read model.
#include <gtest/gtest.h>

#include <filesystem>

#include "api/app/routes.h"
#include "eventstore/event_store.h"
#include "projections/appraisals_projection.h"
#include "projections/employees_projection.h"
#include "projections/follow_ups_projection.h"
#include "projections/projector.h"
#include "projections/view_store.h"
#include "tests/api/api_commands_world.h"
#include "tests/api/api_harness.h"

namespace kinerja::testing {
namespace {

const std::string P = kP, S = kS, A = kA, U = kU, V = kV;

std::string Progress(double realisasi) {
  return R"({"period":"2026-Q1","rhkId":"rhk-1","indikatorIndex":0,"realisasi":)" +
         std::to_string(realisasi) + R"(,"evidence":["https://bukti.pontianak.go.id/q1"]})";
}

// The small unit, through the command routes, up to an upheld objection.
class ApiQueries : public ::testing::Test {
 protected:
  void SetUp() override {
    w_.Register();
    w_.Ok(api_.Post("/v1/units/disdik/organisation-predikat", w_.admin,
                    R"({"year":2026,"predikat":"BAIK"})"));
    w_.ApprovedPlan(P, w_.p);
    w_.ApprovedPlan(V, w_.v);
    w_.Ok(api_.Post("/v1/employees/" + P + "/work-plans/2026/progress", w_.p, Progress(3)));
    auto t = api_.Post("/v1/trainings", w_.admin,
                       R"({"nip":")" + P + R"(","title":"Diklat","kind":"workshop","jp":24,)"
                       R"("startDate":"2025-12-29","endDate":"2026-01-03"})");
    ASSERT_EQ(t.status, 201) << t.body;
    training_ = ParseJson(t.body)["id"].GetString();
    w_.Ok(api_.Post("/v1/trainings/" + training_ + "/complete", w_.admin,
                    R"({"completedOn":"2026-01-03","jp":24,"certificate":"SERT-9"})"));
    api_.SetNow("2026-04-02T02:00:00Z");
    w_.Ok(api_.Post("/v1/employees/" + P + "/appraisals/2026-Q1", w_.s,
                    AppraisalBody("DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI")));
    w_.Ok(api_.Post("/v1/employees/" + V + "/appraisals/2026-Q1", w_.s,
                    AppraisalBody("DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI")));
    w_.Ok(api_.Post("/v1/employees/" + P + "/appraisals/2026-Q1/objection", w_.p,
                    R"({"reason":"Target triwulan tidak realistis"})"));
  }
  void Decide() {
    w_.Ok(api_.Post("/v1/employees/" + P + "/appraisals/2026-Q1/objection/decision", w_.a,
                    R"({"upheld":true,"hasilKerja":"SESUAI_EKSPEKTASI",)"
                    R"("perilakuKerja":"SESUAI_EKSPEKTASI","reason":"Bukti dukung lengkap"})"));
  }
  // GET after the read models caught up with the log.
  rapidjson::Document Read(const std::string& target, const std::string& token, int status = 200) {
    const std::string sep = target.find('?') == std::string::npos ? "?" : "&";
    auto r = api_.Get(target + sep + "minPosition=" + std::to_string(Head(api_)), token);
    EXPECT_EQ(r.status, status) << target << " " << r.body;
    last_ = r;
    return ParseJson(r.body);
  }

  ApiHarness api_;
  World w_{api_};
  std::string training_;
  HttpResponse last_;
};

TEST_F(ApiQueries, EmployeeProfileAndDashboard) {
  auto d = Read("/v1/employees/" + P, w_.p);
  EXPECT_EQ(std::string(d["nip"].GetString()), P);
  EXPECT_STREQ(d["name"].GetString(), "Staf");
  EXPECT_STREQ(d["status"].GetString(), "PNS");
  EXPECT_STREQ(d["unitId"].GetString(), "disdik");
  EXPECT_STREQ(d["unitName"].GetString(), "Dinas Pendidikan");
  EXPECT_STREQ(d["jenisJabatan"].GetString(), "pelaksana");
  EXPECT_STREQ(d["golongan"].GetString(), "III/a");
  EXPECT_EQ(std::string(d["supervisorNip"].GetString()), S);
  EXPECT_STREQ(d["asOf"].GetString(), "2026-04-02");
  ASSERT_EQ(d["assignments"].Size(), 1u);
  EXPECT_STREQ(d["assignments"][0]["effectiveDate"].GetString(), "2026-01-05");
  EXPECT_EQ(d["year"].GetInt(), 2026);
  const auto& dash = d["dashboard"];
  EXPECT_STREQ(dash["skp"]["status"].GetString(), "APPROVED");
  EXPECT_EQ(dash["skp"]["approvedVersion"].GetInt(), 1);
  ASSERT_EQ(dash["progress"].Size(), 1u);
  EXPECT_EQ(dash["progress"][0]["count"].GetInt(), 1);
  EXPECT_EQ(dash["progress"][0]["lastRealisasi"].GetDouble(), 3.0);
  ASSERT_EQ(dash["appraisals"].Size(), 1u);
  EXPECT_STREQ(dash["appraisals"][0]["period"].GetString(), "2026-Q1");
  EXPECT_STREQ(dash["appraisals"][0]["status"].GetString(), "OBJECTED");
  EXPECT_STREQ(dash["appraisals"][0]["predikat"].GetString(), "BUTUH_PERBAIKAN");
  EXPECT_EQ(dash["jp"]["total"].GetInt(), 24);
  EXPECT_TRUE(dash["jp"]["reached"].GetBool());
  EXPECT_EQ(dash["recognitions"].Size(), 0u);
  ASSERT_EQ(dash["openItems"].Size(), 1u);
  EXPECT_STREQ(dash["openItems"][0]["kind"].GetString(), "objection.open");
  EXPECT_EQ(last_.Header("ETag").value_or(""), "\"1\"");

  // V's appraisal waits for acceptance or objection until the deadline.
  auto v = Read("/v1/employees/" + V, w_.v);
  ASSERT_EQ(v["dashboard"]["openItems"].Size(), 1u);
  EXPECT_STREQ(v["dashboard"]["openItems"][0]["kind"].GetString(), "appraisal.awaiting_response");
  EXPECT_STREQ(v["dashboard"]["openItems"][0]["objectionDeadline"].GetString(), "2026-04-16");
  EXPECT_EQ(v["dashboard"]["jp"]["total"].GetInt(), 0);
  EXPECT_EQ(v["dashboard"]["jp"]["shortfall"].GetInt(), 20);
}

TEST_F(ApiQueries, WorkPlanWithVersionsProgressAndFeedback) {
  w_.Ok(api_.Post("/v1/employees/" + P + "/work-plans/2026/feedback", w_.s,
                  R"({"period":"2026-Q1","rhkId":"rhk-1","text":"Percepat"})"));
  auto d = Read("/v1/employees/" + P + "/work-plans/2026", w_.s);
  EXPECT_STREQ(d["status"].GetString(), "APPROVED");
  EXPECT_EQ(d["currentVersion"].GetInt(), 1);
  ASSERT_EQ(d["versions"].Size(), 1u);
  EXPECT_TRUE(d["versions"][0]["inForce"].GetBool());
  ASSERT_EQ(d["versions"][0]["history"].Size(), 2u);
  EXPECT_STREQ(d["versions"][0]["history"][1]["status"].GetString(), "APPROVED");
  EXPECT_EQ(std::string(d["versions"][0]["history"][1]["actor"].GetString()), S);
  EXPECT_STREQ(d["versions"][0]["plan"]["rhk"][0]["id"].GetString(), "rhk-1");
  ASSERT_EQ(d["progress"].Size(), 1u);
  EXPECT_EQ(d["progress"][0]["realisasi"].GetDouble(), 3.0);
  EXPECT_STREQ(d["progress"][0]["evidence"][0].GetString(), "https://bukti.pontianak.go.id/q1");
  ASSERT_EQ(d["feedback"].Size(), 1u);
  EXPECT_STREQ(d["feedback"][0]["text"].GetString(), "Percepat");
  EXPECT_EQ(last_.Header("ETag").value_or(""),
            "\"" + std::to_string(StreamLength(api_, "skp-" + P + "-2026")) + "\"");
  Read("/v1/employees/" + U + "/work-plans/2026", w_.admin, 404);
  EXPECT_STREQ(d.IsObject() ? "ok" : "", "ok");
}

TEST_F(ApiQueries, AppraisalsShowTheObjectionAndTheUpheldDecision) {
  Decide();
  auto d = Read("/v1/employees/" + P + "/appraisals?year=2026", w_.a);
  ASSERT_EQ(d["appraisals"].Size(), 1u);
  const auto& q1 = d["appraisals"][0];
  EXPECT_STREQ(q1["period"].GetString(), "2026-Q1");
  EXPECT_STREQ(q1["hasilKerja"].GetString(), "DI_BAWAH_EKSPEKTASI");
  EXPECT_STREQ(q1["recordedPredikat"].GetString(), "BUTUH_PERBAIKAN");
  EXPECT_STREQ(q1["predikat"].GetString(), "BAIK");
  EXPECT_STREQ(q1["status"].GetString(), "OBJECTION_DECIDED");
  EXPECT_STREQ(q1["objection"]["reason"].GetString(), "Target triwulan tidak realistis");
  EXPECT_TRUE(q1["decision"]["upheld"].GetBool());
  EXPECT_STREQ(q1["decision"]["hasilKerja"].GetString(), "SESUAI_EKSPEKTASI");
  EXPECT_EQ(std::string(q1["decision"]["decidedBy"].GetString()), A);
  EXPECT_EQ(std::string(q1["recordedBy"].GetString()), S);
  EXPECT_FALSE(q1["finalized"].GetBool());
}

TEST_F(ApiQueries, TrainingsWithJpTotal) {
  auto d = Read("/v1/employees/" + P + "/trainings?year=2026", w_.p);
  ASSERT_EQ(d["trainings"].Size(), 1u);
  EXPECT_EQ(std::string(d["trainings"][0]["id"].GetString()), training_);
  EXPECT_STREQ(d["trainings"][0]["status"].GetString(), "COMPLETED");
  EXPECT_STREQ(d["trainings"][0]["certificate"].GetString(), "SERT-9");
  EXPECT_EQ(d["jp"]["total"].GetInt(), 24);
  EXPECT_EQ(d["jp"]["required"].GetInt(), 20);
  EXPECT_TRUE(d["jp"]["reached"].GetBool());
  // It started in 2025, so it shows in 2025 too, but its JP count in 2026 (the year it ended).
  auto y25 = Read("/v1/employees/" + P + "/trainings?year=2025", w_.p);
  EXPECT_EQ(y25["trainings"].Size(), 1u);
  EXPECT_EQ(y25["jp"]["total"].GetInt(), 0);
}

TEST_F(ApiQueries, SupervisorInboxAndAtasanObjections) {
  auto a = Read("/v1/supervisors/" + A + "/inbox", w_.a);
  ASSERT_EQ(a["objectionsToDecide"].Size(), 1u);
  EXPECT_EQ(std::string(a["objectionsToDecide"][0]["nip"].GetString()), P);
  EXPECT_EQ(std::string(a["objectionsToDecide"][0]["pejabatPenilaiNip"].GetString()), S);
  EXPECT_STREQ(a["objectionsToDecide"][0]["period"].GetString(), "2026-Q1");
  EXPECT_EQ(a["subordinates"].Size(), 2u);  // S and U
  EXPECT_EQ(a["workPlansToApprove"].Size(), 0u);
  auto s = Read("/v1/supervisors/" + S + "/inbox", w_.s);
  EXPECT_EQ(s["subordinates"].Size(), 2u);
  EXPECT_EQ(s["appraisalsDue"].Size(), 0u);  // Q1 recorded for both
  EXPECT_EQ(s["appraisalsAwaitingFinalisation"].Size(), 0u);
  EXPECT_EQ(s["objectionsToDecide"].Size(), 0u);

  Decide();
  w_.Ok(api_.Post("/v1/employees/" + U + "/work-plans/2026", w_.u, PlanBody()));
  api_.SetNow("2026-07-03T02:00:00Z");  // Q2 ended; V's objection window passed
  s = Read("/v1/supervisors/" + S + "/inbox", w_.s);
  ASSERT_EQ(s["appraisalsAwaitingFinalisation"].Size(), 2u);
  EXPECT_EQ(std::string(s["appraisalsAwaitingFinalisation"][0]["nip"].GetString()), P);
  EXPECT_STREQ(s["appraisalsAwaitingFinalisation"][0]["because"].GetString(), "objection_decided");
  EXPECT_STREQ(s["appraisalsAwaitingFinalisation"][0]["predikat"].GetString(), "BAIK");
  EXPECT_STREQ(s["appraisalsAwaitingFinalisation"][1]["because"].GetString(),
               "objection_window_passed");
  ASSERT_EQ(s["appraisalsDue"].Size(), 2u);  // Q2 of P and V
  EXPECT_STREQ(s["appraisalsDue"][0]["period"].GetString(), "2026-Q2");
  a = Read("/v1/supervisors/" + A + "/inbox", w_.a);
  EXPECT_EQ(a["objectionsToDecide"].Size(), 0u);
  ASSERT_EQ(a["workPlansToApprove"].Size(), 1u);
  EXPECT_EQ(std::string(a["workPlansToApprove"][0]["nip"].GetString()), U);
  EXPECT_EQ(a["workPlansToApprove"][0]["year"].GetInt(), 2026);
}

TEST_F(ApiQueries, UnitDashboardWithTheCurve) {
  Decide();
  auto d = Read("/v1/units/disdik/dashboard?year=2026&period=2026-Q1", w_.analyst);
  EXPECT_STREQ(d["name"].GetString(), "Dinas Pendidikan");
  EXPECT_STREQ(d["period"].GetString(), "2026-Q1");
  EXPECT_EQ(d["headcount"].GetInt(), 5);
  EXPECT_EQ(d["pns"].GetInt(), 5);
  EXPECT_EQ(d["skp"]["APPROVED"].GetInt(), 2);
  EXPECT_EQ(d["skp"]["NONE"].GetInt(), 3);
  EXPECT_EQ(d["predikat"]["appraised"].GetInt(), 2);
  EXPECT_EQ(d["predikat"]["notAppraised"].GetInt(), 3);
  EXPECT_EQ(d["predikat"]["counts"]["BAIK"].GetInt(), 1);  // upheld: BUTUH_PERBAIKAN -> BAIK
  EXPECT_EQ(d["predikat"]["counts"]["SANGAT_BAIK"].GetInt(), 1);
  EXPECT_EQ(d["predikat"]["counts"]["BUTUH_PERBAIKAN"].GetInt(), 0);
  const auto& curve = d["curve"];
  EXPECT_STREQ(curve["organisationPredikat"].GetString(), "BAIK");
  EXPECT_FALSE(curve["allHold"].GetBool());
  ASSERT_EQ(curve["bounds"].Size(), 2u);
  EXPECT_TRUE(curve["bounds"][0]["holds"].GetBool());  // BAIK 1 of 2 <= 70%
  EXPECT_EQ(curve["bounds"][0]["count"].GetInt(), 1);
  EXPECT_FALSE(curve["bounds"][1]["holds"].GetBool());  // no BUTUH_PERBAIKAN/KURANG
  EXPECT_EQ(curve["bounds"][1]["breachPeople"].GetInt(), 1);
  EXPECT_EQ(d["jp"]["pns"].GetInt(), 5);
  EXPECT_EQ(d["jp"]["compliant"].GetInt(), 1);
  EXPECT_EQ(d["followUps"]["due"].GetInt(), 0);

  // A mutasi moves V out of the unit from its effective date on.
  w_.Ok(api_.Post("/v1/units", w_.admin, R"({"id":"dpmptsp","name":"DPMPTSP"})"));
  w_.Ok(api_.Post("/v1/employees/" + V + "/assignment", w_.admin,
                  R"({"unitId":"dpmptsp","supervisorNip":")" + A +
                      R"(","effectiveDate":"2026-05-01"})"));
  d = Read("/v1/units/disdik/dashboard?year=2026&period=2026-Q1", w_.admin);
  EXPECT_EQ(d["headcount"].GetInt(), 5);  // not yet effective on 2026-04-02
  api_.SetNow("2026-05-02T02:00:00Z");
  d = Read("/v1/units/disdik/dashboard?year=2026&period=2026-Q1", w_.admin);
  EXPECT_EQ(d["headcount"].GetInt(), 4);
  EXPECT_EQ(d["predikat"]["counts"]["SANGAT_BAIK"].GetInt(), 0);
  auto city = Read("/v1/dashboard?year=2026", w_.auditor);
  ASSERT_EQ(city["units"].Size(), 2u);
  EXPECT_STREQ(city["units"][0]["unitId"].GetString(), "disdik");
  EXPECT_EQ(city["units"][0]["headcount"].GetInt(), 4);
  EXPECT_EQ(city["units"][1]["headcount"].GetInt(), 1);
  EXPECT_EQ(city["units"][0]["skpApproved"].GetInt(), 1);
  EXPECT_TRUE(city["units"][1]["curve"].IsNull());  // no organisation predikat for dpmptsp
  EXPECT_EQ(city["totals"]["headcount"].GetInt(), 5);
  EXPECT_EQ(city["totals"]["jp"]["compliant"].GetInt(), 1);
  auto mine = Read("/v1/employees/" + V, w_.admin);
  ASSERT_EQ(mine["assignments"].Size(), 2u);
  EXPECT_STREQ(mine["assignments"][1]["unitId"].GetString(), "dpmptsp");
  EXPECT_EQ(std::string(mine["supervisorNip"].GetString()), A);
}

TEST_F(ApiQueries, FollowUpsList) {
  auto d = Read("/v1/follow-ups?year=2026", w_.admin);
  EXPECT_EQ(d["year"].GetInt(), 2026);
  EXPECT_EQ(d["followUps"].Size(), 0u);
  d = Read("/v1/follow-ups?year=2026&status=ACTED_ON", w_.auditor);
  EXPECT_STREQ(d["status"].GetString(), "ACTED_ON");
}

TEST_F(ApiQueries, AuthorisationMatrixHasNoUnauthorisedSuccess) {
  const std::string exp = ExpiredToken(P), forged = ForgedToken(P);
  struct Caller {
    const char* who;
    std::string token;
  };
  const std::vector<Caller> callers = {
      {"self", w_.p},         {"supervisor", w_.s}, {"atasan", w_.a},   {"unrelated", w_.u},
      {"admin", w_.admin},    {"auditor", w_.auditor}, {"analyst", w_.analyst}, {"none", ""},
      {"expired", exp},       {"forged", forged}};
  struct Row {
    std::string target;
    std::vector<int> expected;  // in the order of `callers`
  };
  const std::vector<Row> rows = {
      {"/v1/employees/" + P, {200, 200, 403, 403, 200, 200, 403, 401, 401, 401}},
      {"/v1/employees/" + P + "/work-plans/2026", {200, 200, 403, 403, 200, 200, 403, 401, 401, 401}},
      {"/v1/employees/" + P + "/appraisals?year=2026",
       {200, 200, 200, 403, 200, 200, 403, 401, 401, 401}},
      {"/v1/employees/" + P + "/trainings?year=2026",
       {200, 200, 403, 403, 200, 200, 403, 401, 401, 401}},
      {"/v1/supervisors/" + S + "/inbox", {403, 200, 403, 403, 200, 200, 403, 401, 401, 401}},
      {"/v1/units/disdik/dashboard?year=2026", {403, 403, 403, 403, 200, 200, 200, 401, 401, 401}},
      {"/v1/dashboard?year=2026", {403, 403, 403, 403, 200, 200, 200, 401, 401, 401}},
      {"/v1/follow-ups?year=2026", {403, 403, 403, 403, 200, 200, 403, 401, 401, 401}},
  };
  int unauthorised_success = 0;
  for (const Row& row : rows) {
    for (size_t i = 0; i < callers.size(); ++i) {
      auto r = api_.Get(row.target, callers[i].token);
      EXPECT_EQ(r.status, row.expected[i]) << row.target << " as " << callers[i].who << ": "
                                           << r.body;
      if (r.status / 100 == 2 && row.expected[i] / 100 != 2) ++unauthorised_success;
      if (r.status >= 400) {
        EXPECT_NE(r.Header("Content-Type").value_or("").find("application/problem+json"),
                  std::string::npos);
      }
    }
  }
  EXPECT_EQ(unauthorised_success, 0);
}

TEST_F(ApiQueries, BadParametersAndUnknownResources) {
  struct Case {
    std::string target;
    int status;
    const char* code;
  };
  const std::vector<Case> cases = {
      {"/v1/employees/12345", 400, "invalid_nip"},
      {"/v1/employees/" + P + "/work-plans/1999", 400, "invalid_year"},
      {"/v1/employees/" + P + "/appraisals?year=20x6", 400, "invalid_year"},
      {"/v1/employees/" + P + "/trainings?year=", 400, "invalid_year"},
      {"/v1/units/disdik/dashboard?year=2026&period=2025-Q1", 400, "invalid_period"},
      {"/v1/units/disdik/dashboard?period=bogus", 400, "invalid_period"},
      {"/v1/follow-ups?status=DONE", 400, "invalid_status"},
      {"/v1/dashboard?year=abc", 400, "invalid_year"},
      {"/v1/employees/" + P + "?minPosition=-1", 400, "invalid_query"},
      {"/v1/employees/199901012020011009", 404, "employee.not_found"},
      {"/v1/employees/" + P + "/work-plans/2027", 404, "work_plan.not_found"},
      {"/v1/supervisors/199901012020011009/inbox", 404, "employee.not_found"},
      {"/v1/units/nowhere/dashboard", 404, "unit.not_found"},
  };
  for (const Case& c : cases) {
    auto r = api_.Get(c.target, w_.admin);
    EXPECT_EQ(r.status, c.status) << c.target << " " << r.body;
    auto doc = ParseJson(r.body);
    ASSERT_TRUE(doc.IsObject() && doc.HasMember("code")) << r.body;
    EXPECT_STREQ(doc["code"].GetString(), c.code) << c.target;
  }
}

TEST_F(ApiQueries, MinPositionReadsYourWritesAndIsBounded) {
  for (int i = 0; i < 5; ++i) {
    auto r = api_.Post("/v1/employees/" + P + "/work-plans/2026/progress", w_.p,
                       Progress(10 + i));
    ASSERT_EQ(r.status, 201) << r.body;
    const uint64_t position = ParseJson(r.body)["position"].GetUint64();
    auto read = api_.Get("/v1/employees/" + P + "/work-plans/2026?minPosition=" +
                             std::to_string(position), w_.p);
    ASSERT_EQ(read.status, 200);
    auto d = ParseJson(read.body);
    ASSERT_EQ(d["progress"].Size(), static_cast<size_t>(2 + i));
    EXPECT_EQ(d["progress"][1 + i]["realisasi"].GetDouble(), 10.0 + i);
    EXPECT_GE(static_cast<uint64_t>(d["position"].GetInt64()), position);
  }
  // The header form.
  auto h = api_.Request("GET", "/v1/employees/" + P, w_.p, "",
                        {{"X-Min-Position", std::to_string(Head(api_))}});
  EXPECT_EQ(h.status, 200);
  // A position the log will not reach in time: 503 after the bounded wait, Retry-After: 1.
  auto behind = api_.Get("/v1/employees/" + P + "?minPosition=" + std::to_string(Head(api_) + 50),
                         w_.p);
  EXPECT_EQ(behind.status, 503) << behind.body;
  EXPECT_EQ(behind.Header("Retry-After").value_or(""), "1");
  EXPECT_STREQ(ParseJson(behind.body)["code"].GetString(), "read_model.behind");
}

// A stored read-model document that does not parse (a bug or a damaged disk) makes each reader of
// the whole city answer a generic 500, never a partial list; removing it heals the answer.
// Covers VisitDocuments (query_support.h) under the follow-ups list, the city dashboard's
// profiles (Views::AllProfiles) and its appraisals (DashboardInputs::All).
TEST_F(ApiQueries, MalformedStoredDocumentIs500ForWholeCityReads) {
  auto& ctx = api_.context();
  ASSERT_TRUE(ctx.projector->WaitFor(Head(api_), std::chrono::seconds(10)));
  projections::ViewStore* views = ctx.projector->views();
  const std::string ghost = "199912312099121001";  // nobody's NIP: no event ever folds into it
  auto plant = [&](const char* projection, const std::string& key, bool present) {
    auto batch = views->NewBatch();
    if (present) {
      batch->View(projection).Put(key, "{\"broken\":");
    } else {
      batch->View(projection).Delete(key);
    }
    ASSERT_TRUE(views->Commit(batch.get()).ok());
  };
  auto expect_500 = [&](const std::string& target, const std::string& token) {
    auto r = api_.Get(target, token);
    EXPECT_EQ(r.status, 500) << target << " " << r.body;
    EXPECT_EQ(ParseJson(r.body)["code"].GetString(), std::string("internal")) << r.body;
  };
  struct Case {
    const char* projection;
    std::string key;
    std::string target;
  };
  const Case cases[] = {
      {projections::FollowUpsProjection::kName,
       projections::FollowUpsProjection::Key(2026, ghost), "/v1/follow-ups?year=2026"},
      {projections::EmployeesProjection::kName,
       projections::EmployeesProjection::ProfileKey(ghost), "/v1/dashboard?year=2026"},
      {projections::AppraisalsProjection::kName,
       projections::AppraisalsProjection::Key(ghost, domain::Period::Annual(2027)),
       "/v1/dashboard?year=2027"},  // another year: the 2026 answer is cached at this position
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.projection);
    plant(c.projection, c.key, true);
    expect_500(c.target, w_.admin);
    plant(c.projection, c.key, false);
    Read(c.target, w_.admin);  // 200 again
  }
}

TEST_F(ApiQueries, RebuildFromZeroYieldsExactlyTheLiveState) {
  Decide();
  w_.Ok(api_.Post("/v1/employees/" + V + "/appraisals/2026-Q1/accept", w_.v, ""));
  auto& ctx = api_.context();
  ASSERT_TRUE(ctx.projector->WaitFor(Head(api_), std::chrono::seconds(10)));
  const std::string copy_dir = api_.data_dir() + "/rebuilt-views";
  projections::ViewStoreOptions options;
  options.path = copy_dir;
  auto views = projections::ViewStore::Open(options);
  ASSERT_TRUE(views.ok());
  auto rebuilt = projections::Projector::Open(ctx.store, std::move(views).value(),
                                              app::AllProjections());
  ASSERT_TRUE(rebuilt.ok());
  ASSERT_TRUE(rebuilt.value()->RebuildAll().ok());
  ASSERT_GE(rebuilt.value()->applied_position(), Head(api_));
  size_t documents = 0;
  for (const auto& p : rebuilt.value()->projections()) {
    auto live = ctx.projector->views()->Dump(p->name());
    auto again = rebuilt.value()->views()->Dump(p->name());
    ASSERT_TRUE(live.ok() && again.ok());
    EXPECT_EQ(live.value(), again.value()) << p->name();
    if (p->name() != "follow-ups") {
      EXPECT_FALSE(live.value().empty()) << p->name();
    }
    documents += live.value().size();
    auto dead = ctx.projector->views()->DeadLetters(p->name());
    ASSERT_TRUE(dead.ok());
    EXPECT_TRUE(dead.value().empty()) << p->name();
  }
  EXPECT_GT(documents, 20u);
}

}  // namespace
}  // namespace kinerja::testing
