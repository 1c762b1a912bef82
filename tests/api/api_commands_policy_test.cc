// The follow-up policy over the running service: a finalised annual BUTUH_PERBAIKAN gives one
// pembinaan recommendation, SANGAT_BAIK one penghargaan, BAIK none; a training / recognition that
// names the follow-up marks it acted on; a restart (even one that redelivers the whole log to the
// policy) records nothing twice. The 14-day objection window is crossed with the harness clock.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "eventstore/rocks_event_store.h"
#include "tests/api/api_commands_world.h"

namespace kinerja::testing {
namespace {

constexpr const char* kCheckpoint = "process/follow-up-policy";

// Waits (bounded) until the policy's durable checkpoint reaches the log head as it is now.
bool PolicyCaughtUp(ApiHarness& api) {
  const uint64_t head = Head(api);
  for (int i = 0; i < 3000; ++i) {
    auto saved = api.context().store->LoadCheckpoint(kCheckpoint);
    if (saved.ok() && saved.value() >= head) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

std::string FollowUp(const std::string& nip) { return "followup-" + nip + "-2026"; }

// Records `nip`'s annual 2026 appraisal by `supervisor_token` with the given ratings.
void RecordAnnual(ApiHarness& api, const std::string& nip, const std::string& supervisor_token,
                  const std::string& hasil, const std::string& perilaku) {
  auto r = api.Post("/v1/employees/" + nip + "/appraisals/2026", supervisor_token,
                    AppraisalBody(hasil, perilaku));
  ASSERT_EQ(r.status, 201) << r.body;
}

void Finalize(ApiHarness& api, const std::string& nip, const std::string& supervisor_token) {
  auto r = api.Post("/v1/employees/" + nip + "/appraisals/2026/finalize", supervisor_token, "");
  ASSERT_EQ(r.status, 201) << r.body;
}

class PolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("kinerja-policy-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  ApiHarnessOptions Options() const {
    ApiHarnessOptions o;
    o.data_dir = dir_.string();
    return o;
  }
  std::filesystem::path dir_;
};

TEST_F(PolicyTest, RecommendsOnceActsOnceAndSurvivesRestarts) {
  {
    ApiHarness api(Options());
    World w(api);
    w.Register();
    w.ApprovedPlan(kP, w.p);
    w.ApprovedPlan(kV, w.v);
    // U's pejabat penilai is A.
    const std::string u_plan = std::string("/v1/employees/") + kU + "/work-plans/2026";
    ASSERT_EQ(api.Post(u_plan, w.u, PlanBody()).status, 201);
    ASSERT_EQ(api.Post(u_plan + "/approve", w.a, "").status, 201);

    RecordAnnual(api, kP, w.s, "DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI");  // BUTUH_PERBAIKAN
    RecordAnnual(api, kV, w.s, "DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI");  // SANGAT_BAIK
    RecordAnnual(api, kU, w.a, "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI");    // BAIK
    // Within the objection window nobody can finalise (no acceptance, no objection).
    api.AdvanceDays(14);
    EXPECT_EQ(api.Post(std::string("/v1/employees/") + kP + "/appraisals/2026/finalize", w.s, "")
                  .status,
              422);
    api.AdvanceDays(1);  // day 15
    Finalize(api, kP, w.s);
    Finalize(api, kV, w.s);
    Finalize(api, kU, w.a);
    ASSERT_TRUE(PolicyCaughtUp(api));
    EXPECT_EQ(StreamTypes(api, FollowUp(kP)), (std::vector<std::string>{"PembinaanRecommended"}));
    EXPECT_EQ(StreamTypes(api, FollowUp(kV)),
              (std::vector<std::string>{"PenghargaanRecommended"}));
    EXPECT_EQ(StreamLength(api, FollowUp(kU)), 0u);
    auto pembinaan = api.context().store->ReadStream(FollowUp(kP), {});
    ASSERT_TRUE(pembinaan.ok());
    EXPECT_EQ(pembinaan.value()[0].actor, "follow-up-policy");
    EXPECT_NE(pembinaan.value()[0].data.find("BUTUH_PERBAIKAN"), std::string::npos);

    // An admin acts on both: a training for P, a recognition for V, each naming the follow-up.
    auto training = api.Post("/v1/trainings", w.admin,
                             std::string(R"({"nip":")") + kP +
                                 R"(","title":"Pembinaan kinerja","kind":"coaching","jp":8,)"
                                 R"("startDate":"2026-01-20","endDate":"2026-01-21",)"
                                 R"("reason":"Tindak lanjut penilaian 2026","followUpYear":2026})");
    ASSERT_EQ(training.status, 201) << training.body;
    const std::string training_id = ParseJson(training.body)["id"].GetString();
    auto recognition = api.Post(std::string("/v1/employees/") + kV + "/recognitions", w.admin,
                                R"({"year":2026,"title":"Pegawai Berprestasi",)"
                                R"("reason":"Predikat sangat baik","followUpYear":2026})");
    ASSERT_EQ(recognition.status, 201) << recognition.body;
    ASSERT_TRUE(PolicyCaughtUp(api));
    EXPECT_EQ(StreamTypes(api, FollowUp(kP)),
              (std::vector<std::string>{"PembinaanRecommended", "FollowUpActedOn"}));
    EXPECT_EQ(StreamTypes(api, FollowUp(kV)),
              (std::vector<std::string>{"PenghargaanRecommended", "FollowUpActedOn"}));
    auto acted = api.context().store->ReadStream(FollowUp(kP), {});
    ASSERT_TRUE(acted.ok());
    EXPECT_NE(acted.value()[1].data.find(training_id), std::string::npos);
    // A recognition naming a pembinaan follow-up is refused by the domain.
    EXPECT_EQ(api.Post(std::string("/v1/employees/") + kP + "/recognitions", w.admin,
                       R"({"year":2026,"title":"X","reason":"Y","followUpYear":2026})")
                  .status,
              422);
  }
  const uint64_t head_before = [&] {
    ApiHarness api(Options());  // plain restart
    EXPECT_TRUE(PolicyCaughtUp(api));
    EXPECT_EQ(StreamLength(api, FollowUp(kP)), 2u);
    EXPECT_EQ(StreamLength(api, FollowUp(kV)), 2u);
    return Head(api);
  }();
  {
    // A crash that lost the checkpoint: the whole log is delivered to the policy again.
    eventstore::RocksOptions options;
    options.path = (dir_ / "events").string();
    options.sync = false;
    auto store = eventstore::RocksEventStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE(store.value()->SaveCheckpoint(kCheckpoint, 0).ok());
  }
  {
    ApiHarness api(Options());
    ASSERT_TRUE(PolicyCaughtUp(api));
    EXPECT_EQ(Head(api), head_before);
    EXPECT_EQ(StreamLength(api, FollowUp(kP)), 2u);
    EXPECT_EQ(StreamLength(api, FollowUp(kV)), 2u);
    EXPECT_EQ(StreamLength(api, FollowUp(kU)), 0u);
  }
}

TEST_F(PolicyTest, PeriodicAndUndecidedObjectionsRecommendNothing) {
  ApiHarness api(Options());
  World w(api);
  w.Register();
  w.ApprovedPlan(kP, w.p);
  // A quarterly SANGAT_KURANG finalised: periodic, so no follow-up.
  const std::string q1 = std::string("/v1/employees/") + kP + "/appraisals/2026-Q1";
  ASSERT_EQ(api.Post(q1, w.s, AppraisalBody("DI_BAWAH_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI")).status,
            201);
  ASSERT_EQ(api.Post(q1 + "/accept", w.p, "").status, 201);
  ASSERT_EQ(api.Post(q1 + "/finalize", w.s, "").status, 201);
  // The annual one with an open objection cannot be finalised, so nothing follows either.
  RecordAnnual(api, kP, w.s, "DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI");
  ASSERT_EQ(api.Post(std::string("/v1/employees/") + kP + "/appraisals/2026/objection", w.p,
                     R"({"reason":"Keberatan"})")
                .status,
            201);
  api.AdvanceDays(20);
  EXPECT_EQ(api.Post(std::string("/v1/employees/") + kP + "/appraisals/2026/finalize", w.s, "")
                .status,
            409);
  // Upheld by the atasan to BAIK, then finalised: still nothing (BAIK).
  ASSERT_EQ(api.Post(std::string("/v1/employees/") + kP + "/appraisals/2026/objection/decision",
                     w.a,
                     R"({"upheld":true,"hasilKerja":"SESUAI_EKSPEKTASI","reason":"Bukti ada"})")
                .status,
            201);
  Finalize(api, kP, w.s);
  ASSERT_TRUE(PolicyCaughtUp(api));
  EXPECT_EQ(StreamLength(api, FollowUp(kP)), 0u);
}

}  // namespace
}  // namespace kinerja::testing
