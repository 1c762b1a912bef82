// Appraisal aggregate: recording, acceptance, the 14-day objection window, the atasan's decision
// and finalisation, as given/when/then scenarios; plus a seeded property test over random command
// sequences.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>

#include "domain/appraisal.h"

namespace kinerja::domain {
namespace {

const std::string kPegawai = "199502242015012001";
const std::string kPenilai = "198001012005011002";   // the pegawai's pejabat penilai
const std::string kAtasan = "197001011995031001";    // the penilai's supervisor
const std::string kOther = "198505152010012003";     // someone else
const Period kYear = Period::Annual(2026);

Date D(const char* ymd) { return *Date::Parse(ymd); }
Timestamp At(const char* ymd) {  // 08:00 UTC on that day
  return Timestamp{Timestamp::FromDate(D(ymd)).micros + 8LL * 3600 * 1000000};
}
CommandContext By(const std::string& actor, const char* ymd) { return {At(ymd), actor}; }

AppraisalFacts Facts() {
  AppraisalFacts f;
  f.pegawai_registered = true;
  f.pejabat_penilai_nip = kPenilai;
  f.atasan_pejabat_penilai_nip = kAtasan;
  f.approved_skp_version = 2;
  f.periodic_kind = PeriodKind::kQuarterly;
  return f;
}

RecordAppraisal Record(Rating hasil, Rating perilaku, Period period = kYear) {
  RecordAppraisal c;
  c.nip = kPegawai;
  c.period = period;
  c.hasil_kerja = hasil;
  c.perilaku_kerja = perilaku;
  return c;
}

// Received 2027-01-10: day 14 is 2027-01-24, day 15 is 2027-01-25.
AppraisalRecorded Recorded(Rating hasil = Rating::kSesuai, Rating perilaku = Rating::kDiAtas) {
  AppraisalRecorded e;
  e.nip = kPegawai;
  e.period = kYear;
  e.hasil_kerja = hasil;
  e.perilaku_kerja = perilaku;
  e.predikat = PredikatFor(hasil, perilaku);
  e.skp_version = 2;
  e.pejabat_penilai_nip = kPenilai;
  e.recorded_at = At("2027-01-10");
  return e;
}
const AppraisalAccepted kAccepted{kPegawai, kYear, At("2027-01-11")};
const ObjectionFiled kObjected{kPegawai, kYear, "Target kuantitas sudah tercapai", At("2027-01-12")};
ObjectionDecided Decided(bool upheld, std::optional<Rating> hasil, std::optional<Rating> perilaku,
                         Predikat predikat) {
  return ObjectionDecided{kPegawai, kYear, upheld,   hasil, perilaku, predikat, "Dipertimbangkan",
                          kAtasan,  At("2027-01-20")};
}

struct Scenario {
  AppraisalState state;
  Result<std::vector<AppraisalEvent>> outcome = std::vector<AppraisalEvent>{};

  static Scenario Given(std::vector<AppraisalEvent> history) {
    Scenario s;
    for (const auto& e : history) s.state = Evolve(s.state, e);
    return s;
  }
  Scenario& When(const AppraisalCommand& cmd, const CommandContext& ctx,
                 const AppraisalFacts& facts = Facts()) {
    outcome = Decide(state, cmd, facts, ctx);
    return *this;
  }
  void Then(const std::vector<AppraisalEvent>& expected) const {
    ASSERT_TRUE(outcome.ok()) << outcome.error().code << ": " << outcome.error().message_en;
    EXPECT_EQ(outcome.value(), expected);
  }
  void ThenNothing() const { Then({}); }
  void ThenRefused(const std::string& code, ViolationKind kind) const {
    ASSERT_FALSE(outcome.ok()) << "expected refusal " << code;
    EXPECT_EQ(outcome.error().code, code);
    EXPECT_EQ(outcome.error().kind, kind);
    EXPECT_FALSE(outcome.error().message_id.empty());
    EXPECT_FALSE(outcome.error().message_en.empty());
  }
};

// --- Recording -----------------------------------------------------------------------------

TEST(AppraisalRecord, TheCurrentPejabatPenilaiRecordsAgainstTheApprovedSkp) {
  Scenario::Given({})
      .When(Record(Rating::kSesuai, Rating::kDiAtas), By(kPenilai, "2027-01-10"))
      .Then({Recorded()});
}

TEST(AppraisalRecord, AllNinePredikatCellsAreDerivedByTheTableAndStored) {
  struct Cell {
    Rating hasil, perilaku;
    Predikat expected;
  };
  const Cell cells[] = {
      {Rating::kDiAtas, Rating::kDiBawah, Predikat::kKurang},
      {Rating::kDiAtas, Rating::kSesuai, Predikat::kBaik},
      {Rating::kDiAtas, Rating::kDiAtas, Predikat::kSangatBaik},
      {Rating::kSesuai, Rating::kDiBawah, Predikat::kKurang},
      {Rating::kSesuai, Rating::kSesuai, Predikat::kBaik},
      {Rating::kSesuai, Rating::kDiAtas, Predikat::kBaik},
      {Rating::kDiBawah, Rating::kDiBawah, Predikat::kSangatKurang},
      {Rating::kDiBawah, Rating::kSesuai, Predikat::kButuhPerbaikan},
      {Rating::kDiBawah, Rating::kDiAtas, Predikat::kButuhPerbaikan},
  };
  for (const Cell& c : cells) {
    auto out = Decide(AppraisalState{}, Record(c.hasil, c.perilaku), Facts(),
                      By(kPenilai, "2027-01-10"));
    ASSERT_TRUE(out.ok());
    ASSERT_EQ(out->size(), 1u);
    const auto& e = std::get<AppraisalRecorded>(out->front());
    EXPECT_EQ(e.predikat, c.expected) << ToString(c.hasil) << " x " << ToString(c.perilaku);
    EXPECT_EQ(Evolve({}, e).predikat(), c.expected);
  }
}

TEST(AppraisalRecord, KeepsPerilakuPerBerakhlakValueAndNotes) {
  RecordAppraisal cmd = Record(Rating::kDiAtas, Rating::kDiAtas);
  cmd.perilaku = {{"akuntabel", Rating::kDiAtas}, {"kolaboratif", Rating::kSesuai}};
  cmd.inovasi = "Perizinan daring satu pintu";
  cmd.notes = "Tahun yang baik";
  auto s = Scenario::Given({}).When(cmd, By(kPenilai, "2027-01-10"));
  ASSERT_TRUE(s.outcome.ok());
  AppraisalState st = Evolve({}, s.outcome->front());
  EXPECT_EQ(st.perilaku.at("akuntabel"), Rating::kDiAtas);
  EXPECT_EQ(st.inovasi, std::optional<std::string>("Perizinan daring satu pintu"));
  EXPECT_EQ(st.status, AppraisalStatus::kRecorded);
  EXPECT_EQ(st.recorded_by, kPenilai);
  EXPECT_EQ(st.skp_version, 2);
  EXPECT_EQ(st.received_on, D("2027-01-10"));

  cmd.perilaku = {{"jujur", Rating::kDiAtas}};
  Scenario::Given({}).When(cmd, By(kPenilai, "2027-01-10"))
      .ThenRefused("appraisal.perilaku_invalid", ViolationKind::kInvalid);
}

TEST(AppraisalRecord, OnePerPeriod) {
  Scenario::Given({Recorded()})
      .When(Record(Rating::kDiAtas, Rating::kDiAtas), By(kPenilai, "2027-01-11"))
      .ThenRefused("appraisal.already_recorded", ViolationKind::kConflict);
}

TEST(AppraisalRecord, NeverForThemselfEvenIfTheDataSaysSo) {
  AppraisalFacts f = Facts();
  f.pejabat_penilai_nip = kPegawai;
  Scenario::Given({})
      .When(Record(Rating::kDiAtas, Rating::kDiAtas), By(kPegawai, "2027-01-10"), f)
      .ThenRefused("appraisal.self", ViolationKind::kForbidden);
}

TEST(AppraisalRecord, OnlyByTheCurrentPejabatPenilai) {
  Scenario::Given({})
      .When(Record(Rating::kDiAtas, Rating::kDiAtas), By(kOther, "2027-01-10"))
      .ThenRefused("appraisal.not_pejabat_penilai", ViolationKind::kForbidden);
  Scenario::Given({})  // the atasan is not the pejabat penilai
      .When(Record(Rating::kDiAtas, Rating::kDiAtas), By(kAtasan, "2027-01-10"))
      .ThenRefused("appraisal.not_pejabat_penilai", ViolationKind::kForbidden);
  AppraisalFacts none = Facts();
  none.pejabat_penilai_nip.clear();
  Scenario::Given({})
      .When(Record(Rating::kDiAtas, Rating::kDiAtas), By(kPenilai, "2027-01-10"), none)
      .ThenRefused("appraisal.not_pejabat_penilai", ViolationKind::kForbidden);
}

TEST(AppraisalRecord, OnlyAgainstAnApprovedSkp) {
  AppraisalFacts f = Facts();
  f.approved_skp_version = 0;
  Scenario::Given({})
      .When(Record(Rating::kDiAtas, Rating::kDiAtas), By(kPenilai, "2027-01-10"), f)
      .ThenRefused("appraisal.skp_not_approved", ViolationKind::kRefused);
}

TEST(AppraisalRecord, ThePeriodicKindMustBeTheInstansisChoiceTheAnnualIsAlwaysAllowed) {
  AppraisalFacts quarterly = Facts();
  AppraisalFacts monthly = Facts();
  monthly.periodic_kind = PeriodKind::kMonthly;
  const Rating s = Rating::kSesuai;
  Scenario::Given({}).When(Record(s, s, Period::Month(2026, 3)), By(kPenilai, "2026-04-01"),
                           quarterly)
      .ThenRefused("appraisal.period_kind_not_used", ViolationKind::kRefused);
  Scenario::Given({}).When(Record(s, s, Period::Quarter(2026, 1)), By(kPenilai, "2026-04-01"),
                           monthly)
      .ThenRefused("appraisal.period_kind_not_used", ViolationKind::kRefused);
  for (const AppraisalFacts& f : {quarterly, monthly}) {
    auto out = Decide({}, Record(s, s, kYear), f, By(kPenilai, "2027-01-10"));
    EXPECT_TRUE(out.ok());
  }
  EXPECT_TRUE(Decide({}, Record(s, s, Period::Quarter(2026, 1)), quarterly,
                     By(kPenilai, "2026-04-01")).ok());
  EXPECT_TRUE(Decide({}, Record(s, s, Period::Month(2026, 3)), monthly,
                     By(kPenilai, "2026-04-01")).ok());
}

TEST(AppraisalRecord, NotBeforeThePeriodStartsNorForAnUnregisteredPegawai) {
  const Rating s = Rating::kSesuai;
  Scenario::Given({}).When(Record(s, s, Period::Quarter(2026, 2)), By(kPenilai, "2026-03-31"))
      .ThenRefused("appraisal.period_not_started", ViolationKind::kRefused);
  EXPECT_TRUE(Decide({}, Record(s, s, Period::Quarter(2026, 2)), Facts(),
                     By(kPenilai, "2026-04-01")).ok());
  AppraisalFacts f = Facts();
  f.pegawai_registered = false;
  Scenario::Given({}).When(Record(s, s), By(kPenilai, "2027-01-10"), f)
      .ThenRefused("appraisal.pegawai_not_found", ViolationKind::kNotFound);
}

// --- Acceptance ----------------------------------------------------------------------------

TEST(AppraisalAccept, ThePegawaiAcceptsOnceRepeatsAreNoOps) {
  Scenario::Given({Recorded()}).When(AcceptAppraisal{}, By(kPegawai, "2027-01-11"))
      .Then({kAccepted});
  Scenario::Given({Recorded(), kAccepted}).When(AcceptAppraisal{}, By(kPegawai, "2027-01-12"))
      .ThenNothing();
  EXPECT_EQ(Scenario::Given({Recorded(), kAccepted}).state.status, AppraisalStatus::kAccepted);
}

TEST(AppraisalAccept, OnlyThePegawaiOnlyBeforeAnObjectionOnlyIfRecorded) {
  Scenario::Given({Recorded()}).When(AcceptAppraisal{}, By(kPenilai, "2027-01-11"))
      .ThenRefused("appraisal.not_the_pegawai", ViolationKind::kForbidden);
  Scenario::Given({Recorded(), kObjected}).When(AcceptAppraisal{}, By(kPegawai, "2027-01-13"))
      .ThenRefused("appraisal.objection_filed", ViolationKind::kConflict);
  Scenario::Given({}).When(AcceptAppraisal{}, By(kPegawai, "2027-01-13"))
      .ThenRefused("appraisal.not_found", ViolationKind::kNotFound);
  const AppraisalFinalized fin{kPegawai, kYear, Predikat::kBaik, kPenilai, At("2027-01-25")};
  Scenario::Given({Recorded(), fin}).When(AcceptAppraisal{}, By(kPegawai, "2027-01-26"))
      .ThenRefused("appraisal.final", ViolationKind::kConflict);
}

// --- Objection window ----------------------------------------------------------------------

TEST(AppraisalObjection, MayBeFiledOnTheDayOfReceiptAndOnDay14) {
  Scenario::Given({Recorded()}).When(FileObjection{"alasan"}, By(kPegawai, "2027-01-10"))
      .Then({ObjectionFiled{kPegawai, kYear, "alasan", At("2027-01-10")}});
  Scenario::Given({Recorded()}).When(FileObjection{"alasan"}, By(kPegawai, "2027-01-24"))
      .Then({ObjectionFiled{kPegawai, kYear, "alasan", At("2027-01-24")}});
}

TEST(AppraisalObjection, IsRefusedOnDay15) {
  Scenario::Given({Recorded()}).When(FileObjection{"alasan"}, By(kPegawai, "2027-01-25"))
      .ThenRefused("appraisal.objection_window_closed", ViolationKind::kRefused);
}

TEST(AppraisalObjection, WindowIsCountedFromTheUtcDateOfReceipt) {
  AppraisalRecorded late = Recorded();
  late.recorded_at = Timestamp{Timestamp::FromDate(D("2027-01-10")).micros +
                              (23LL * 3600 + 59 * 60) * 1000000};  // 23:59 UTC
  Scenario::Given({late}).When(FileObjection{"alasan"}, By(kPegawai, "2027-01-24")).Then(
      {ObjectionFiled{kPegawai, kYear, "alasan", At("2027-01-24")}});
  Scenario::Given({late}).When(FileObjection{"alasan"}, By(kPegawai, "2027-01-25"))
      .ThenRefused("appraisal.objection_window_closed", ViolationKind::kRefused);
}

TEST(AppraisalObjection, NotAfterAcceptanceOnlyOnceOnlyByThePegawaiWithAReason) {
  Scenario::Given({Recorded(), kAccepted}).When(FileObjection{"x"}, By(kPegawai, "2027-01-12"))
      .ThenRefused("appraisal.already_accepted", ViolationKind::kConflict);
  Scenario::Given({Recorded(), kObjected}).When(FileObjection{"x"}, By(kPegawai, "2027-01-13"))
      .ThenRefused("appraisal.objection_already_filed", ViolationKind::kConflict);
  Scenario::Given({Recorded()}).When(FileObjection{"x"}, By(kPenilai, "2027-01-12"))
      .ThenRefused("appraisal.not_the_pegawai", ViolationKind::kForbidden);
  Scenario::Given({Recorded()}).When(FileObjection{"  "}, By(kPegawai, "2027-01-12"))
      .ThenRefused("text.required", ViolationKind::kInvalid);
  Scenario::Given({}).When(FileObjection{"x"}, By(kPegawai, "2027-01-12"))
      .ThenRefused("appraisal.not_found", ViolationKind::kNotFound);
}

// --- Decision on the objection -------------------------------------------------------------

TEST(AppraisalDecision, UpheldByTheAtasanWithNewRatingsIsANewEventWithTheNewPredikat) {
  auto s = Scenario::Given({Recorded(), kObjected});
  s.When(DecideObjection{true, Rating::kDiAtas, std::nullopt, "Dipertimbangkan"},
         By(kAtasan, "2027-01-20"))
      .Then({Decided(true, Rating::kDiAtas, Rating::kDiAtas, Predikat::kSangatBaik)});
  AppraisalState st = Evolve(s.state, s.outcome->front());
  EXPECT_EQ(st.status, AppraisalStatus::kObjectionDecided);
  EXPECT_EQ(st.hasil_kerja, Rating::kSesuai);  // the original is kept
  EXPECT_EQ(st.recorded_predikat, Predikat::kBaik);
  EXPECT_EQ(st.effective_hasil_kerja(), Rating::kDiAtas);
  EXPECT_EQ(st.predikat(), Predikat::kSangatBaik);
  EXPECT_EQ(st.objection->reason, kObjected.reason);
}

TEST(AppraisalDecision, RejectedKeepsTheOriginal) {
  auto s = Scenario::Given({Recorded(), kObjected});
  s.When(DecideObjection{false, std::nullopt, std::nullopt, "Dipertimbangkan"},
         By(kAtasan, "2027-01-20"))
      .Then({Decided(false, std::nullopt, std::nullopt, Predikat::kBaik)});
  AppraisalState st = Evolve(s.state, s.outcome->front());
  EXPECT_EQ(st.predikat(), Predikat::kBaik);
  EXPECT_EQ(st.effective_hasil_kerja(), Rating::kSesuai);
}

TEST(AppraisalDecision, TheDecisionIsFinal) {
  const auto decided = Decided(false, std::nullopt, std::nullopt, Predikat::kBaik);
  Scenario::Given({Recorded(), kObjected, decided})
      .When(DecideObjection{true, Rating::kDiAtas, Rating::kDiAtas, "lagi"},
            By(kAtasan, "2027-01-21"))
      .ThenRefused("appraisal.objection_already_decided", ViolationKind::kConflict);
  Scenario::Given({Recorded(), kObjected, decided})
      .When(FileObjection{"lagi"}, By(kPegawai, "2027-01-21"))
      .ThenRefused("appraisal.objection_already_filed", ViolationKind::kConflict);
}

TEST(AppraisalDecision, OnlyTheAtasanPejabatPenilai) {
  const DecideObjection rej{false, std::nullopt, std::nullopt, "r"};
  Scenario::Given({Recorded(), kObjected}).When(rej, By(kPenilai, "2027-01-20"))
      .ThenRefused("appraisal.not_atasan_pejabat_penilai", ViolationKind::kForbidden);
  Scenario::Given({Recorded(), kObjected}).When(rej, By(kOther, "2027-01-20"))
      .ThenRefused("appraisal.not_atasan_pejabat_penilai", ViolationKind::kForbidden);
  AppraisalFacts self = Facts();
  self.atasan_pejabat_penilai_nip = kPegawai;
  Scenario::Given({Recorded(), kObjected}).When(rej, By(kPegawai, "2027-01-20"), self)
      .ThenRefused("appraisal.self", ViolationKind::kForbidden);
}

TEST(AppraisalDecision, NeedsAnObjectionAndConsistentRatings) {
  Scenario::Given({Recorded()})
      .When(DecideObjection{false, std::nullopt, std::nullopt, "r"}, By(kAtasan, "2027-01-20"))
      .ThenRefused("appraisal.no_objection", ViolationKind::kConflict);
  Scenario::Given({Recorded(), kObjected})
      .When(DecideObjection{true, std::nullopt, std::nullopt, "r"}, By(kAtasan, "2027-01-20"))
      .ThenRefused("appraisal.decision_ratings_required", ViolationKind::kInvalid);
  Scenario::Given({Recorded(), kObjected})
      .When(DecideObjection{false, Rating::kDiAtas, std::nullopt, "r"}, By(kAtasan, "2027-01-20"))
      .ThenRefused("appraisal.decision_ratings_unexpected", ViolationKind::kInvalid);
  Scenario::Given({Recorded(), kObjected})
      .When(DecideObjection{true, Rating::kSesuai, Rating::kDiAtas, "r"}, By(kAtasan, "2027-01-20"))
      .ThenRefused("appraisal.decision_ratings_unchanged", ViolationKind::kRefused);
  Scenario::Given({Recorded(), kObjected})
      .When(DecideObjection{true, Rating::kDiAtas, Rating::kDiAtas, ""}, By(kAtasan, "2027-01-20"))
      .ThenRefused("text.required", ViolationKind::kInvalid);
}

// --- Finalisation --------------------------------------------------------------------------

AppraisalFinalized Final(const char* ymd, Predikat p = Predikat::kBaik) {
  return AppraisalFinalized{kPegawai, kYear, p, kPenilai, At(ymd)};
}

TEST(AppraisalFinalize, OnDay14WithoutAcceptanceIsRefusedOnDay15ItIsAllowed) {
  Scenario::Given({Recorded()}).When(FinalizeAppraisal{}, By(kPenilai, "2027-01-24"))
      .ThenRefused("appraisal.objection_window_open", ViolationKind::kRefused);
  Scenario::Given({Recorded()}).When(FinalizeAppraisal{}, By(kPenilai, "2027-01-25"))
      .Then({Final("2027-01-25")});
}

TEST(AppraisalFinalize, RightAfterAcceptance) {
  Scenario::Given({Recorded(), kAccepted}).When(FinalizeAppraisal{}, By(kPenilai, "2027-01-11"))
      .Then({Final("2027-01-11")});
}

TEST(AppraisalFinalize, NeverWhileAnObjectionIsOpenEvenLongAfter) {
  Scenario::Given({Recorded(), kObjected}).When(FinalizeAppraisal{}, By(kPenilai, "2027-01-13"))
      .ThenRefused("appraisal.objection_open", ViolationKind::kConflict);
  Scenario::Given({Recorded(), kObjected}).When(FinalizeAppraisal{}, By(kPenilai, "2027-06-01"))
      .ThenRefused("appraisal.objection_open", ViolationKind::kConflict);
}

TEST(AppraisalFinalize, AfterTheDecisionWithTheEffectivePredikat) {
  const auto upheld = Decided(true, Rating::kDiAtas, Rating::kDiAtas, Predikat::kSangatBaik);
  Scenario::Given({Recorded(), kObjected, upheld})
      .When(FinalizeAppraisal{}, By(kPenilai, "2027-01-21"))
      .Then({Final("2027-01-21", Predikat::kSangatBaik)});
}

TEST(AppraisalFinalize, OnlyByTheCurrentPejabatPenilaiOnce) {
  Scenario::Given({Recorded(), kAccepted}).When(FinalizeAppraisal{}, By(kOther, "2027-01-12"))
      .ThenRefused("appraisal.not_pejabat_penilai", ViolationKind::kForbidden);
  Scenario::Given({Recorded(), kAccepted}).When(FinalizeAppraisal{}, By(kPegawai, "2027-01-12"))
      .ThenRefused("appraisal.self", ViolationKind::kForbidden);
  Scenario::Given({Recorded(), kAccepted, Final("2027-01-12")})
      .When(FinalizeAppraisal{}, By(kPenilai, "2027-01-13"))
      .ThenNothing();
  Scenario::Given({}).When(FinalizeAppraisal{}, By(kPenilai, "2027-01-13"))
      .ThenRefused("appraisal.not_found", ViolationKind::kNotFound);
}

TEST(AppraisalFinalize, AfterFinalisationNoObjection) {
  Scenario::Given({Recorded(), Final("2027-01-25")})
      .When(FileObjection{"terlambat"}, By(kPegawai, "2027-01-25"))
      .ThenRefused("appraisal.final", ViolationKind::kConflict);
  AppraisalState st = Scenario::Given({Recorded(), Final("2027-01-25")}).state;
  EXPECT_EQ(st.status, AppraisalStatus::kFinal);
  EXPECT_STREQ(ToString(st.status), "FINAL");
  EXPECT_EQ(st.finalized_by, kPenilai);
}

TEST(AppraisalStream, NamesNipAndPeriod) {
  EXPECT_EQ(AppraisalStream(kPegawai, Period::Quarter(2026, 2)),
            "appraisal-199502242015012001-2026-Q2");
  EXPECT_EQ(AppraisalStream(kPegawai, kYear), "appraisal-199502242015012001-2026");
}

// --- Property: random command sequences ------------------------------------------------------

AppraisalState Fold(const std::vector<AppraisalEvent>& events) {
  AppraisalState s;
  for (const auto& e : events) s = Evolve(s, e);
  return s;
}

TEST(AppraisalProperty, RandomSequencesReplayToTheSameStateAndKeepTheRules) {
  const std::string actors[] = {kPegawai, kPenilai, kAtasan, kOther};
  const Rating ratings[] = {Rating::kDiAtas, Rating::kSesuai, Rating::kDiBawah};
  int finals = 0, decisions = 0, upheld = 0, acceptances = 0;
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    std::mt19937 rng(seed);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint32_t>(n)); };
    AppraisalState state;
    std::vector<AppraisalEvent> log;
    Date today = D("2027-01-05");
    for (int step = 0; step < 12; ++step) {
      today = today.AddDays(pick(5));
      // Mostly the actor the rules expect for the command, sometimes anyone.
      const int kind = pick(5);
      const std::string rightful[] = {kPenilai, kPegawai, kPegawai, kAtasan, kPenilai};
      const CommandContext ctx{Timestamp{Timestamp::FromDate(today).micros + 3600000000LL},
                               pick(4) == 0 ? actors[pick(4)] : rightful[kind]};
      AppraisalCommand cmd;
      switch (kind) {
        case 0: cmd = Record(ratings[pick(3)], ratings[pick(3)]); break;
        case 1: cmd = AcceptAppraisal{}; break;
        case 2: cmd = FileObjection{"alasan " + std::to_string(step)}; break;
        case 3: {
          const bool upheld = pick(2) == 0;
          DecideObjection d{upheld, std::nullopt, std::nullopt, "keputusan"};
          if (upheld) {
            d.hasil_kerja = ratings[pick(3)];
            d.perilaku_kerja = ratings[pick(3)];
          }
          cmd = d;
          break;
        }
        default: cmd = FinalizeAppraisal{}; break;
      }
      const AppraisalState before = state;
      auto out = Decide(state, cmd, Facts(), ctx);
      ASSERT_EQ(state, before) << "Decide must not change its input";
      if (!out.ok()) continue;  // a refusal carries no events and leaves the state as it was
      for (const auto& e : *out) {
        state = Evolve(state, e);
        log.push_back(e);
      }
      // Repeating a command that just succeeded never produces events again.
      auto again = Decide(state, cmd, Facts(), ctx);
      if (again.ok()) {
        EXPECT_TRUE(again->empty()) << "seed " << seed << " step " << step;
      }
      // Rules that must hold in every reachable state.
      EXPECT_EQ(state.recorded_predikat, PredikatFor(state.hasil_kerja, state.perilaku_kerja));
      EXPECT_EQ(state.predikat(),
                PredikatFor(state.effective_hasil_kerja(), state.effective_perilaku_kerja()));
      EXPECT_FALSE(state.accepted() && state.objection.has_value()) << "seed " << seed;
      if (state.status == AppraisalStatus::kFinal) {
        EXPECT_FALSE(state.objection_open());
        EXPECT_TRUE(state.accepted() || state.decision ||
                    DaysBetween(state.received_on, state.finalized_at->date()) > 14);
      }
      if (state.objection) {
        EXPECT_LE(DaysBetween(state.received_on, state.objection->filed_at.date()), 14);
      }
      if (state.exists()) {
        EXPECT_EQ(state.recorded_by, kPenilai);
      }
    }
    // Folding the log from scratch gives the same state.
    EXPECT_EQ(Fold(log), state) << "seed " << seed;
    EXPECT_LE(log.size(), 4u);  // record, accept|object, decide, finalize at most
    finals += state.status == AppraisalStatus::kFinal;
    decisions += state.decision.has_value();
    upheld += state.decision && state.decision->upheld;
    acceptances += state.accepted();
  }
  // The generator reaches every path (else the properties above prove little).
  EXPECT_GT(finals, 20);
  EXPECT_GT(decisions, 10);
  EXPECT_GT(upheld, 3);
  EXPECT_GT(acceptances, 10);
  std::printf("finals=%d decisions=%d upheld=%d acceptances=%d\n", finals, decisions, upheld,
              acceptances);
}

}  // namespace
}  // namespace kinerja::domain
