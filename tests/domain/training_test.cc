// Training aggregate: assign, complete with JP, cancel; as given/when/then scenarios.
#include "domain/training.h"

#include <gtest/gtest.h>

#include "tests/domain/decider_scenario.h"

namespace kinerja::domain {
namespace {

using Scenario = DeciderScenario<TrainingState, TrainingEvent, TrainingCommand, TrainingFacts>;
const std::string kNip = "199502242015012001";
Date D(const char* ymd) { return *Date::Parse(ymd); }
CommandContext Admin(const char* ymd = "2026-12-31") {
  return {Timestamp::FromDate(D(ymd)), "bkpsdm-admin"};
}
TrainingFacts Registered() { return TrainingFacts{true, false}; }

AssignTraining Assign() {
  return AssignTraining{"3f2a9c1e-0b7d-4e55-9a61-2c8f0d1e7b42",
                        kNip,
                        "Pelatihan Pelayanan Publik",
                        TrainingKind::kPelatihanKlasikal,
                        24,
                        D("2026-12-28"),
                        D("2027-01-02"),
                        std::string("Pengembangan kompetensi"),
                        std::nullopt};
}
TrainingAssigned Assigned() {
  const AssignTraining c = Assign();
  return TrainingAssigned{c.id,         c.nip,        c.title,  c.kind,          c.jp,
                          c.start_date, c.end_date,   c.reason, c.follow_up_year};
}
const TrainingCompleted kCompleted{"3f2a9c1e-0b7d-4e55-9a61-2c8f0d1e7b42", kNip, D("2027-01-02"),
                                   24, std::string("SERT-2027-001")};

TEST(TrainingAssign, AnAdminAssignsATrainingToARegisteredPegawai) {
  Scenario::Given({}).When(Assign(), Registered(), Admin()).Then({Assigned()});
  auto st = Scenario::Given({Assigned()}).state;
  EXPECT_EQ(st.status, TrainingStatus::kAssigned);
  EXPECT_EQ(st.jp_planned, 24);
  EXPECT_EQ(TrainingStream(st.id), "training-3f2a9c1e-0b7d-4e55-9a61-2c8f0d1e7b42");
}

TEST(TrainingAssign, RepeatingTheSameAssignmentIsANoOpAnotherUnderTheSameIdAConflict) {
  Scenario::Given({Assigned()}).When(Assign(), Registered(), Admin()).ThenNothing();
  AssignTraining other = Assign();
  other.title = "Lain";
  Scenario::Given({Assigned()}).When(other, Registered(), Admin())
      .ThenRefused("training.already_exists", ViolationKind::kConflict);
}

TEST(TrainingAssign, RefusesBadInput) {
  AssignTraining c = Assign();
  c.jp = 0;
  Scenario::Given({}).When(c, Registered(), Admin())
      .ThenRefused("training.jp_invalid", ViolationKind::kInvalid);
  c.jp = kMaxTrainingJp + 1;
  Scenario::Given({}).When(c, Registered(), Admin())
      .ThenRefused("training.jp_invalid", ViolationKind::kInvalid);
  c = Assign();
  c.end_date = D("2026-12-27");
  Scenario::Given({}).When(c, Registered(), Admin())
      .ThenRefused("training.end_before_start", ViolationKind::kInvalid);
  c = Assign();
  c.id = "Bad Id";
  Scenario::Given({}).When(c, Registered(), Admin())
      .ThenRefused("training.id_invalid", ViolationKind::kInvalid);
  c = Assign();
  c.nip = "123";
  Scenario::Given({}).When(c, Registered(), Admin())
      .ThenRefused("nip.invalid", ViolationKind::kInvalid);
  c = Assign();
  c.title = "";
  Scenario::Given({}).When(c, Registered(), Admin())
      .ThenRefused("text.required", ViolationKind::kInvalid);
  c = Assign();
  c.start_date = c.end_date = D("2026-12-28");  // a one-day training is fine
  c.jp = kMaxTrainingJp;
  EXPECT_TRUE(Decide(TrainingState{}, c, Registered(), Admin()).ok());
}

TEST(TrainingAssign, NeedsARegisteredPegawai) {
  Scenario::Given({}).When(Assign(), TrainingFacts{false, false}, Admin())
      .ThenRefused("training.pegawai_not_found", ViolationKind::kNotFound);
}

TEST(TrainingAssign, AFollowUpReferenceMustPointAtAPembinaanRecommendation) {
  AssignTraining c = Assign();
  c.follow_up_year = 2026;
  Scenario::Given({}).When(c, TrainingFacts{true, false}, Admin())
      .ThenRefused("training.follow_up_not_pembinaan", ViolationKind::kRefused);
  auto s = Scenario::Given({}).When(c, TrainingFacts{true, true}, Admin());
  ASSERT_TRUE(s.outcome.ok());
  EXPECT_EQ(s.After().follow_up_year, std::optional<int>(2026));
}

TEST(TrainingKind, ParsesExactlyTheDesignNames) {
  for (const char* k : {"pelatihan_klasikal", "pelatihan_nonklasikal", "workshop", "seminar",
                        "coaching", "mentoring", "e_learning", "magang"}) {
    auto parsed = ParseTrainingKind(k);
    ASSERT_TRUE(parsed.ok()) << k;
    EXPECT_STREQ(ToString(*parsed), k);
  }
  EXPECT_FALSE(ParseTrainingKind("elearning").ok());
  EXPECT_FALSE(ParseTrainingKind("Workshop").ok());
}

TEST(TrainingComplete, WhenAssignedWithTheJpEarned) {
  Scenario::Given({Assigned()})
      .When(CompleteTraining{D("2027-01-02"), 24, std::string("SERT-2027-001")}, {},
            Admin("2027-01-03"))
      .Then({kCompleted});
  auto st = Scenario::Given({Assigned(), kCompleted}).state;
  EXPECT_EQ(st.status, TrainingStatus::kCompleted);
  EXPECT_EQ(st.jp_earned, 24);
  EXPECT_EQ(st.completed_on, D("2027-01-02"));
}

TEST(TrainingComplete, OnItsStartDateIsFineBeforeItIsRefused) {
  Scenario::Given({Assigned()})
      .When(CompleteTraining{D("2026-12-28"), 8, std::nullopt}, {}, Admin("2027-01-03"))
      .Then({TrainingCompleted{Assigned().id, kNip, D("2026-12-28"), 8, std::nullopt}});
  Scenario::Given({Assigned()})
      .When(CompleteTraining{D("2026-12-27"), 8, std::nullopt}, {}, Admin("2027-01-03"))
      .ThenRefused("training.completed_before_start", ViolationKind::kRefused);
}

TEST(TrainingComplete, NotInTheFutureNotTwiceNotWhenCancelledNotUnknown) {
  Scenario::Given({Assigned()})
      .When(CompleteTraining{D("2027-01-02"), 24, std::nullopt}, {}, Admin("2027-01-01"))
      .ThenRefused("training.completed_in_future", ViolationKind::kRefused);
  Scenario::Given({Assigned(), kCompleted})
      .When(CompleteTraining{D("2027-01-02"), 24, std::string("SERT-2027-001")}, {},
            Admin("2027-01-03"))
      .ThenNothing();
  Scenario::Given({Assigned(), kCompleted})
      .When(CompleteTraining{D("2027-01-02"), 30, std::nullopt}, {}, Admin("2027-01-03"))
      .ThenRefused("training.already_completed", ViolationKind::kConflict);
  const TrainingCancelled cancelled{Assigned().id, kNip, "Peserta sakit"};
  Scenario::Given({Assigned(), cancelled})
      .When(CompleteTraining{D("2027-01-02"), 24, std::nullopt}, {}, Admin("2027-01-03"))
      .ThenRefused("training.cancelled", ViolationKind::kConflict);
  Scenario::Given({})
      .When(CompleteTraining{D("2027-01-02"), 24, std::nullopt}, {}, Admin("2027-01-03"))
      .ThenRefused("training.not_found", ViolationKind::kNotFound);
  Scenario::Given({Assigned()})
      .When(CompleteTraining{D("2027-01-02"), 0, std::nullopt}, {}, Admin("2027-01-03"))
      .ThenRefused("training.jp_invalid", ViolationKind::kInvalid);
}

TEST(TrainingCancel, WhenAssignedRepeatsAreNoOpsNeverWhenCompleted) {
  const TrainingCancelled cancelled{Assigned().id, kNip, "Peserta sakit"};
  Scenario::Given({Assigned()}).When(CancelTraining{"Peserta sakit"}, {}, Admin())
      .Then({cancelled});
  EXPECT_EQ(Scenario::Given({Assigned(), cancelled}).state.status, TrainingStatus::kCancelled);
  Scenario::Given({Assigned(), cancelled}).When(CancelTraining{"lagi"}, {}, Admin())
      .ThenNothing();
  Scenario::Given({Assigned(), kCompleted}).When(CancelTraining{"x"}, {}, Admin())
      .ThenRefused("training.already_completed", ViolationKind::kConflict);
  Scenario::Given({}).When(CancelTraining{"x"}, {}, Admin())
      .ThenRefused("training.not_found", ViolationKind::kNotFound);
  Scenario::Given({Assigned()}).When(CancelTraining{""}, {}, Admin())
      .ThenRefused("text.required", ViolationKind::kInvalid);
}

}  // namespace
}  // namespace kinerja::domain
