// The trainings read model: assigned, completed (JP year = year of completedOn), cancelled.
#include "projections/trainings_projection.h"

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

TEST(TrainingsProjectionFold, TrainingSpanningTwoYearsCountsInTheYearItEnds) {
  Log log;
  log.Train(Training("t-span", kStaff1, 24, "2025-12-15", "2026-01-20"));
  log.Train(domain::TrainingCompleted{"t-span", kStaff1, D("2026-01-20"), 24, std::string("SERT-1")});
  log.Train(Training("t-cancel", kStaff1, 8, "2026-03-01", "2026-03-02"));
  log.Train(domain::TrainingCancelled{"t-cancel", kStaff1, "Bentrok jadwal"});
  log.Train(Training("t-open", kStaff2, 10, "2026-05-01", "2026-05-03"));
  TrainingsProjection p;
  MemoryDocuments docs;
  ASSERT_TRUE(FoldAll(p, log.events(), &docs).empty());
  auto span = Doc(docs, TrainingsProjection::Key(kStaff1, "t-span"));
  EXPECT_STREQ(span["status"].GetString(), "COMPLETED");
  EXPECT_STREQ(span["startDate"].GetString(), "2025-12-15");
  EXPECT_EQ(span["jpEarned"].GetInt(), 24);
  EXPECT_EQ(span["jpYear"].GetInt(), 2026);
  EXPECT_STREQ(span["certificate"].GetString(), "SERT-1");
  EXPECT_STREQ(span["kind"].GetString(), "workshop");
  auto cancelled = Doc(docs, TrainingsProjection::Key(kStaff1, "t-cancel"));
  EXPECT_STREQ(cancelled["status"].GetString(), "CANCELLED");
  EXPECT_STREQ(cancelled["cancelReason"].GetString(), "Bentrok jadwal");
  EXPECT_EQ(cancelled["jpEarned"].GetInt(), 0);
  EXPECT_FALSE(cancelled.HasMember("jpYear"));
  auto open = Doc(docs, TrainingsProjection::Key(kStaff2, "t-open"));
  EXPECT_STREQ(open["status"].GetString(), "ASSIGNED");
  int staff1 = 0;
  docs.Scan(TrainingsProjection::Prefix(kStaff1), [&](std::string_view, std::string_view) {
    ++staff1;
    return true;
  });
  EXPECT_EQ(staff1, 2);
}

TEST(TrainingsProjectionFold, CompletionOfAnUnknownTrainingIsPoison) {
  Log log;
  log.Train(domain::TrainingCompleted{"ghost", kStaff1, D("2026-01-20"), 4, std::nullopt});
  TrainingsProjection p;
  MemoryDocuments docs;
  EXPECT_EQ(FoldAll(p, log.events(), &docs).size(), 1u);
  EXPECT_EQ(docs.size(), 0u);
}

}  // namespace
}  // namespace kinerja::projections
