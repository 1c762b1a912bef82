// Follow-ups: the policy over finalised annual appraisals and the idempotent follow-up aggregate.
#include "domain/follow_up.h"

#include <gtest/gtest.h>

#include "tests/domain/decider_scenario.h"

namespace kinerja::domain {
namespace {

using Scenario = DeciderScenario<FollowUpState, FollowUpEvent, FollowUpCommand, FollowUpFacts>;
const std::string kNip = "199502242015012001";
const std::string kPenilai = "198001012005011002";
const std::string kAtasan = "197001011995031001";
const std::string kStream = "appraisal-199502242015012001-2026";
CommandContext At(const std::string& actor, const char* ymd) {
  return {Timestamp::FromDate(*Date::Parse(ymd)), actor};
}

AppraisalFacts Facts() {
  AppraisalFacts f;
  f.pegawai_registered = true;
  f.pejabat_penilai_nip = kPenilai;
  f.atasan_pejabat_penilai_nip = kAtasan;
  f.approved_skp_version = 1;
  f.periodic_kind = PeriodKind::kQuarterly;
  return f;
}

// Runs commands through the appraisal decider; returns all events. Every command must succeed.
std::vector<AppraisalEvent> RunAppraisal(const std::vector<std::pair<AppraisalCommand, CommandContext>>& cs) {
  AppraisalState st;
  std::vector<AppraisalEvent> log;
  for (const auto& [cmd, ctx] : cs) {
    auto out = Decide(st, cmd, Facts(), ctx);
    EXPECT_TRUE(out.ok()) << out.error().code;
    if (!out.ok()) return log;
    for (const auto& e : *out) {
      st = Evolve(st, e);
      log.push_back(e);
    }
  }
  return log;
}

RecordAppraisal Record(Rating hasil, Rating perilaku, Period p = Period::Annual(2026)) {
  RecordAppraisal c;
  c.nip = kNip;
  c.period = p;
  c.hasil_kerja = hasil;
  c.perilaku_kerja = perilaku;
  return c;
}

std::vector<AppraisalEvent> FinalisedAnnual(Rating hasil, Rating perilaku) {
  return RunAppraisal({{Record(hasil, perilaku), At(kPenilai, "2027-01-10")},
              {AcceptAppraisal{}, At(kNip, "2027-01-11")},
              {FinalizeAppraisal{}, At(kPenilai, "2027-01-12")}});
}

TEST(FollowUpPolicy, EachFinalisedAnnualPredikat) {
  auto sb = FollowUpPolicy(FinalisedAnnual(Rating::kDiAtas, Rating::kDiAtas));
  ASSERT_TRUE(sb.has_value());
  EXPECT_EQ(sb->kind, FollowUpKind::kPenghargaan);
  EXPECT_EQ(sb->predikat, Predikat::kSangatBaik);
  EXPECT_EQ(sb->year, 2026);
  EXPECT_EQ(sb->appraisal_stream, kStream);
  EXPECT_FALSE(FollowUpPolicy(FinalisedAnnual(Rating::kSesuai, Rating::kSesuai)).has_value());
  struct Case {
    Rating hasil, perilaku;
    Predikat predikat;
  };
  for (const Case& c : {Case{Rating::kDiBawah, Rating::kSesuai, Predikat::kButuhPerbaikan},
                        Case{Rating::kSesuai, Rating::kDiBawah, Predikat::kKurang},
                        Case{Rating::kDiBawah, Rating::kDiBawah, Predikat::kSangatKurang}}) {
    auto r = FollowUpPolicy(FinalisedAnnual(c.hasil, c.perilaku));
    ASSERT_TRUE(r.has_value()) << ToString(c.predikat);
    EXPECT_EQ(r->kind, FollowUpKind::kPembinaan);
    EXPECT_EQ(r->predikat, c.predikat);
  }
}

TEST(FollowUpPolicy, NothingBeforeFinalisationNorWhileAnObjectionIsOpen) {
  auto recorded = RunAppraisal({{Record(Rating::kDiBawah, Rating::kDiBawah), At(kPenilai, "2027-01-10")}});
  EXPECT_FALSE(FollowUpPolicy(recorded).has_value());
  auto objected = RunAppraisal({{Record(Rating::kDiBawah, Rating::kDiBawah), At(kPenilai, "2027-01-10")},
                       {FileObjection{"keberatan"}, At(kNip, "2027-01-12")}});
  EXPECT_FALSE(FollowUpPolicy(objected).has_value());
  // And the objection blocks finalisation, so the policy never sees a final one while open.
  AppraisalState st;
  for (const auto& e : objected) st = Evolve(st, e);
  EXPECT_FALSE(Decide(st, FinalizeAppraisal{}, Facts(), At(kPenilai, "2027-03-01")).ok());
}

TEST(FollowUpPolicy, PeriodicAppraisalsDriveNothing) {
  auto q = RunAppraisal({{Record(Rating::kDiBawah, Rating::kDiBawah, Period::Quarter(2026, 4)),
                 At(kPenilai, "2027-01-05")},
                {AcceptAppraisal{}, At(kNip, "2027-01-06")},
                {FinalizeAppraisal{}, At(kPenilai, "2027-01-06")}});
  ASSERT_EQ(q.size(), 3u);
  EXPECT_FALSE(FollowUpPolicy(q).has_value());
  EXPECT_FALSE(FollowUpPolicy(std::get<AppraisalFinalized>(q.back())).has_value());
}

TEST(FollowUpPolicy, UsesThePredikatAfterAnUpheldObjection) {
  // Recorded BUTUH_PERBAIKAN, upheld to BAIK: no pembinaan.
  auto up = RunAppraisal({{Record(Rating::kDiBawah, Rating::kSesuai), At(kPenilai, "2027-01-10")},
                 {FileObjection{"keberatan"}, At(kNip, "2027-01-12")},
                 {DecideObjection{true, Rating::kSesuai, std::nullopt, "dikabulkan"},
                  At(kAtasan, "2027-01-20")},
                 {FinalizeAppraisal{}, At(kPenilai, "2027-01-21")}});
  ASSERT_EQ(up.size(), 4u);
  EXPECT_FALSE(FollowUpPolicy(up).has_value());
  // Recorded BAIK, upheld to SANGAT_BAIK: penghargaan; the finalised event alone says the same.
  auto sb = RunAppraisal({{Record(Rating::kSesuai, Rating::kDiAtas), At(kPenilai, "2027-01-10")},
                 {FileObjection{"keberatan"}, At(kNip, "2027-01-12")},
                 {DecideObjection{true, Rating::kDiAtas, std::nullopt, "dikabulkan"},
                  At(kAtasan, "2027-01-20")},
                 {FinalizeAppraisal{}, At(kPenilai, "2027-01-21")}});
  auto r = FollowUpPolicy(sb);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->kind, FollowUpKind::kPenghargaan);
  auto from_event = FollowUpPolicy(std::get<AppraisalFinalized>(sb.back()));
  ASSERT_TRUE(from_event.has_value());
  EXPECT_EQ(from_event->predikat, Predikat::kSangatBaik);
}

const RecommendFollowUp kPembinaan{kNip, 2026, FollowUpKind::kPembinaan, Predikat::kKurang,
                                   kStream};
const PembinaanRecommended kRecommended{kNip, 2026, Predikat::kKurang, kStream};
const CommandContext kPm = At("process-manager", "2027-01-12");

TEST(FollowUp, RecommendingIsIdempotent) {
  Scenario::Given({}).When(kPembinaan, {}, kPm).Then({kRecommended});
  Scenario::Given({kRecommended}).When(kPembinaan, {}, kPm).ThenNothing();
  const RecommendFollowUp sb{kNip, 2026, FollowUpKind::kPenghargaan, Predikat::kSangatBaik,
                             kStream};
  Scenario::Given({}).When(sb, {}, kPm).Then(
      {PenghargaanRecommended{kNip, 2026, Predikat::kSangatBaik, kStream}});
  Scenario::Given({kRecommended}).When(sb, {}, kPm)
      .ThenRefused("followup.already_recommended", ViolationKind::kConflict);
  EXPECT_EQ(FollowUpStream(kNip, 2026), "followup-199502242015012001-2026");
}

TEST(FollowUp, RecommendationMustMatchThePolicy) {
  RecommendFollowUp c = kPembinaan;
  c.predikat = Predikat::kBaik;
  Scenario::Given({}).When(c, {}, kPm).ThenRefused("followup.kind_mismatch",
                                                   ViolationKind::kInvalid);
  c = kPembinaan;
  c.kind = FollowUpKind::kPenghargaan;
  Scenario::Given({}).When(c, {}, kPm).ThenRefused("followup.kind_mismatch",
                                                   ViolationKind::kInvalid);
  c = kPembinaan;
  c.appraisal_stream = "appraisal-199502242015012001-2026-Q4";
  Scenario::Given({}).When(c, {}, kPm).ThenRefused("followup.appraisal_stream_invalid",
                                                   ViolationKind::kInvalid);
}

TEST(FollowUp, ActingOnTheSameThingTwiceRecordsNothing) {
  const ActOnFollowUp train{FollowUpAction::kTrainingAssigned, "3f2a9c1e-0b7d"};
  const FollowUpActedOn acted{kNip, 2026, FollowUpAction::kTrainingAssigned, "3f2a9c1e-0b7d"};
  Scenario::Given({kRecommended}).When(train, {}, At("bkpsdm", "2027-02-01")).Then({acted});
  Scenario::Given({kRecommended, acted}).When(train, {}, At("bkpsdm", "2027-02-02")).ThenNothing();
  const ActOnFollowUp second{FollowUpAction::kTrainingAssigned, "77aa"};
  Scenario::Given({kRecommended, acted}).When(second, {}, At("bkpsdm", "2027-02-02"))
      .Then({FollowUpActedOn{kNip, 2026, FollowUpAction::kTrainingAssigned, "77aa"}});
  auto st = Scenario::Given({kRecommended, acted}).state;
  EXPECT_EQ(st.status, FollowUpStatus::kActedOn);
  ASSERT_EQ(st.acts.size(), 1u);
}

TEST(FollowUp, ActingNeedsARecommendationOfTheMatchingKind) {
  Scenario::Given({}).When(ActOnFollowUp{FollowUpAction::kTrainingAssigned, "x"}, {}, kPm)
      .ThenRefused("followup.not_recommended", ViolationKind::kNotFound);
  Scenario::Given({kRecommended})
      .When(ActOnFollowUp{FollowUpAction::kRecognitionGranted, "1"}, {}, kPm)
      .ThenRefused("followup.action_mismatch", ViolationKind::kRefused);
  Scenario::Given({kRecommended}).When(ActOnFollowUp{FollowUpAction::kTrainingAssigned, ""}, {}, kPm)
      .ThenRefused("text.required", ViolationKind::kInvalid);
}

TEST(FollowUp, AProcessManagerReplayingAllAppraisalsAfterARestartAddsNothing) {
  auto appraisal = FinalisedAnnual(Rating::kDiBawah, Rating::kSesuai);
  FollowUpState st;
  for (int run = 0; run < 3; ++run) {  // first run, then two replays
    for (const auto& e : appraisal) {
      const auto* fin = std::get_if<AppraisalFinalized>(&e);
      if (!fin) continue;
      auto cmd = FollowUpPolicy(*fin);
      ASSERT_TRUE(cmd.has_value());
      auto out = Decide(st, *cmd, {}, kPm);
      ASSERT_TRUE(out.ok());
      EXPECT_EQ(out->size(), run == 0 ? 1u : 0u);
      for (const auto& ev : *out) st = Evolve(st, ev);
    }
  }
  EXPECT_EQ(st.predikat, Predikat::kButuhPerbaikan);
  EXPECT_EQ(st.kind, std::optional<FollowUpKind>(FollowUpKind::kPembinaan));
}

}  // namespace
}  // namespace kinerja::domain
