// The follow-ups read model: recommendations and what was done about them.
#include "projections/follow_ups_projection.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "projections/memory_documents.h"
#include "tests/projections/read_model_events.h"

namespace kinerja::projections {
namespace {

using namespace kinerja::testing::rm;  // NOLINT
using domain::Predikat;

TEST(FollowUpsProjectionFold, RecommendedThenActedOn) {
  Log log;
  log.FollowUp(domain::PembinaanRecommended{kStaff1, 2026, Predikat::kKurang,
                                            "appraisal-" + kStaff1 + "-2026"});
  log.FollowUp(domain::PenghargaanRecommended{kStaff2, 2026, Predikat::kSangatBaik,
                                              "appraisal-" + kStaff2 + "-2026"});
  log.FollowUp(domain::FollowUpActedOn{kStaff1, 2026, domain::FollowUpAction::kTrainingAssigned,
                                       "t-coach"});
  FollowUpsProjection p;
  MemoryDocuments docs;
  ASSERT_TRUE(FoldAll(p, log.events(), &docs).empty());
  rapidjson::Document a, b;
  a.Parse(docs.Get(FollowUpsProjection::Key(2026, kStaff1))->c_str());
  b.Parse(docs.Get(FollowUpsProjection::Key(2026, kStaff2))->c_str());
  EXPECT_STREQ(a["kind"].GetString(), "pembinaan");
  EXPECT_STREQ(a["predikat"].GetString(), "KURANG");
  EXPECT_STREQ(a["status"].GetString(), "ACTED_ON");
  ASSERT_EQ(a["acts"].Size(), 1u);
  EXPECT_STREQ(a["acts"][0]["action"].GetString(), "training_assigned");
  EXPECT_STREQ(a["acts"][0]["reference"].GetString(), "t-coach");
  EXPECT_STREQ(b["kind"].GetString(), "penghargaan");
  EXPECT_STREQ(b["status"].GetString(), "RECOMMENDED");
  EXPECT_EQ(b["acts"].Size(), 0u);
}

TEST(FollowUpsProjectionFold, ActedOnWithoutRecommendationIsPoison) {
  Log log;
  log.FollowUp(domain::FollowUpActedOn{kStaff1, 2026, domain::FollowUpAction::kRecognitionGranted,
                                       "1"});
  FollowUpsProjection p;
  MemoryDocuments docs;
  EXPECT_EQ(FoldAll(p, log.events(), &docs).size(), 1u);
  EXPECT_EQ(docs.size(), 0u);
}

}  // namespace
}  // namespace kinerja::projections
