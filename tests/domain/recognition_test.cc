// Recognition aggregate (penghargaan): grants numbered per pegawai, follow-up references.
#include "domain/recognition.h"

#include <gtest/gtest.h>

#include "tests/domain/decider_scenario.h"

namespace kinerja::domain {
namespace {

using Scenario =
    DeciderScenario<RecognitionState, RecognitionEvent, RecognitionCommand, RecognitionFacts>;
const std::string kNip = "199502242015012001";
CommandContext Admin() { return {*Timestamp::ParseRfc3339("2027-02-01T03:00:00Z"), "bkpsdm"}; }
const RecognitionFacts kRegistered{true, false};

GrantRecognition Grant(const std::string& title, std::optional<int> follow_up = std::nullopt) {
  return GrantRecognition{kNip, 2026, title, "Kinerja sangat baik", follow_up};
}
RecognitionGranted Granted(int number, const std::string& title,
                           std::optional<int> follow_up = std::nullopt) {
  return RecognitionGranted{kNip, number, 2026, title, "Kinerja sangat baik", follow_up};
}

TEST(Recognition, GrantsAreNumberedInOrder) {
  Scenario::Given({}).When(Grant("Pegawai Teladan"), kRegistered, Admin())
      .Then({Granted(1, "Pegawai Teladan")});
  Scenario::Given({Granted(1, "Pegawai Teladan")})
      .When(Grant("Satyalancana"), kRegistered, Admin())
      .Then({Granted(2, "Satyalancana")});
  auto st = Scenario::Given({Granted(1, "Pegawai Teladan"), Granted(2, "Satyalancana")}).state;
  ASSERT_EQ(st.recognitions.size(), 2u);
  EXPECT_EQ(st.recognitions[1].number, 2);
  EXPECT_EQ(RecognitionStream(kNip), "recognition-199502242015012001");
}

TEST(Recognition, AnExactRepeatRecordsNothing) {
  Scenario::Given({Granted(1, "Pegawai Teladan")})
      .When(Grant("Pegawai Teladan"), kRegistered, Admin())
      .ThenNothing();
}

TEST(Recognition, RefusesBadInputUnknownPegawaiAndFutureYears) {
  GrantRecognition c = Grant("");
  Scenario::Given({}).When(c, kRegistered, Admin())
      .ThenRefused("text.required", ViolationKind::kInvalid);
  c = Grant("x");
  c.year = 1999;
  Scenario::Given({}).When(c, kRegistered, Admin())
      .ThenRefused("year.invalid", ViolationKind::kInvalid);
  c.year = 2028;
  Scenario::Given({}).When(c, kRegistered, Admin())
      .ThenRefused("recognition.year_in_future", ViolationKind::kRefused);
  Scenario::Given({}).When(Grant("x"), RecognitionFacts{false, false}, Admin())
      .ThenRefused("recognition.pegawai_not_found", ViolationKind::kNotFound);
  GrantRecognition other = Grant("x");
  other.nip = "198001012005011002";
  Scenario::Given({Granted(1, "Pegawai Teladan")}).When(other, kRegistered, Admin())
      .ThenRefused("recognition.nip_mismatch", ViolationKind::kInvalid);
}

TEST(Recognition, ActsOnAPenghargaanRecommendationOnce) {
  Scenario::Given({}).When(Grant("Teladan", 2026), RecognitionFacts{true, false}, Admin())
      .ThenRefused("recognition.follow_up_not_penghargaan", ViolationKind::kRefused);
  Scenario::Given({}).When(Grant("Teladan", 2026), RecognitionFacts{true, true}, Admin())
      .Then({Granted(1, "Teladan", 2026)});
  Scenario::Given({Granted(1, "Teladan", 2026)})
      .When(Grant("Teladan lagi", 2026), RecognitionFacts{true, true}, Admin())
      .ThenRefused("recognition.follow_up_already_granted", ViolationKind::kConflict);
}

}  // namespace
}  // namespace kinerja::domain
