// Every command route of DESIGN.md §3 over real HTTP: the success answer's exact shape, If-Match,
// Idempotency-Key, and bad input (400 problem+json with the code, the log unchanged).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "tests/api/api_commands_world.h"

namespace kinerja::testing {
namespace {

const std::string kPlanPath = std::string("/v1/employees/") + kP + "/work-plans/2026";
const std::string kAppraisalPath = std::string("/v1/employees/") + kP + "/appraisals/";

TEST(ApiCommands, OrganisationRoutesAnswerWithTheirEvents) {
  ApiHarness api;
  World w(api);
  ExpectAnswer(api.Post("/v1/units", w.admin, R"({"id":"disdik","name":"Dinas Pendidikan"})"),
               201, "unit-disdik", {"UnitRegistered"}, "bkpsdm-admin");
  ExpectAnswer(api.Post("/v1/units", w.admin,
                        R"({"id":"disdik-sd","name":"Bidang SD","parentId":"disdik"})"),
               201, "unit-disdik-sd", {"UnitRegistered"}, "bkpsdm-admin");
  ExpectAnswer(api.Post("/v1/units/disdik/organisation-predikat", w.admin,
                        R"({"year":2026,"predikat":"BAIK"})"),
               201, "unit-disdik", {"OrganisationPredikatSet"}, "bkpsdm-admin");
  auto first = api.Post("/v1/employees", w.admin, EmployeeBody(kA, "Kepala", "jpt", "IV/c", ""));
  auto doc = ExpectAnswer(first, 201, std::string("pegawai-") + kA, {"EmployeeRegistered"},
                          "bkpsdm-admin");
  EXPECT_EQ(doc["version"].GetUint64(), 1u);
  EXPECT_EQ(std::string(doc["events"][0]["data"]["nip"].GetString()), kA);
  ExpectAnswer(api.Post("/v1/employees", w.admin,
                        EmployeeBody(kS, "Kabid", "administrator", "III/d", kA)),
               201, std::string("pegawai-") + kS, {"EmployeeRegistered"}, "bkpsdm-admin");
  ExpectAnswer(api.Post(std::string("/v1/employees/") + kS + "/assignment", w.admin,
                        R"({"jabatan":"Sekretaris","effectiveDate":"2026-01-05"})"),
               201, std::string("pegawai-") + kS, {"AssignmentChanged"}, "bkpsdm-admin");
  // Registering the same NIP again is a state conflict, and nothing is appended.
  const uint64_t head = Head(api);
  auto again = api.Post("/v1/employees", w.admin, EmployeeBody(kA, "Kepala", "jpt", "IV/c", ""));
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_NE(again.body.find("pegawai.already_registered"), std::string::npos);
  EXPECT_EQ(Head(api), head);
}

TEST(ApiCommands, WorkPlanRoutesAnswerWithTheirEvents) {
  ApiHarness api;
  World w(api);
  w.Register();
  ExpectAnswer(api.Post(kPlanPath, w.p, PlanBody(true)), 201, std::string("skp-") + kP + "-2026",
               {"WorkPlanDraftSaved"}, kP);
  ExpectAnswer(api.Post(kPlanPath, w.p, PlanBody()), 201, "", {"WorkPlanSubmitted"}, kP);
  ExpectAnswer(api.Post(kPlanPath + "/return", w.s, R"({"notes":"Tambahkan indikator waktu"})"),
               201, "", {"WorkPlanReturned"}, kS);
  ExpectAnswer(api.Post(kPlanPath, w.p, PlanBody(false, "Menyusun RKA 2026")), 201, "",
               {"WorkPlanSubmitted"}, kP);
  auto approved = ExpectAnswer(api.Post(kPlanPath + "/approve", w.s, ""), 201,
                               std::string("skp-") + kP + "-2026", {"WorkPlanApproved"}, kS);
  EXPECT_EQ(approved["version"].GetUint64(), 5u);
  // Approving an approved plan changes nothing: 200, same version, no events.
  auto twice = ExpectAnswer(api.Post(kPlanPath + "/approve", w.s, "{}"), 200, "", {}, kS);
  EXPECT_EQ(twice["version"].GetUint64(), 5u);
  ExpectAnswer(api.Post(kPlanPath + "/progress", w.p,
                        R"({"period":"2026-Q1","rhkId":"rhk-1","indikatorIndex":0,)"
                        R"("realisasi":3,"note":"Tiga dokumen",)"
                        R"("evidence":["https://drive.pontianak.go.id/rka-1.pdf"]})"),
               201, "", {"ProgressRecorded"}, kP);
  ExpectAnswer(api.Post(kPlanPath + "/feedback", w.s,
                        R"({"period":"2026-Q1","rhkId":"rhk-1","text":"Bagus, lanjutkan"})"),
               201, "", {"FeedbackGiven"}, kS);
}

TEST(ApiCommands, AppraisalRoutesAnswerWithTheirEvents) {
  ApiHarness api;
  World w(api);
  w.Register();
  w.ApprovedPlan(kP, w.p);
  const std::string q1 = kAppraisalPath + "2026-Q1";
  auto recorded = ExpectAnswer(
      api.Post(q1, w.s, AppraisalBody("DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI")), 201,
      std::string("appraisal-") + kP + "-2026-Q1", {"AppraisalRecorded"}, kS);
  EXPECT_EQ(std::string(recorded["events"][0]["data"]["predikat"].GetString()), "BAIK");
  ExpectAnswer(api.Post(q1 + "/objection", w.p, R"({"reason":"Target tercapai penuh"})"), 201, "",
               {"ObjectionFiled"}, kP);
  auto decided = ExpectAnswer(
      api.Post(q1 + "/objection/decision", w.a,
               R"({"upheld":true,"hasilKerja":"DI_ATAS_EKSPEKTASI",)"
               R"("perilakuKerja":"DI_ATAS_EKSPEKTASI","reason":"Bukti cukup"})"),
      201, "", {"ObjectionDecided"}, kA);
  EXPECT_EQ(std::string(decided["events"][0]["data"]["predikat"].GetString()), "SANGAT_BAIK");
  ExpectAnswer(api.Post(q1 + "/finalize", w.s, ""), 201, "", {"AppraisalFinalized"}, kS);

  const std::string q2 = kAppraisalPath + "2026-Q2";
  api.SetNow("2026-04-06T02:00:00Z");
  ExpectAnswer(api.Post(q2, w.s, AppraisalBody("SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI")), 201, "",
               {"AppraisalRecorded"}, kS);
  ExpectAnswer(api.Post(q2 + "/accept", w.p, ""), 201, "", {"AppraisalAccepted"}, kP);
  ExpectAnswer(api.Post(q2 + "/finalize", w.s, "{}"), 201, "", {"AppraisalFinalized"}, kS);
}

TEST(ApiCommands, DevelopmentRoutesAnswerWithTheirEvents) {
  ApiHarness api;
  World w(api);
  w.Register();
  auto assign = api.Post("/v1/trainings", w.admin,
                         std::string(R"({"nip":")") + kP +
                             R"(","title":"Diklat Perencanaan","kind":"pelatihan_klasikal",)"
                             R"("jp":12,"startDate":"2026-01-02","endDate":"2026-01-04"})");
  auto doc = ExpectAnswer(assign, 201, "", {"TrainingAssigned"}, "bkpsdm-admin");
  ASSERT_TRUE(doc.HasMember("id"));
  const std::string id = doc["id"].GetString();
  EXPECT_EQ(id.size(), 36u);
  EXPECT_EQ(std::string(doc["stream"].GetString()), "training-" + id);
  EXPECT_EQ(assign.Header("Location").value_or(""), "/v1/trainings/" + id);
  ExpectAnswer(api.Post("/v1/trainings/" + id + "/complete", w.admin,
                        R"({"completedOn":"2026-01-04","jp":12,"certificate":"SERT-1"})"),
               201, "training-" + id, {"TrainingCompleted"}, "bkpsdm-admin");
  auto second = ExpectAnswer(
      api.Post("/v1/trainings", w.admin,
               std::string(R"({"nip":")") + kP +
                   R"(","title":"Seminar","kind":"seminar","jp":4,)"
                   R"("startDate":"2026-02-01","endDate":"2026-02-01"})"),
      201, "", {"TrainingAssigned"}, "bkpsdm-admin");
  const std::string id2 = second["id"].GetString();
  EXPECT_NE(id2, id);
  ExpectAnswer(api.Post("/v1/trainings/" + id2 + "/cancel", w.admin, R"({"reason":"Batal"})"),
               201, "training-" + id2, {"TrainingCancelled"}, "bkpsdm-admin");

  const std::string person = std::string("/v1/employees/") + kP;
  ExpectAnswer(api.Post(person + "/recognitions", w.admin,
                        R"({"year":2026,"title":"Pegawai Teladan","reason":"Inovasi layanan"})"),
               201, std::string("recognition-") + kP, {"RecognitionGranted"}, "bkpsdm-admin");
  auto innovation = api.Post(person + "/innovations", w.p,
                             R"({"year":2026,"title":"Izin kilat","description":"Satu hari"})");
  auto inno = ExpectAnswer(innovation, 201, "", {"InnovationRecorded"}, kP);
  const std::string inno_id = inno["id"].GetString();
  EXPECT_EQ(innovation.Header("Location").value_or(""), person + "/innovations/" + inno_id);
  ExpectAnswer(api.Post(person + "/innovations/" + inno_id + "/acknowledge", w.s, ""), 201,
               "innovation-" + inno_id, {"InnovationAcknowledged"}, kS);
  ExpectAnswer(api.Post(person + "/disciplinary-actions", w.admin,
                        R"({"level":"ringan","type":"teguran_lisan","decidedOn":"2026-01-05",)"
                        R"("reason":"Terlambat"})"),
               201, std::string("discipline-") + kP, {"DisciplinaryActionRecorded"},
               "bkpsdm-admin");
}


TEST(ApiCommands, IfMatchMismatchIs412AndAppendsNothing) {
  ApiHarness api;
  World w(api);
  w.Register();
  w.ApprovedPlan(kP, w.p);  // skp-P-2026 at version 2
  const std::string progress =
      R"({"period":"2026-Q1","rhkId":"rhk-1","indikatorIndex":0,"realisasi":1})";
  const uint64_t head = Head(api);
  auto stale = api.Request("POST", kPlanPath + "/progress", w.p, progress, {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 412) << stale.body;
  EXPECT_NE(stale.body.find("precondition.failed"), std::string::npos);
  EXPECT_EQ(Head(api), head);
  auto bad = api.Request("POST", kPlanPath + "/progress", w.p, progress, {{"If-Match", "abc"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(Head(api), head);
  auto fresh = api.Request("POST", kPlanPath + "/progress", w.p, progress, {{"If-Match", "\"2\""}});
  ExpectAnswer(fresh, 201, "", {"ProgressRecorded"}, kP);
  auto bare = api.Request("POST", kPlanPath + "/progress", w.p,
                          R"({"period":"2026-Q1","rhkId":"rhk-1","indikatorIndex":0,"realisasi":2})",
                          {{"If-Match", "3"}});
  ExpectAnswer(bare, 201, "", {"ProgressRecorded"}, kP);
}

TEST(ApiCommands, IdempotencyKeyReplaysTheFirstAnswerAndRefusesAnotherBody) {
  ApiHarness api;
  World w(api);
  w.Register();
  w.ApprovedPlan(kP, w.p);
  const std::string body =
      R"({"period":"2026-Q1","rhkId":"rhk-1","indikatorIndex":0,"realisasi":5})";
  auto first = api.Request("POST", kPlanPath + "/progress", w.p, body, {{"Idempotency-Key", "k-1"}});
  ExpectAnswer(first, 201, "", {"ProgressRecorded"}, kP);
  const uint64_t head = Head(api);
  auto retry = api.Request("POST", kPlanPath + "/progress", w.p, body, {{"Idempotency-Key", "k-1"}});
  EXPECT_EQ(retry.status, 201);
  EXPECT_EQ(retry.body, first.body);
  EXPECT_EQ(retry.Header("ETag"), first.Header("ETag"));
  EXPECT_EQ(Head(api), head);
  EXPECT_EQ(StreamLength(api, std::string("skp-") + kP + "-2026"), 3u);
  auto reused = api.Request("POST", kPlanPath + "/progress", w.p,
                            R"({"period":"2026-Q1","rhkId":"rhk-1","indikatorIndex":0,"realisasi":6})",
                            {{"Idempotency-Key", "k-1"}});
  EXPECT_EQ(reused.status, 422) << reused.body;
  EXPECT_NE(reused.body.find("idempotency.key_reused"), std::string::npos);
  EXPECT_EQ(Head(api), head);
  // Keys are scoped to the caller: S may use "k-1" for its own command.
  auto other = api.Request("POST", kPlanPath + "/feedback", w.s,
                           R"({"period":"2026-Q1","text":"Oke"})", {{"Idempotency-Key", "k-1"}});
  ExpectAnswer(other, 201, "", {"FeedbackGiven"}, kS);

  // A server-chosen id: the replay names the first training, and nothing new is created.
  const std::string training = std::string(R"({"nip":")") + kP +
                               R"(","title":"Coaching","kind":"coaching","jp":2,)"
                               R"("startDate":"2026-01-05","endDate":"2026-01-05"})";
  auto t1 = api.Request("POST", "/v1/trainings", w.admin, training, {{"Idempotency-Key", "t"}});
  auto t2 = api.Request("POST", "/v1/trainings", w.admin, training, {{"Idempotency-Key", "t"}});
  EXPECT_EQ(t1.status, 201);
  EXPECT_EQ(t2.status, 201);
  EXPECT_EQ(t1.body, t2.body);
  EXPECT_EQ(t1.Header("Location"), t2.Header("Location"));
}

struct BadInput {
  std::string path;
  std::string token_of;  // "admin", "p", "s", "a"
  std::string body;
  std::string code;
};

TEST(ApiCommands, BadInputIs400ProblemWithTheCodeAndTheLogUnchanged) {
  ApiHarness api;
  World w(api);
  w.Register();
  w.ApprovedPlan(kP, w.p);
  ASSERT_EQ(api.Post(kAppraisalPath + "2026-Q1", w.s,
                     AppraisalBody("SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI")).status, 201);
  const std::string person = std::string("/v1/employees/") + kP;
  const std::vector<BadInput> cases = {
      {"/v1/units", "admin", "{\"id\":", "invalid_json"},
      {"/v1/units", "admin", R"({"id":7,"name":"X"})", "json.wrong_type"},
      {"/v1/units", "admin", R"({"name":"X"})", "json.missing_field"},
      {"/v1/units", "admin", "[1,2]", "json.wrong_type"},
      {"/v1/units", "admin", "", "body.missing"},
      {"/v1/units/disdik/organisation-predikat", "admin", R"({"year":"2026","predikat":"BAIK"})",
       "json.wrong_type"},
      {"/v1/units/disdik/organisation-predikat", "admin", R"({"year":2026})",
       "json.missing_field"},
      {"/v1/employees", "admin", R"({"nip":"123","name":"X","unitId":"disdik","jabatan":"J",)"
                                 R"("jenisJabatan":"pelaksana","golongan":"II/a","status":"PNS"})",
       "nip.invalid"},
      {"/v1/employees", "admin", R"({"nip":true})", "json.wrong_type"},
      {"/v1/employees/12345/assignment", "admin", R"({"effectiveDate":"2026-01-05"})",
       "nip.invalid"},
      {person + "/assignment", "admin", R"({"jabatan":"X"})", "json.missing_field"},
      {person + "/work-plans/20x6", "p", PlanBody(), "year.invalid"},
      {person + "/work-plans/2026", "p", R"({"rhk":"none"})", "json.wrong_type"},
      {person + "/work-plans/2026", "p", "{\"rhk\":[", "invalid_json"},
      {person + "/work-plans/2026/return", "s", R"({})", "json.missing_field"},
      {person + "/work-plans/2026/approve", "s", "{oops", "invalid_json"},
      {person + "/work-plans/2026/progress", "p",
       R"({"period":"2026-Q5","rhkId":"rhk-1","indikatorIndex":0,"realisasi":1})",
       "period.invalid"},
      {person + "/work-plans/2026/progress", "p",
       R"({"period":"2026-Q1","rhkId":"rhk-1","indikatorIndex":"0","realisasi":1})",
       "json.wrong_type"},
      {person + "/work-plans/2026/feedback", "s", R"({"period":"2026-Q1"})", "json.missing_field"},
      {person + "/appraisals/2026-13", "s", AppraisalBody("SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI"),
       "period.invalid"},
      {person + "/appraisals/2026-Q2", "s", R"({"hasilKerja":1,"perilakuKerja":"X"})",
       "json.wrong_type"},
      {person + "/appraisals/2026-Q1/objection", "p", R"({"reason":42})", "json.wrong_type"},
      {person + "/appraisals/2026-Q1/objection/decision", "a", R"({"reason":"x"})",
       "json.missing_field"},
      {person + "/appraisals/2026-Q1/accept", "p", "[", "invalid_json"},
      {person + "/appraisals/20260/finalize", "s", "", "period.invalid"},
      {"/v1/trainings", "admin", R"({"nip":"1","title":"T","kind":"seminar","jp":1,)"
                                 R"("startDate":"2026-01-01","endDate":"2026-01-01"})",
       "nip.invalid"},
      {"/v1/trainings", "admin", R"({"title":"T"})", "json.missing_field"},
      {"/v1/trainings/NOT_AN_ID/complete", "admin", R"({"completedOn":"2026-01-01","jp":1})",
       "training.id_invalid"},
      {"/v1/trainings/abc/cancel", "admin", R"({"reason":false})", "json.wrong_type"},
      {person + "/recognitions", "admin", R"({"year":"x","title":"T","reason":"R"})",
       "json.wrong_type"},
      {person + "/innovations", "p", R"({"year":2026})", "json.missing_field"},
      {"/v1/employees/00000000/innovations/abc/acknowledge", "s", "", "nip.invalid"},
      {person + "/disciplinary-actions", "admin", R"({"level":"ringan"})", "json.missing_field"},
  };
  const std::map<std::string, std::string> tokens = {
      {"admin", w.admin}, {"p", w.p}, {"s", w.s}, {"a", w.a}};
  const uint64_t head = Head(api);
  for (const auto& c : cases) {
    auto r = api.Post(c.path, tokens.at(c.token_of), c.body);
    EXPECT_EQ(r.status, 400) << c.path << " " << c.body << " -> " << r.body;
    EXPECT_NE(r.Header("Content-Type").value_or("").find("application/problem+json"),
              std::string::npos) << c.path;
    auto doc = ParseJson(r.body);
    ASSERT_TRUE(doc.IsObject() && doc.HasMember("code")) << r.body;
    EXPECT_EQ(std::string(doc["code"].GetString()), c.code) << c.path << " " << c.body;
    EXPECT_EQ(Head(api), head) << c.path;
  }
  // The server still answers.
  EXPECT_EQ(api.Get("/health", "").status, 200);
}

}  // namespace
}  // namespace kinerja::testing
