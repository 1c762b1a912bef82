// The SKP read model: versions, status history, progress and feedback documents, the summary.
#include "projections/work_plans_projection.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "projections/memory_documents.h"
#include "tests/projections/read_model_events.h"

namespace kinerja::projections {
namespace {

using namespace kinerja::testing::rm;  // NOLINT

rapidjson::Document Doc(MemoryDocuments& docs, const std::string& key) {
  rapidjson::Document d;
  auto text = docs.Get(key);
  EXPECT_TRUE(text) << key;
  if (text) d.Parse(text->c_str());
  return d;
}

TEST(WorkPlansProjectionFold, ReturnedResubmittedApprovedThenRevised) {
  Log log;
  log.Skp(domain::WorkPlanDraftSaved{kStaff1, 2026, Plan(), kStaff1, T("2026-01-05")});
  log.Skp(Submitted(kStaff1, 2026, 1));
  log.Skp(Returned(kStaff1, 2026, 1, kSupA));
  log.Skp(Submitted(kStaff1, 2026, 1, true, "2026-01-11"));
  log.Skp(Approved(kStaff1, 2026, 1, kSupA));
  log.Skp(Progress(kStaff1, 2026, 1, "2026-Q1", 3));
  // Revision of the approved plan: version 2 under review, version 1 stays in force.
  log.Skp(Submitted(kStaff1, 2026, 2, false, "2026-04-01"));
  WorkPlansProjection p;
  MemoryDocuments docs;
  ASSERT_TRUE(FoldAll(p, log.events(), &docs).empty());

  auto d = Doc(docs, WorkPlansProjection::PlanKey(kStaff1, 2026));
  EXPECT_STREQ(d["status"].GetString(), "SUBMITTED");
  EXPECT_EQ(d["currentVersion"].GetInt(), 2);
  EXPECT_EQ(d["approvedVersion"].GetInt(), 1);
  EXPECT_FALSE(d.HasMember("draft"));
  ASSERT_EQ(d["versions"].Size(), 2u);
  const auto& v1 = d["versions"][0];
  EXPECT_STREQ(v1["status"].GetString(), "APPROVED");
  EXPECT_TRUE(v1["inForce"].GetBool());
  ASSERT_EQ(v1["history"].Size(), 4u);
  EXPECT_STREQ(v1["history"][1]["status"].GetString(), "RETURNED");
  EXPECT_STREQ(v1["history"][1]["notes"].GetString(), "Perbaiki indikator");
  EXPECT_STREQ(v1["history"][1]["actor"].GetString(), kSupA.c_str());
  EXPECT_STREQ(v1["plan"]["rhk"][0]["indikator"][0]["unit"].GetString(), "dokumen");
  EXPECT_STREQ(d["versions"][1]["status"].GetString(), "SUBMITTED");
  EXPECT_FALSE(d["versions"][1]["inForce"].GetBool());
  EXPECT_EQ(d["progressCount"].GetInt(), 1);
  EXPECT_EQ(d["streamVersion"].GetInt(), 7);

  log.Skp(Approved(kStaff1, 2026, 2, kSupA, 1, "2026-04-02"));
  ASSERT_TRUE(FoldAll(p, {log.events().back()}, &docs).empty());
  d = Doc(docs, WorkPlansProjection::PlanKey(kStaff1, 2026));
  EXPECT_STREQ(d["status"].GetString(), "APPROVED");
  EXPECT_EQ(d["approvedVersion"].GetInt(), 2);
  EXPECT_FALSE(d["versions"][0]["inForce"].GetBool());
  EXPECT_TRUE(d["versions"][1]["inForce"].GetBool());
  auto s = Doc(docs, WorkPlansProjection::SummaryKey(kStaff1, 2026));
  EXPECT_STREQ(s["status"].GetString(), "APPROVED");
  EXPECT_EQ(s["approvedVersion"].GetInt(), 2);
}

TEST(WorkPlansProjectionFold, ProgressAndFeedbackAreSeparateDocumentsAndSummarised) {
  Log log;
  log.Skp(Submitted(kStaff1, 2026, 1));
  log.Skp(Approved(kStaff1, 2026, 1, kSupA));
  log.Skp(Progress(kStaff1, 2026, 1, "2026-Q1", 3, "2026-03-30"));
  log.Skp(Progress(kStaff1, 2026, 1, "2026-Q2", 7, "2026-06-30"));
  log.Skp(Feedback(kStaff1, 2026, 1, kSupA, "2026-Q2"));
  WorkPlansProjection p;
  MemoryDocuments docs;
  ASSERT_TRUE(FoldAll(p, log.events(), &docs).empty());
  std::vector<std::string> progress;
  docs.Scan(WorkPlansProjection::ProgressPrefix(kStaff1, 2026),
            [&](std::string_view, std::string_view v) {
              progress.emplace_back(v);
              return true;
            });
  ASSERT_EQ(progress.size(), 2u);
  rapidjson::Document first;
  first.Parse(progress[0].c_str());
  EXPECT_STREQ(first["period"].GetString(), "2026-Q1");
  EXPECT_EQ(first["realisasi"].GetDouble(), 3.0);
  EXPECT_STREQ(first["evidence"][0].GetString(), "https://drive.example.go.id/bukti/3");
  auto s = Doc(docs, WorkPlansProjection::SummaryKey(kStaff1, 2026));
  ASSERT_EQ(s["indikator"].Size(), 1u);
  EXPECT_EQ(s["indikator"][0]["count"].GetInt(), 2);
  EXPECT_EQ(s["indikator"][0]["lastRealisasi"].GetDouble(), 7.0);
  EXPECT_STREQ(s["indikator"][0]["lastPeriod"].GetString(), "2026-Q2");
  int feedback = 0;
  docs.Scan(WorkPlansProjection::FeedbackPrefix(kStaff1, 2026),
            [&](std::string_view, std::string_view v) {
              rapidjson::Document f;
              f.Parse(v.data(), v.size());
              EXPECT_STREQ(f["text"].GetString(), "Pertahankan");
              EXPECT_STREQ(f["actor"].GetString(), kSupA.c_str());
              ++feedback;
              return true;
            });
  EXPECT_EQ(feedback, 1);
  EXPECT_EQ(Doc(docs, WorkPlansProjection::PlanKey(kStaff1, 2026))["feedbackCount"].GetInt(), 1);
}

TEST(WorkPlansProjectionFold, UndecodableEventIsPoisonAndWritesNothing) {
  Log log;
  domain::json::EncodedEvent bad{"WorkPlanSubmitted", 1, "{\"nip\":1}"};
  log.Add("skp-x-2026", bad);
  WorkPlansProjection p;
  MemoryDocuments docs;
  EXPECT_EQ(FoldAll(p, log.events(), &docs).size(), 1u);
  EXPECT_EQ(docs.size(), 0u);
}

}  // namespace
}  // namespace kinerja::projections
