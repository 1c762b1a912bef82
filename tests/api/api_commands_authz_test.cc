// The authorisation matrix of the command routes: every route x (self, the pegawai's supervisor,
// the atasan, an unrelated pegawai, admin, auditor, analyst, a pegawai holding the auditor role,
// no token, expired, forged signature, alg none) -> the expected status. Each route's state is
// prepared so that its one authorised caller succeeds, and that caller goes LAST: every refusal
// happened while the command would otherwise have been accepted. Zero unauthorised 2xx; the log
// head does not move on a refusal.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tests/api/api_commands_world.h"

namespace kinerja::testing {
namespace {

struct Case {
  std::string name;
  std::function<std::string()> path;  // evaluated after setup (ids chosen by the server)
  std::string body;
  std::string allowed;  // the one principal allowed
  std::function<void()> setup;
};

TEST(ApiCommandsAuthz, EveryRouteRefusesEveryoneButItsCaller) {
  ApiHarness api;
  World w(api);
  w.Register();
  const std::string person = std::string("/v1/employees/") + kP;
  const std::string plan = person + "/work-plans/2026";
  const std::string q1 = person + "/appraisals/2026-Q1";
  const std::string annual = person + "/appraisals/2026";
  std::string training_id, training_id2, innovation_id;
  auto fixed = [](std::string p) { return [p] { return p; }; };
  auto assign_training = [&](std::string* id) {
    auto r = api.Post("/v1/trainings", w.admin,
                      std::string(R"({"nip":")") + kP +
                          R"(","title":"Diklat","kind":"seminar","jp":4,)"
                          R"("startDate":"2026-01-02","endDate":"2026-01-03"})");
    ASSERT_EQ(r.status, 201) << r.body;
    *id = ParseJson(r.body)["id"].GetString();
  };

  const std::vector<Case> cases = {
      {"units.register", fixed("/v1/units"), R"({"id":"unit-m","name":"M"})", "admin", nullptr},
      {"units.organisation_predikat", fixed("/v1/units/disdik/organisation-predikat"),
       R"({"year":2026,"predikat":"BAIK"})", "admin", nullptr},
      {"employees.register", fixed("/v1/employees"),
       EmployeeBody("199404042018011006", "Baru", "pelaksana", "II/c", kS), "admin", nullptr},
      {"employees.assignment", fixed(std::string("/v1/employees/") + kU + "/assignment"),
       R"({"jabatan":"Analis","effectiveDate":"2026-01-05"})", "admin", nullptr},
      {"work_plans.submit", fixed(plan), PlanBody(), "self", nullptr},
      {"work_plans.return", fixed(plan + "/return"), R"({"notes":"Perbaiki"})", "supervisor",
       nullptr},
      {"work_plans.approve", fixed(plan + "/approve"), "", "supervisor",
       [&] { ASSERT_EQ(api.Post(plan, w.p, PlanBody(false, "Revisi")).status, 201); }},
      {"work_plans.progress", fixed(plan + "/progress"),
       R"({"period":"2026-Q1","rhkId":"rhk-1","indikatorIndex":0,"realisasi":1})", "self",
       nullptr},
      {"work_plans.feedback", fixed(plan + "/feedback"), R"({"period":"2026-Q1","text":"Oke"})",
       "supervisor", nullptr},
      {"appraisals.record", fixed(q1), AppraisalBody("SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI"),
       "supervisor", nullptr},
      {"appraisals.objection", fixed(q1 + "/objection"), R"({"reason":"Tidak sesuai"})", "self",
       nullptr},
      {"appraisals.objection_decision", fixed(q1 + "/objection/decision"),
       R"({"upheld":false,"reason":"Sudah sesuai"})", "atasan", nullptr},
      {"appraisals.finalize", fixed(q1 + "/finalize"), "", "supervisor", nullptr},
      {"appraisals.accept", fixed(annual + "/accept"), "", "self",
       [&] {
         ASSERT_EQ(api.Post(annual, w.s, AppraisalBody("SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI"))
                       .status,
                   201);
       }},
      {"trainings.assign", fixed("/v1/trainings"),
       std::string(R"({"nip":")") + kP +
           R"(","title":"Diklat","kind":"seminar","jp":4,"startDate":"2026-01-02",)"
           R"("endDate":"2026-01-03"})",
       "admin", nullptr},
      {"trainings.complete", [&] { return "/v1/trainings/" + training_id + "/complete"; },
       R"({"completedOn":"2026-01-03","jp":4})", "admin", [&] { assign_training(&training_id); }},
      {"trainings.cancel", [&] { return "/v1/trainings/" + training_id2 + "/cancel"; },
       R"({"reason":"Batal"})", "admin", [&] { assign_training(&training_id2); }},
      {"recognitions.grant", fixed(person + "/recognitions"),
       R"({"year":2026,"title":"Teladan","reason":"Kinerja"})", "admin", nullptr},
      {"innovations.record", fixed(person + "/innovations"),
       R"({"year":2026,"title":"Izin kilat","description":"Satu hari"})", "self", nullptr},
      {"innovations.acknowledge",
       [&] { return person + "/innovations/" + innovation_id + "/acknowledge"; }, "",
       "supervisor",
       [&] {
         auto r = api.Post(person + "/innovations", w.p,
                           R"({"year":2026,"title":"Arsip digital","description":"Scan"})");
         ASSERT_EQ(r.status, 201) << r.body;
         innovation_id = ParseJson(r.body)["id"].GetString();
       }},
      {"discipline.record", fixed(person + "/disciplinary-actions"),
       R"({"level":"ringan","type":"teguran_lisan","decidedOn":"2026-01-05","reason":"Alpa"})",
       "admin", nullptr},
  };

  const std::map<std::string, std::string> principals = {
      {"self", w.p},
      {"supervisor", w.s},
      {"atasan", w.a},
      {"unrelated", w.u},
      {"admin", w.admin},
      {"auditor", w.auditor},
      {"analyst", w.analyst},
      {"self_with_auditor_role", api.Token(kP, {"pegawai", "auditor"})},
      {"admin_with_pegawai_role_other_sub", api.Token("admin-2", {"admin", "pegawai"})},
      {"no_token", ""},
      {"expired", ExpiredToken(kP)},
      {"forged", ForgedToken(kP)},
      {"alg_none", AlgNoneToken(kP)},
  };
  const std::set<std::string> unauthenticated = {"no_token", "expired", "forged", "alg_none"};

  int refusals = 0;
  for (const auto& c : cases) {
    if (c.setup) c.setup();
    const std::string path = c.path();
    for (const auto& [who, token] : principals) {
      if (who == c.allowed) continue;
      if (c.allowed == "admin" && who == "admin_with_pegawai_role_other_sub") continue;
      const uint64_t head = Head(api);
      auto r = api.Post(path, token, c.body);
      const int expected = unauthenticated.count(who) ? 401 : 403;
      EXPECT_EQ(r.status, expected) << c.name << " as " << who << ": " << r.body;
      EXPECT_FALSE(r.status >= 200 && r.status < 300) << c.name << " as " << who;
      EXPECT_EQ(Head(api), head) << c.name << " as " << who;
      ++refusals;
    }
    auto ok = api.Post(path, principals.at(c.allowed), c.body);
    EXPECT_EQ(ok.status, 201) << c.name << " as " << c.allowed << ": " << ok.body;
  }
  EXPECT_EQ(refusals, 21 * 12 - 9);  // the 9 admin routes also accept the admin+pegawai token
}

// The relationship is read from the data on the command's date: after a mutasi, the former
// supervisor is refused and the new one accepted.
TEST(ApiCommandsAuthz, SupervisorIsTheCurrentOneAfterAMutasi) {
  ApiHarness api;
  World w(api);
  w.Register();
  const std::string plan = std::string("/v1/employees/") + kP + "/work-plans/2026";
  ASSERT_EQ(api.Post(plan, w.p, PlanBody()).status, 201);
  ASSERT_EQ(api.Post(std::string("/v1/employees/") + kP + "/assignment", w.admin,
                     std::string(R"({"supervisorNip":")") + kU + R"(","effectiveDate":"2026-01-05"})")
                .status,
            201);
  const uint64_t head = Head(api);
  EXPECT_EQ(api.Post(plan + "/approve", w.s, "").status, 403);
  EXPECT_EQ(Head(api), head);
  EXPECT_EQ(api.Post(plan + "/approve", w.u, "").status, 201);
}

}  // namespace
}  // namespace kinerja::testing
