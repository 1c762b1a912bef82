// JP per pegawai per year: year attribution by completedOn, and the 20 JP rule at its edges.
#include "domain/jp.h"

#include <gtest/gtest.h>

namespace kinerja::domain {
namespace {

const std::string kNip = "199502242015012001";
const std::string kOther = "198001012005011002";
Date D(const char* ymd) { return *Date::Parse(ymd); }

TrainingState Training(const std::string& id, const std::string& nip, const char* start,
                       const char* end, int jp, const char* completed_on /* or nullptr */) {
  TrainingState t = Evolve({}, TrainingAssigned{id, nip, "Pelatihan " + id,
                                                TrainingKind::kPelatihanKlasikal, jp, D(start),
                                                D(end), std::nullopt, std::nullopt});
  if (completed_on) t = Evolve(t, TrainingCompleted{id, nip, D(completed_on), jp, std::nullopt});
  return t;
}

TEST(Jp, ATrainingSpanningTwoYearsCountsInTheYearItEnds) {
  const std::vector<TrainingState> ts = {
      Training("a", kNip, "2026-12-28", "2027-01-02", 24, "2027-01-02")};
  EXPECT_EQ(TotalJp(ts, kNip, 2026), 0);
  EXPECT_EQ(TotalJp(ts, kNip, 2027), 24);
  EXPECT_EQ(JpYearOf(ts[0]), 2027);
}

TEST(Jp, CompletedOnDecidesEvenIfItDiffersFromThePlannedEnd) {
  // Planned to end in 2026 but completed (certified) on 2027-01-03: counts in 2027.
  const std::vector<TrainingState> ts = {
      Training("a", kNip, "2026-12-01", "2026-12-31", 10, "2027-01-03"),
      Training("b", kNip, "2026-12-30", "2026-12-31", 6, "2026-12-31")};
  EXPECT_EQ(TotalJp(ts, kNip, 2026), 6);
  EXPECT_EQ(TotalJp(ts, kNip, 2027), 10);
}

TEST(Jp, OnlyCompletedTrainingsOfThatPegawaiCount) {
  TrainingState cancelled = Training("c", kNip, "2026-03-01", "2026-03-02", 16, nullptr);
  cancelled = Evolve(cancelled, TrainingCancelled{"c", kNip, "batal"});
  const std::vector<TrainingState> ts = {
      Training("a", kNip, "2026-03-01", "2026-03-02", 12, "2026-03-02"),
      Training("b", kNip, "2026-04-01", "2026-04-02", 16, nullptr),  // assigned only
      cancelled,
      Training("d", kOther, "2026-03-01", "2026-03-02", 30, "2026-03-02")};
  EXPECT_EQ(TotalJp(ts, kNip, 2026), 12);
  EXPECT_EQ(TotalJp(ts, kOther, 2026), 30);
}

TEST(Jp, TwentyJpRuleAtItsEdgesForPns) {
  const JpCompliance c19 = EvaluateJp(kNip, 2026, EmployeeStatus::kPns, 19);
  EXPECT_TRUE(c19.counted);
  EXPECT_FALSE(c19.reached);
  EXPECT_TRUE(c19.non_compliant());
  EXPECT_EQ(c19.shortfall, 1);
  const JpCompliance c20 = EvaluateJp(kNip, 2026, EmployeeStatus::kPns, 20);
  EXPECT_TRUE(c20.reached);
  EXPECT_FALSE(c20.non_compliant());
  EXPECT_EQ(c20.shortfall, 0);
  EXPECT_FALSE(EvaluateJp(kNip, 2026, EmployeeStatus::kPns, 21).non_compliant());
  EXPECT_EQ(EvaluateJp(kNip, 2026, EmployeeStatus::kPns, 0).shortfall, 20);
}

TEST(Jp, PppkAreShownButNotCounted) {
  const JpCompliance c = EvaluateJp(kNip, 2026, EmployeeStatus::kPppk, 4);
  EXPECT_FALSE(c.counted);
  EXPECT_EQ(c.total_jp, 4);
  EXPECT_FALSE(c.reached);
  EXPECT_FALSE(c.non_compliant());
}

TEST(Jp, EvaluatesFromTrainingStatesAcrossTheYearBoundary) {
  const std::vector<TrainingState> ts = {
      Training("a", kNip, "2026-02-01", "2026-02-03", 12, "2026-02-03"),
      Training("b", kNip, "2026-12-29", "2027-01-04", 8, "2027-01-04")};
  EXPECT_TRUE(EvaluateJp(ts, kNip, 2026, EmployeeStatus::kPns).non_compliant());  // 12
  EXPECT_EQ(EvaluateJp(ts, kNip, 2027, EmployeeStatus::kPns).total_jp, 8);
  const std::vector<TrainingState> more = {
      ts[0], Training("c", kNip, "2026-12-29", "2026-12-31", 8, "2026-12-31")};
  EXPECT_TRUE(EvaluateJp(more, kNip, 2026, EmployeeStatus::kPns).reached);  // 20
}

TEST(JpLedger, FoldsCompletionsOncePerTraining) {
  JpLedger ledger;
  const TrainingCompleted a{"a", kNip, D("2027-01-02"), 24, std::nullopt};
  const TrainingCompleted b{"b", kNip, D("2026-06-01"), 8, std::nullopt};
  ledger.Apply(TrainingAssigned{"a", kNip, "x", TrainingKind::kSeminar, 24, D("2026-12-28"),
                                D("2027-01-02"), std::nullopt, std::nullopt});
  ledger.Apply(a);
  ledger.Apply(a);  // replayed: counted once
  ledger.Apply(b);
  ledger.Apply(TrainingCompleted{"c", kOther, D("2026-06-01"), 40, std::nullopt});
  EXPECT_EQ(ledger.Total(kNip, 2026), 8);
  EXPECT_EQ(ledger.Total(kNip, 2027), 24);
  EXPECT_EQ(ledger.Total(kOther, 2026), 40);
  EXPECT_EQ(ledger.Total(kNip, 2025), 0);
  EXPECT_EQ(ledger.ByYear(kNip), (std::map<int, int>{{2026, 8}, {2027, 24}}));
}

}  // namespace
}  // namespace kinerja::domain
