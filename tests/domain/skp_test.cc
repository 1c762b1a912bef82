// SKP (work plan) scenarios: every transition allowed and refused, plan validation, progress
// and feedback rules; and a property test: random command sequences, folded, replay identically.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <optional>
#include <random>

#include "domain/skp.h"

namespace kinerja::domain {
namespace {

const std::string kPegawai = "199502242015012001";
const std::string kSupervisor = "197805122003121002";
const std::string kStranger = "196811201990031001";
constexpr int kYear = 2026;

CommandContext As(const std::string& actor, int64_t minute = 0) {
  return CommandContext{Timestamp{Timestamp::FromDate(Date::Parse("2026-02-01").value()).micros +
                                  minute * 60'000'000},
                        actor};
}
const CommandContext kByPegawai = As(kPegawai);
const CommandContext kBySupervisor = As(kSupervisor);

SkpFacts Facts() {
  SkpFacts f;
  f.current_supervisor_nip = kSupervisor;
  f.supervisor_approved_rhk_ids = {"kadis-1", "kadis-2"};
  return f;
}

Indikator Ind(double target = 12, IndikatorAspect aspect = IndikatorAspect::kKuantitas) {
  return Indikator{aspect, "Jumlah dokumen kajian", target, "dokumen"};
}

WorkPlan Plan(const std::string& variant = "a") {
  WorkPlan p;
  p.rhk.push_back(Rhk{"rhk-1", RhkKind::kUtama, "Tersusunnya kajian kebijakan " + variant,
                      std::string("kadis-1"), {Ind(12), Ind(90, IndikatorAspect::kKualitas)}});
  p.rhk.push_back(Rhk{"rhk-2", RhkKind::kTambahan, "Narasumber bimtek", std::nullopt, {Ind(2)}});
  p.perilaku["akuntabel"] = "Menyelesaikan laporan tepat waktu";
  return p;
}

Period Month(int m, int year = kYear) { return Period::Month(year, m); }

WorkPlanDraftSaved Drafted(const WorkPlan& plan = Plan()) {
  return WorkPlanDraftSaved{kPegawai, kYear, plan, kPegawai, kByPegawai.now};
}
WorkPlanSubmitted Submitted(int version = 1, const WorkPlan& plan = Plan(), bool again = false) {
  return WorkPlanSubmitted{kPegawai, kYear, version, again, plan, kPegawai, kByPegawai.now};
}
WorkPlanApproved Approved(int version = 1, int supersedes = 0) {
  return WorkPlanApproved{kPegawai, kYear, version, supersedes, kSupervisor, kBySupervisor.now};
}
WorkPlanReturned Returned(int version = 1, const std::string& notes = "Perjelas target") {
  return WorkPlanReturned{kPegawai, kYear, version, notes, kSupervisor, kBySupervisor.now};
}

SubmitWorkPlan Submit(const WorkPlan& plan = Plan()) { return SubmitWorkPlan{kPegawai, kYear, plan}; }
SaveWorkPlanDraft Draft(const WorkPlan& plan = Plan()) {
  return SaveWorkPlanDraft{kPegawai, kYear, plan};
}
ApproveWorkPlan Approve() { return ApproveWorkPlan{kPegawai, kYear}; }
ReturnWorkPlan Return(const std::string& notes = "Perjelas target") {
  return ReturnWorkPlan{kPegawai, kYear, notes};
}
RecordProgress Progress(const std::string& rhk = "rhk-1", int index = 0, double realisasi = 3,
                        Period period = Month(3)) {
  return RecordProgress{kPegawai, kYear, period, rhk, index, realisasi,
                        std::string("Dua kajian selesai"), {"https://drive.example.go.id/k1.pdf"}};
}
GiveFeedback Feedback(std::optional<std::string> rhk = std::string("rhk-1"),
                      Period period = Month(3)) {
  return GiveFeedback{kPegawai, kYear, period, std::move(rhk), "Pertahankan ritme kerja"};
}

SkpState Fold(const std::vector<SkpEvent>& events) {
  SkpState s;
  for (const auto& e : events) s = Evolve(s, e);
  return s;
}

class Scenario {
 public:
  explicit Scenario(std::vector<SkpEvent> given) : state_(Fold(given)) {}
  Scenario& When(const SkpCommand& command, const CommandContext& ctx = kByPegawai,
                 const SkpFacts& facts = Facts()) {
    result_.emplace(Decide(state_, command, facts, ctx));
    return *this;
  }
  // Returns the state after the expected events, for further checks.
  SkpState Then(const std::vector<SkpEvent>& expected) {
    EXPECT_TRUE(result_->ok()) << result_->error().code << ": " << result_->error().message_en;
    if (!result_->ok()) return state_;
    EXPECT_EQ(result_->value(), expected);
    SkpState s = state_;
    for (const auto& e : result_->value()) s = Evolve(s, e);
    return s;
  }
  void ThenRefused(const std::string& code, ViolationKind kind) {
    ASSERT_FALSE(result_->ok()) << "expected " << code;
    EXPECT_EQ(result_->error().code, code) << result_->error().message_en;
    EXPECT_EQ(result_->error().kind, kind);
    EXPECT_FALSE(result_->error().message_id.empty());
    EXPECT_FALSE(result_->error().message_en.empty());
  }

 private:
  SkpState state_;
  std::optional<Result<std::vector<SkpEvent>>> result_;
};
Scenario Given(std::vector<SkpEvent> events) { return Scenario(std::move(events)); }

// --- Drafting and submitting -------------------------------------------------------------------

TEST(SubmitWorkPlan, FromNothingCreatesVersionOne) {
  SkpState s = Given({}).When(Submit()).Then({Submitted(1)});
  EXPECT_EQ(s.status, SkpStatus::kSubmitted);
  EXPECT_EQ(s.current_version, 1);
  EXPECT_EQ(s.approved_version, 0);
  EXPECT_EQ(SkpStream(kPegawai, kYear), "skp-" + kPegawai + "-2026");
}

TEST(SaveWorkPlanDraft, KeepsAWorkingCopyWithoutAVersion) {
  SkpState s = Given({}).When(Draft()).Then({Drafted()});
  EXPECT_EQ(s.status, SkpStatus::kDraft);
  EXPECT_EQ(s.current_version, 0);
  ASSERT_TRUE(s.draft.has_value());
  EXPECT_EQ(*s.draft, Plan());
  Given({Drafted()}).When(Draft()).Then({});  // the same draft again changes nothing
  Given({Drafted()}).When(Draft(Plan("b"))).Then({Drafted(Plan("b"))});
}

TEST(SaveWorkPlanDraft, AcceptsAnIncompletePlanButNotAMalformedOne) {
  WorkPlan incomplete;
  incomplete.rhk.push_back(Rhk{"rhk-1", RhkKind::kTambahan, "Belum lengkap", std::nullopt, {}});
  Given({}).When(Draft(incomplete)).Then({Drafted(incomplete)});
  WorkPlan unknown_key = Plan();
  unknown_key.perilaku["disiplin"] = "x";
  Given({}).When(Draft(unknown_key)).ThenRefused("skp.perilaku_unknown", ViolationKind::kInvalid);
}

TEST(SubmitWorkPlan, FromADraftCreatesVersionOneAndClearsTheDraft) {
  SkpState s = Given({Drafted(Plan("old"))}).When(Submit()).Then({Submitted(1)});
  EXPECT_FALSE(s.draft.has_value());
  EXPECT_EQ(s.versions.at(0).plan, Plan());
}

TEST(SubmitWorkPlan, OnlyByThePegawaiThemself) {
  Given({}).When(Submit(), kBySupervisor).ThenRefused("skp.not_owner", ViolationKind::kForbidden);
  Given({}).When(Draft(), As(kStranger)).ThenRefused("skp.not_owner", ViolationKind::kForbidden);
}

TEST(SubmitWorkPlan, WhileAwaitingApprovalIsAConflictUnlessItIsTheSamePlan) {
  Given({Submitted()}).When(Submit()).Then({});
  Given({Submitted()}).When(Submit(Plan("b")))
      .ThenRefused("skp.awaiting_approval", ViolationKind::kConflict);
  Given({Submitted()}).When(Draft(Plan("b")))
      .ThenRefused("skp.awaiting_approval", ViolationKind::kConflict);
}

TEST(SubmitWorkPlan, AfterReturnResubmitsTheSameVersion) {
  SkpState s = Given({Submitted(), Returned()}).When(Submit(Plan("b")))
                   .Then({Submitted(1, Plan("b"), true)});
  EXPECT_EQ(s.status, SkpStatus::kSubmitted);
  ASSERT_EQ(s.versions.size(), 1u);
  EXPECT_EQ(s.versions[0].plan, Plan("b"));
  ASSERT_EQ(s.versions[0].history.size(), 3u);
  EXPECT_EQ(s.versions[0].history[1].status, SkpStatus::kReturned);
  EXPECT_EQ(s.versions[0].history[1].notes, "Perjelas target");
}

TEST(SubmitWorkPlan, OnAnApprovedPlanIsARevisionThatLeavesTheOldVersionInForce) {
  SkpState s = Given({Submitted(), Approved()}).When(Submit(Plan("b")))
                   .Then({Submitted(2, Plan("b"))});
  EXPECT_EQ(s.status, SkpStatus::kSubmitted);
  EXPECT_EQ(s.current_version, 2);
  EXPECT_EQ(s.approved_version, 1);
  ASSERT_NE(PlanInForce(s), nullptr);
  EXPECT_EQ(*PlanInForce(s), Plan());
  EXPECT_EQ(s.versions[0].status, SkpStatus::kApproved);
}

TEST(SubmitWorkPlan, ARevisionEqualToThePlanInForceChangesNothing) {
  Given({Submitted(), Approved()}).When(Submit()).Then({});
}

TEST(SubmitWorkPlan, ARevisionCanBeReturnedAndResubmitted) {
  SkpState returned = Given({Submitted(), Approved(), Submitted(2, Plan("b"))})
                          .When(Return("Kurangi RHK tambahan"), kBySupervisor)
                          .Then({Returned(2, "Kurangi RHK tambahan")});
  EXPECT_EQ(returned.status, SkpStatus::kReturned);
  EXPECT_EQ(returned.approved_version, 1);  // version 1 still in force
  Given({Submitted(), Approved(), Submitted(2, Plan("b")), Returned(2)})
      .When(Submit(Plan("c")))
      .Then({Submitted(2, Plan("c"), true)});
}

// --- Approving and returning -----------------------------------------------------------------

TEST(ApproveWorkPlan, ByTheCurrentPejabatPenilai) {
  SkpState s = Given({Submitted()}).When(Approve(), kBySupervisor).Then({Approved()});
  EXPECT_EQ(s.status, SkpStatus::kApproved);
  EXPECT_EQ(s.approved_version, 1);
  EXPECT_EQ(ApprovedRhkIds(s), (std::set<std::string>{"rhk-1", "rhk-2"}));
  EXPECT_EQ(s.versions[0].history.back().actor, kSupervisor);
}

TEST(ApproveWorkPlan, OfARevisionSupersedesTheVersionInForce) {
  SkpState s = Given({Submitted(), Approved(), Submitted(2, Plan("b"))})
                   .When(Approve(), kBySupervisor)
                   .Then({Approved(2, 1)});
  EXPECT_EQ(s.approved_version, 2);
  EXPECT_EQ(*PlanInForce(s), Plan("b"));
}

TEST(ApproveWorkPlan, NotByAnyoneElseNorByThePegawai) {
  Given({Submitted()}).When(Approve(), As(kStranger))
      .ThenRefused("skp.not_pejabat_penilai", ViolationKind::kForbidden);
  Given({Submitted()}).When(Approve(), kByPegawai)
      .ThenRefused("skp.self_assessment", ViolationKind::kForbidden);
  SkpFacts claims_self = Facts();
  claims_self.current_supervisor_nip = kPegawai;  // even if the data said so
  Given({Submitted()}).When(Approve(), kByPegawai, claims_self)
      .ThenRefused("skp.self_assessment", ViolationKind::kForbidden);
  SkpFacts no_supervisor = Facts();
  no_supervisor.current_supervisor_nip.reset();
  Given({Submitted()}).When(Approve(), kBySupervisor, no_supervisor)
      .ThenRefused("skp.not_pejabat_penilai", ViolationKind::kForbidden);
}

TEST(ApproveWorkPlan, OnlyWhenSubmitted) {
  Given({}).When(Approve(), kBySupervisor).ThenRefused("skp.not_found", ViolationKind::kNotFound);
  Given({Drafted()}).When(Approve(), kBySupervisor)
      .ThenRefused("skp.not_submitted", ViolationKind::kConflict);
  Given({Submitted(), Returned()}).When(Approve(), kBySupervisor)
      .ThenRefused("skp.not_submitted", ViolationKind::kConflict);
  Given({Submitted(), Approved()}).When(Approve(), kBySupervisor).Then({});  // already approved
}

TEST(ReturnWorkPlan, WithNotesByTheCurrentPejabatPenilai) {
  SkpState s = Given({Submitted()}).When(Return(), kBySupervisor).Then({Returned()});
  EXPECT_EQ(s.status, SkpStatus::kReturned);
  Given({Submitted()}).When(Return(""), kBySupervisor)
      .ThenRefused("text.required", ViolationKind::kInvalid);
}

TEST(ReturnWorkPlan, NotByAnyoneElseAndOnlyWhenSubmitted) {
  Given({Submitted()}).When(Return(), As(kStranger))
      .ThenRefused("skp.not_pejabat_penilai", ViolationKind::kForbidden);
  Given({Submitted()}).When(Return(), kByPegawai)
      .ThenRefused("skp.self_assessment", ViolationKind::kForbidden);
  Given({Drafted()}).When(Return(), kBySupervisor)
      .ThenRefused("skp.not_submitted", ViolationKind::kConflict);
  Given({Submitted(), Approved()}).When(Return(), kBySupervisor)
      .ThenRefused("skp.not_submitted", ViolationKind::kConflict);
  Given({Submitted(), Returned()}).When(Return(), kBySupervisor)
      .ThenRefused("skp.not_submitted", ViolationKind::kConflict);
}

// --- Plan validation -----------------------------------------------------------------------------

void ExpectPlanRefused(const WorkPlan& plan, const std::string& code,
                       ViolationKind kind = ViolationKind::kInvalid,
                       const SkpFacts& facts = Facts()) {
  SCOPED_TRACE(code);
  Given({}).When(Submit(plan), kByPegawai, facts).ThenRefused(code, kind);
}

TEST(WorkPlanValidation, NeedsAnRhkUtama) {
  WorkPlan p = Plan();
  p.rhk.erase(p.rhk.begin());
  ExpectPlanRefused(p, "skp.no_rhk_utama");
  ExpectPlanRefused(WorkPlan{}, "skp.no_rhk_utama");
}

TEST(WorkPlanValidation, RhkIdsAreUniqueSlugsOfAtMost64Characters) {
  WorkPlan dup = Plan();
  dup.rhk[1].id = "rhk-1";
  ExpectPlanRefused(dup, "skp.rhk_id_duplicate");
  WorkPlan spaced = Plan();
  spaced.rhk[1].id = "rhk 2";
  ExpectPlanRefused(spaced, "skp.rhk_id_invalid");
  WorkPlan longer = Plan();
  longer.rhk[1].id = std::string(65, 'a');
  ExpectPlanRefused(longer, "skp.rhk_id_invalid");
  WorkPlan exactly = Plan();
  exactly.rhk[1].id = std::string(64, 'a');
  EXPECT_TRUE(ValidateWorkPlan(exactly, true).ok());
}

TEST(WorkPlanValidation, OneToTwentyIndikatorAndAtMostFiftyRhk) {
  WorkPlan none = Plan();
  none.rhk[1].indikator.clear();
  ExpectPlanRefused(none, "skp.indikator_count");
  WorkPlan many = Plan();
  many.rhk[1].indikator.assign(21, Ind());
  ExpectPlanRefused(many, "skp.indikator_count");
  many.rhk[1].indikator.resize(20);
  EXPECT_TRUE(ValidateWorkPlan(many, true).ok());
  WorkPlan big = Plan();
  for (int i = 0; i < 49; ++i) {
    big.rhk.push_back(Rhk{"x" + std::to_string(i), RhkKind::kTambahan, "d", std::nullopt, {Ind()}});
  }
  ExpectPlanRefused(big, "skp.too_many_rhk");
  big.rhk.pop_back();
  EXPECT_TRUE(ValidateWorkPlan(big, true).ok());
}

TEST(WorkPlanValidation, TargetsArePositiveNumbers) {
  for (double bad : {0.0, -1.0, std::nan(""), static_cast<double>(INFINITY)}) {
    WorkPlan p = Plan();
    p.rhk[0].indikator[0].target = bad;
    ExpectPlanRefused(p, "skp.target_invalid");
  }
  WorkPlan no_unit = Plan();
  no_unit.rhk[0].indikator[0].unit = "";
  ExpectPlanRefused(no_unit, "text.required");
}

TEST(WorkPlanValidation, OnlyTheSevenBerakhlakKeys) {
  WorkPlan p = Plan();
  for (const auto& key : PerilakuKeys()) p.perilaku[key] = "Ekspektasi khusus " + key;
  EXPECT_EQ(PerilakuKeys().size(), 7u);
  EXPECT_TRUE(ValidateWorkPlan(p, true).ok());
  p.perilaku["Akuntabel"] = "x";
  ExpectPlanRefused(p, "skp.perilaku_unknown");
}

TEST(WorkPlanValidation, ParentRhkMustBeOneOfTheSupervisorsApprovedRhk) {
  WorkPlan p = Plan();
  p.rhk[0].parent_rhk_id = "kadis-9";
  ExpectPlanRefused(p, "skp.parent_rhk_not_approved", ViolationKind::kRefused);
  SkpFacts unapproved = Facts();
  unapproved.supervisor_approved_rhk_ids.clear();
  ExpectPlanRefused(Plan(), "skp.parent_rhk_not_approved", ViolationKind::kRefused, unapproved);
  SkpFacts no_supervisor = Facts();
  no_supervisor.current_supervisor_nip.reset();
  ExpectPlanRefused(Plan(), "skp.parent_rhk_without_supervisor", ViolationKind::kRefused,
                    no_supervisor);
  WorkPlan top_level = Plan();
  top_level.rhk[0].parent_rhk_id.reset();
  Given({}).When(Submit(top_level), kByPegawai, no_supervisor).Then({Submitted(1, top_level)});
}

TEST(WorkPlanValidation, RefusesABadYearOrNip) {
  SubmitWorkPlan bad_year = Submit();
  bad_year.year = 1999;
  Given({}).When(bad_year).ThenRefused("year.invalid", ViolationKind::kInvalid);
  SubmitWorkPlan bad_nip = Submit();
  bad_nip.nip = "12345";
  Given({}).When(bad_nip, As("12345")).ThenRefused("nip.invalid", ViolationKind::kInvalid);
  SubmitWorkPlan other_year = Submit();
  other_year.year = 2027;
  Given({Submitted()}).When(other_year)
      .ThenRefused("skp.stream_mismatch", ViolationKind::kInvalid);
}

// --- Progress (realisasi) --------------------------------------------------------------------------

ProgressRecorded Recorded(const RecordProgress& c, int version = 1) {
  return ProgressRecorded{c.nip,     c.year,    version, c.period,   c.rhk_id, c.indikator_index,
                          c.realisasi, c.note, c.evidence, kPegawai, kByPegawai.now};
}

TEST(RecordProgress, AgainstTheApprovedVersion) {
  SkpState s = Given({Submitted(), Approved()}).When(Progress()).Then({Recorded(Progress())});
  ASSERT_EQ(s.progress.size(), 1u);
  EXPECT_EQ(s.progress[0].realisasi, 3);
  EXPECT_EQ(s.progress[0].version, 1);
  Given({Submitted(), Approved(), Recorded(Progress())}).When(Progress()).Then({});  // a retry
  RecordProgress quarterly = Progress("rhk-2", 0, 1, Period::Quarter(kYear, 2));
  Given({Submitted(), Approved(), Recorded(Progress())}).When(quarterly)
      .Then({Recorded(quarterly)});
}

TEST(RecordProgress, DuringARevisionStillCountsAgainstTheVersionInForce) {
  Given({Submitted(), Approved(), Submitted(2, Plan("b"))}).When(Progress())
      .Then({Recorded(Progress(), 1)});
}

TEST(RecordProgress, NeedsAnApprovedPlan) {
  Given({}).When(Progress()).ThenRefused("skp.not_found", ViolationKind::kNotFound);
  Given({Drafted()}).When(Progress()).ThenRefused("skp.not_approved", ViolationKind::kConflict);
  Given({Submitted()}).When(Progress()).ThenRefused("skp.not_approved", ViolationKind::kConflict);
  Given({Submitted(), Returned()}).When(Progress())
      .ThenRefused("skp.not_approved", ViolationKind::kConflict);
}

TEST(RecordProgress, OnlyByThePegawai) {
  Given({Submitted(), Approved()}).When(Progress(), kBySupervisor)
      .ThenRefused("skp.not_owner", ViolationKind::kForbidden);
}

TEST(RecordProgress, ForAnRhkAndIndikatorOfThePlanWithinTheYear) {
  std::vector<SkpEvent> approved{Submitted(), Approved()};
  Given(approved).When(Progress("rhk-9")).ThenRefused("skp.rhk_not_found", ViolationKind::kNotFound);
  Given(approved).When(Progress("rhk-1", 2))
      .ThenRefused("skp.indikator_not_found", ViolationKind::kNotFound);
  Given(approved).When(Progress("rhk-1", -1))
      .ThenRefused("skp.indikator_not_found", ViolationKind::kNotFound);
  Given(approved).When(Progress("rhk-1", 1)).Then({Recorded(Progress("rhk-1", 1))});
  Given(approved).When(Progress("rhk-1", 0, 3, Month(12, 2025)))
      .ThenRefused("skp.period_outside_year", ViolationKind::kInvalid);
  Given(approved).When(Progress("rhk-1", 0, 3, Period::Annual(2027)))
      .ThenRefused("skp.period_outside_year", ViolationKind::kInvalid);
  Given(approved).When(Progress("rhk-1", 0, -0.5))
      .ThenRefused("skp.realisasi_invalid", ViolationKind::kInvalid);
  Given(approved).When(Progress("rhk-1", 0, 0)).Then({Recorded(Progress("rhk-1", 0, 0))});
}

TEST(RecordProgress, EvidenceIsAtMostTwentyHttpLinks) {
  std::vector<SkpEvent> approved{Submitted(), Approved()};
  auto with = [](std::vector<std::string> urls) {
    RecordProgress c = Progress();
    c.evidence = std::move(urls);
    return c;
  };
  for (const std::string bad : {"ftp://files.example.id/a.pdf", "javascript:alert(1)",
                                "https://", "https:///path", "http://host/a b",
                                "drive.example.id/a.pdf", "HTTPS://x", "https://x\n"}) {
    SCOPED_TRACE(bad);
    Given(approved).When(with({bad})).ThenRefused("skp.evidence_invalid", ViolationKind::kInvalid);
  }
  const std::string prefix = "https://e.id/";
  const std::string longest = prefix + std::string(2048 - prefix.size(), 'a');
  Given(approved).When(with({longest})).Then({Recorded(with({longest}))});
  Given(approved).When(with({longest + "a"}))
      .ThenRefused("skp.evidence_invalid", ViolationKind::kInvalid);
  std::vector<std::string> twenty(20, "http://e.id/x");
  Given(approved).When(with(twenty)).Then({Recorded(with(twenty))});
  twenty.push_back("http://e.id/y");
  Given(approved).When(with(twenty)).ThenRefused("skp.evidence_too_many", ViolationKind::kInvalid);
  Given(approved).When(with({})).Then({Recorded(with({}))});
}

// --- Feedback (umpan balik) ------------------------------------------------------------------------

FeedbackGiven FeedbackFor(const GiveFeedback& c, int version = 1) {
  return FeedbackGiven{c.nip, c.year, version, c.period, c.rhk_id, c.text, kSupervisor,
                       kBySupervisor.now};
}

TEST(GiveFeedback, ByTheCurrentPejabatPenilaiOnAnApprovedPlan) {
  SkpState s = Given({Submitted(), Approved()}).When(Feedback(), kBySupervisor)
                   .Then({FeedbackFor(Feedback())});
  ASSERT_EQ(s.feedback.size(), 1u);
  EXPECT_EQ(s.feedback[0].text, "Pertahankan ritme kerja");
  Given({Submitted(), Approved()}).When(Feedback(std::nullopt), kBySupervisor)
      .Then({FeedbackFor(Feedback(std::nullopt))});
  Given({Submitted(), Approved(), FeedbackFor(Feedback())}).When(Feedback(), kBySupervisor)
      .Then({});
}

TEST(GiveFeedback, NotByAnyoneElse) {
  Given({Submitted(), Approved()}).When(Feedback(), As(kStranger))
      .ThenRefused("skp.not_pejabat_penilai", ViolationKind::kForbidden);
  Given({Submitted(), Approved()}).When(Feedback(), kByPegawai)
      .ThenRefused("skp.self_assessment", ViolationKind::kForbidden);
}

TEST(GiveFeedback, NeedsAnApprovedPlanAKnownRhkAndAPeriodOfTheYear) {
  Given({Submitted()}).When(Feedback(), kBySupervisor)
      .ThenRefused("skp.not_approved", ViolationKind::kConflict);
  Given({Submitted(), Approved()}).When(Feedback(std::string("rhk-9")), kBySupervisor)
      .ThenRefused("skp.rhk_not_found", ViolationKind::kNotFound);
  Given({Submitted(), Approved()}).When(Feedback(std::nullopt, Month(1, 2027)), kBySupervisor)
      .ThenRefused("skp.period_outside_year", ViolationKind::kInvalid);
  GiveFeedback empty = Feedback();
  empty.text = "";
  Given({Submitted(), Approved()}).When(empty, kBySupervisor)
      .ThenRefused("text.required", ViolationKind::kInvalid);
}

// --- Property: random command sequences ------------------------------------------------------------

// Checks what must hold in every reachable state.
void ExpectInvariants(const SkpState& s) {
  ASSERT_EQ(s.current_version, static_cast<int>(s.versions.size()));
  for (size_t i = 0; i < s.versions.size(); ++i) {
    ASSERT_EQ(s.versions[i].number, static_cast<int>(i + 1));
    ASSERT_FALSE(s.versions[i].history.empty());
    ASSERT_EQ(s.versions[i].history.front().status, SkpStatus::kSubmitted);
    ASSERT_EQ(s.versions[i].history.back().status, s.versions[i].status);
  }
  ASSERT_LE(s.approved_version, s.current_version);
  if (s.approved_version > 0) {
    ASSERT_EQ(s.versions[s.approved_version - 1].status, SkpStatus::kApproved);
  }
  if (s.versions.empty()) {
    ASSERT_TRUE(s.status == SkpStatus::kNone || s.status == SkpStatus::kDraft);
  } else {
    ASSERT_EQ(s.status, s.versions.back().status);
  }
  if (s.status == SkpStatus::kSubmitted) {
    ASSERT_FALSE(s.draft.has_value());
  }
  for (const auto& p : s.progress) {
    ASSERT_GE(p.version, 1);
    const WorkPlan& plan = s.versions.at(p.version - 1).plan;
    const Rhk* rhk = FindRhk(plan, p.rhk_id);
    ASSERT_NE(rhk, nullptr);
    ASSERT_LT(static_cast<size_t>(p.indikator_index), rhk->indikator.size());
    ASSERT_EQ(p.period.year(), s.year);
  }
}

class CommandGenerator {
 public:
  explicit CommandGenerator(uint32_t seed) : rng_(seed) {}

  SkpCommand Next() {
    switch (Pick(6)) {
      case 0: return Draft(RandomPlan());
      case 1: return Submit(RandomPlan());
      case 2: return Approve();
      case 3: return Return(Pick(8) == 0 ? "" : "Catatan " + std::to_string(Pick(3)));
      case 4: {
        RecordProgress c = Progress(Pick(4) == 0 ? "rhk-9" : "rhk-" + std::to_string(1 + Pick(2)),
                                    static_cast<int>(Pick(2)), Pick(10) == 0 ? -1.0 : Pick(20),
                                    RandomPeriod());
        if (Pick(6) == 0) c.evidence.push_back("ftp://bad");
        if (Pick(3) == 0) c.note.reset();
        return c;
      }
      default: {
        std::optional<std::string> rhk;
        if (Pick(2) == 0) rhk = "rhk-" + std::to_string(1 + Pick(3));
        return Feedback(rhk, RandomPeriod());
      }
    }
  }
  // Mostly the person the rules expect for the command, so that sequences get far; sometimes
  // someone else, so that the actor rules are exercised too.
  CommandContext Actor(const SkpCommand& command, int64_t minute) {
    const bool supervisor_command = std::holds_alternative<ApproveWorkPlan>(command) ||
                                    std::holds_alternative<ReturnWorkPlan>(command) ||
                                    std::holds_alternative<GiveFeedback>(command);
    const uint32_t roll = Pick(10);
    if (roll == 0) return As(kStranger, minute);
    if (roll == 1) return As(supervisor_command ? kPegawai : kSupervisor, minute);
    return As(supervisor_command ? kSupervisor : kPegawai, minute);
  }
 private:
  uint32_t Pick(uint32_t n) { return std::uniform_int_distribution<uint32_t>(0, n - 1)(rng_); }
  Period RandomPeriod() {
    switch (Pick(4)) {
      case 0: return Period::Quarter(kYear, 1 + static_cast<int>(Pick(4)));
      case 1: return Period::Annual(Pick(5) == 0 ? kYear + 1 : kYear);
      default: return Month(1 + static_cast<int>(Pick(12)), Pick(8) == 0 ? kYear - 1 : kYear);
    }
  }
  WorkPlan RandomPlan() {
    WorkPlan p = Plan(std::to_string(Pick(3)));
    if (Pick(3) == 0) p.rhk.pop_back();  // only rhk-1
    if (Pick(4) == 0) p.rhk[0].indikator.pop_back();
    if (Pick(10) == 0) p.rhk[0].kind = RhkKind::kTambahan;  // invalid if alone
    if (Pick(10) == 0) p.rhk[0].parent_rhk_id = "kadis-9";   // not approved upstairs
    return p;
  }
  std::mt19937 rng_;
};

TEST(SkpProperty, RandomSequencesReplayToTheSameStateAndRefusalsChangeNothing) {
  int accepted = 0, refused = 0, revisions_approved = 0, with_progress = 0;
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    CommandGenerator gen(seed);
    SkpState state;
    std::vector<SkpEvent> log;
    for (int step = 0; step < 60; ++step) {
      const SkpCommand command = gen.Next();
      const CommandContext ctx = gen.Actor(command, step);
      auto result = Decide(state, command, Facts(), ctx);
      // Decide is pure: the same inputs give the same answer.
      auto again = Decide(state, command, Facts(), ctx);
      ASSERT_EQ(result.ok(), again.ok());
      if (!result.ok()) {
        ++refused;
        ASSERT_EQ(result.error().code, again.error().code);
        ASSERT_FALSE(result.error().code.empty());
        continue;  // a refusal produces no events, so the state stays as it is
      }
      ASSERT_EQ(result.value(), again.value());
      ++accepted;
      for (const auto& e : result.value()) {
        state = Evolve(state, e);
        log.push_back(e);
      }
      ASSERT_NO_FATAL_FAILURE(ExpectInvariants(state));
      // Deciding the same command once more on the new state changes nothing or is refused:
      // no command double-applies.
      if (!result.value().empty()) {
        auto retry = Decide(state, command, Facts(), ctx);
        if (retry.ok()) {
          ASSERT_TRUE(retry.value().empty()) << command.index();
        }
      }
    }
    ASSERT_EQ(Fold(log), state);
    if (state.approved_version >= 2) ++revisions_approved;
    if (!state.progress.empty()) ++with_progress;
  }
  // The generator reaches the interesting states (the property is not vacuous).
  std::printf("accepted %d refused %d revisions approved %d with progress %d\n", accepted, refused,
              revisions_approved, with_progress);
  EXPECT_GT(accepted, 1000);
  EXPECT_GT(refused, 1000);
  EXPECT_GT(revisions_approved, 20);
  EXPECT_GT(with_progress, 100);
}

}  // namespace
}  // namespace kinerja::domain
