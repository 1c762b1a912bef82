// Every command route of DESIGN.md §3 over real HTTP: the success answer's exact shape, If-Match,
// Idempotency-Key, and bad input (400 problem+json with the code, the log unchanged).
#include <gtest/gtest.h>

#include <string>

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

}  // namespace
}  // namespace kinerja::testing
