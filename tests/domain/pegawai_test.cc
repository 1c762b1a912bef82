// Pegawai aggregate scenarios: registration rules, assignment changes, and the question
// "who was the pejabat penilai on date D" across changes and backdated corrections.
#include <gtest/gtest.h>

#include <map>
#include <optional>

#include "domain/pegawai.h"

namespace kinerja::domain {
namespace {

const std::string kPegawai = "199502242015012001";     // PNS, female
const std::string kSupervisorA = "197805122003121002";  // PNS
const std::string kSupervisorB = "196811201990031001";  // PNS
const std::string kSupervisorC = "199001012014022003";  // PNS
const std::string kPppk = "198505152023212001";         // PPPK NI (code 21)

Date D(const char* text) { return Date::Parse(text).value(); }
Golongan Gol(const char* text) { return Golongan::Parse(text).value(); }
CommandContext Admin(const char* today = "2026-03-10") {
  return CommandContext{Timestamp::FromDate(D(today)), "bkpsdm-admin"};
}

// Facts as the caller would find them when everything named exists and no cycle is formed.
PegawaiFacts Exists(std::vector<std::string> chain = {}) {
  PegawaiFacts f;
  f.unit_exists = true;
  f.supervisor_registered = true;
  f.supervisor_chain = std::move(chain);
  return f;
}

RegisterEmployee Register(const std::string& nip = kPegawai,
                          std::optional<std::string> supervisor = kSupervisorA) {
  RegisterEmployee c;
  c.nip = nip;
  c.name = "Siti Rahmawati";
  c.unit_id = "disdikbud";
  c.jabatan = "Analis Kebijakan";
  c.jenis_jabatan = JenisJabatan::kFungsional;
  c.golongan = Gol("III/b");
  c.supervisor_nip = std::move(supervisor);
  c.status = EmployeeStatus::kPns;
  return c;
}

EmployeeRegistered Registered(const char* from = "2026-01-01",
                              std::optional<std::string> supervisor = kSupervisorA,
                              const std::string& nip = kPegawai) {
  EmployeeRegistered e;
  e.nip = nip;
  e.name = "Siti Rahmawati";
  e.status = EmployeeStatus::kPns;
  e.unit_id = "disdikbud";
  e.jabatan = "Analis Kebijakan";
  e.jenis_jabatan = JenisJabatan::kFungsional;
  e.golongan = Gol("III/b");
  e.supervisor_nip = std::move(supervisor);
  e.effective_date = D(from);
  e.recorded_at = Timestamp::FromDate(D(from));
  return e;
}

AssignmentChanged SupervisorChanged(const std::string& to, const char* effective,
                                    const char* recorded) {
  AssignmentChanged e;
  e.nip = kPegawai;
  e.supervisor_nip = to;
  e.effective_date = D(effective);
  e.recorded_at = Timestamp::FromDate(D(recorded));
  return e;
}

ChangeAssignment ChangeSupervisor(const std::string& to, const char* effective) {
  ChangeAssignment c;
  c.supervisor_nip = to;
  c.effective_date = D(effective);
  return c;
}

class Scenario {
 public:
  explicit Scenario(std::vector<PegawaiEvent> given) {
    for (const auto& e : given) state_ = Evolve(state_, e);
  }
  Scenario& When(const PegawaiCommand& command, const PegawaiFacts& facts = Exists(),
                 const CommandContext& ctx = Admin()) {
    result_.emplace(Decide(state_, command, facts, ctx));
    return *this;
  }
  void Then(const std::vector<PegawaiEvent>& expected) {
    ASSERT_TRUE(result_->ok()) << result_->error().code << ": " << result_->error().message_en;
    EXPECT_EQ(result_->value(), expected);
  }
  void ThenRefused(const std::string& code, ViolationKind kind) {
    ASSERT_FALSE(result_->ok()) << "expected " << code;
    EXPECT_EQ(result_->error().code, code) << result_->error().message_en;
    EXPECT_EQ(result_->error().kind, kind);
    EXPECT_FALSE(result_->error().message_id.empty());
    EXPECT_FALSE(result_->error().message_en.empty());
  }
  const PegawaiState& state() const { return state_; }

 private:
  PegawaiState state_;
  std::optional<Result<std::vector<PegawaiEvent>>> result_;
};
Scenario Given(std::vector<PegawaiEvent> events) { return Scenario(std::move(events)); }

PegawaiState Fold(const std::vector<PegawaiEvent>& events) {
  PegawaiState s;
  for (const auto& e : events) s = Evolve(s, e);
  return s;
}

// --- Registration ---------------------------------------------------------------------------

TEST(RegisterEmployee, RecordsEveryFieldEffectiveTodayByDefault) {
  Given({}).When(Register(), Exists(), Admin("2026-01-01")).Then({Registered("2026-01-01")});
}

TEST(RegisterEmployee, TakesAnExplicitEffectiveDate) {
  RegisterEmployee c = Register();
  c.effective_date = D("2025-07-01");
  EmployeeRegistered e = Registered("2025-07-01");
  e.recorded_at = Admin("2026-03-10").now;
  Given({}).When(c).Then({e});
}

TEST(RegisterEmployee, ValidatesTheNipForItsStatus) {
  auto refused = [](const std::string& nip) {
    Given({}).When(Register(nip)).ThenRefused("nip.invalid", ViolationKind::kInvalid);
  };
  refused("199502302015012001");   // 30 February
  refused("199502242015013001");   // gender digit 3
  refused("199502242015012000");   // sequence 000
  refused("19950224201501200");    // 17 digits
  refused("1995022420150120011");  // 19 digits
  refused("19950224201501200x");   // a non-digit
  refused(kPppk);                  // a PPPK NI is not a PNS NIP
  auto ok = Decide(PegawaiState{}, Register(kPegawai), Exists(), Admin());
  EXPECT_TRUE(ok.ok());
}

TEST(RegisterEmployee, PnsNeedsAGolongan) {
  RegisterEmployee c = Register();
  c.golongan.reset();
  Given({}).When(c).ThenRefused("pegawai.golongan_required", ViolationKind::kInvalid);
}

TEST(RegisterEmployee, PppkHasNoGolongan) {
  RegisterEmployee c = Register(kPppk);
  c.status = EmployeeStatus::kPppk;
  Given({}).When(c).ThenRefused("pegawai.golongan_not_applicable", ViolationKind::kInvalid);
  c.golongan.reset();
  auto r = Decide(PegawaiState{}, c, Exists(), Admin());
  ASSERT_TRUE(r.ok()) << r.error().message_en;
  const auto& e = std::get<EmployeeRegistered>(r->at(0));
  EXPECT_EQ(e.status, EmployeeStatus::kPppk);
  EXPECT_FALSE(e.golongan.has_value());
}

TEST(RegisterEmployee, RefusesAnUnregisteredUnitOrSupervisor) {
  PegawaiFacts no_unit = Exists();
  no_unit.unit_exists = false;
  Given({}).When(Register(), no_unit).ThenRefused("pegawai.unit_not_found", ViolationKind::kRefused);
  PegawaiFacts no_supervisor = Exists();
  no_supervisor.supervisor_registered = false;
  Given({}).When(Register(), no_supervisor)
      .ThenRefused("pegawai.supervisor_not_registered", ViolationKind::kRefused);
}

TEST(RegisterEmployee, RefusesMalformedFields) {
  RegisterEmployee bad_unit = Register();
  bad_unit.unit_id = "Dinas Pendidikan";
  Given({}).When(bad_unit).ThenRefused("unit.id_invalid", ViolationKind::kInvalid);
  RegisterEmployee no_name = Register();
  no_name.name = "  ";
  Given({}).When(no_name).ThenRefused("text.required", ViolationKind::kInvalid);
  RegisterEmployee bad_supervisor = Register();
  bad_supervisor.supervisor_nip = "123";
  Given({}).When(bad_supervisor).ThenRefused("nip.invalid", ViolationKind::kInvalid);
}

TEST(RegisterEmployee, NobodySupervisesThemself) {
  Given({}).When(Register(kPegawai, kPegawai))
      .ThenRefused("pegawai.self_supervision", ViolationKind::kInvalid);
}

TEST(RegisterEmployee, MayHaveNoSupervisor) {
  PegawaiFacts facts = Exists();
  facts.supervisor_registered = false;  // irrelevant without a supervisor
  Given({}).When(Register(kPegawai, std::nullopt), facts, Admin("2026-01-01"))
      .Then({Registered("2026-01-01", std::nullopt)});
}

TEST(RegisterEmployee, OnlyOnce) {
  Given({Registered()}).When(Register())
      .ThenRefused("pegawai.already_registered", ViolationKind::kConflict);
}

// --- Assignment changes ---------------------------------------------------------------------

TEST(ChangeAssignment, RecordsTheDeltaWithItsEffectiveDate) {
  ChangeAssignment c;
  c.jabatan = "Kepala Seksi Kurikulum";
  c.jenis_jabatan = JenisJabatan::kPengawas;
  c.golongan = Gol("III/c");
  c.effective_date = D("2026-04-01");
  AssignmentChanged e;
  e.nip = kPegawai;
  e.jabatan = c.jabatan;
  e.jenis_jabatan = c.jenis_jabatan;
  e.golongan = c.golongan;
  e.effective_date = c.effective_date;
  e.recorded_at = Admin().now;
  Given({Registered()}).When(c).Then({e});
}

TEST(ChangeAssignment, NeedsARegisteredPegawaiAndAtLeastOneField) {
  Given({}).When(ChangeSupervisor(kSupervisorB, "2026-04-01"))
      .ThenRefused("pegawai.not_found", ViolationKind::kNotFound);
  ChangeAssignment empty;
  empty.effective_date = D("2026-04-01");
  Given({Registered()}).When(empty).ThenRefused("pegawai.assignment_empty", ViolationKind::kInvalid);
  ChangeAssignment both = ChangeSupervisor(kSupervisorB, "2026-04-01");
  both.remove_supervisor = true;
  Given({Registered()}).When(both)
      .ThenRefused("pegawai.assignment_contradictory", ViolationKind::kInvalid);
}

TEST(ChangeAssignment, RefusesAGolonganForPppk) {
  EmployeeRegistered pppk = Registered("2026-01-01", kSupervisorA, kPppk);
  pppk.status = EmployeeStatus::kPppk;
  pppk.golongan.reset();
  ChangeAssignment c;
  c.golongan = Gol("II/a");
  c.effective_date = D("2026-04-01");
  Given({pppk}).When(c).ThenRefused("pegawai.golongan_not_applicable", ViolationKind::kInvalid);
}

TEST(ChangeAssignment, RefusesAnEffectiveDateBeforeRegistration) {
  Given({Registered("2026-01-01")}).When(ChangeSupervisor(kSupervisorB, "2025-12-31"))
      .ThenRefused("pegawai.effective_before_registration", ViolationKind::kRefused);
}

TEST(ChangeAssignment, ChecksTheSameFactsAsRegistration) {
  ChangeAssignment unit;
  unit.unit_id = "dpmptsp";
  unit.effective_date = D("2026-04-01");
  PegawaiFacts no_unit = Exists();
  no_unit.unit_exists = false;
  Given({Registered()}).When(unit, no_unit)
      .ThenRefused("pegawai.unit_not_found", ViolationKind::kRefused);
  PegawaiFacts no_supervisor = Exists();
  no_supervisor.supervisor_registered = false;
  Given({Registered()}).When(ChangeSupervisor(kSupervisorB, "2026-04-01"), no_supervisor)
      .ThenRefused("pegawai.supervisor_not_registered", ViolationKind::kRefused);
  Given({Registered()}).When(ChangeSupervisor(kPegawai, "2026-04-01"))
      .ThenRefused("pegawai.self_supervision", ViolationKind::kInvalid);
}

TEST(ChangeAssignment, RefusesACycleThroughTheSupervisorChain) {
  // B's pejabat penilai is C, and C's is the pegawai: making B the pegawai's supervisor closes
  // the loop pegawai -> B -> C -> pegawai.
  Given({Registered()}).When(ChangeSupervisor(kSupervisorB, "2026-04-01"),
                             Exists({kSupervisorC, kPegawai}))
      .ThenRefused("pegawai.supervision_cycle", ViolationKind::kRefused);
}

TEST(ChangeAssignment, ThatChangesNothingRecordsNothing) {
  Given({Registered("2026-01-01")}).When(ChangeSupervisor(kSupervisorA, "2026-04-01")).Then({});
  // ... but the same supervisor again after a change in between is a real change.
  Given({Registered("2026-01-01"), SupervisorChanged(kSupervisorB, "2026-03-01", "2026-02-20")})
      .When(ChangeSupervisor(kSupervisorA, "2026-04-01"))
      .Then({SupervisorChanged(kSupervisorA, "2026-04-01", "2026-03-10")});
}

// --- Who was the pejabat penilai on date D ----------------------------------------------------

TEST(SupervisorOn, FollowsEachChangeFromItsEffectiveDate) {
  PegawaiState s = Fold({Registered("2026-01-01"),
                         SupervisorChanged(kSupervisorB, "2026-04-01", "2026-03-25"),
                         SupervisorChanged(kSupervisorC, "2026-07-01", "2026-06-20")});
  EXPECT_EQ(SupervisorOn(s, D("2025-12-31")), std::nullopt);  // before registration
  EXPECT_EQ(SupervisorOn(s, D("2026-01-01")), kSupervisorA);
  EXPECT_EQ(SupervisorOn(s, D("2026-03-31")), kSupervisorA);
  EXPECT_EQ(SupervisorOn(s, D("2026-04-01")), kSupervisorB);
  EXPECT_EQ(SupervisorOn(s, D("2026-06-30")), kSupervisorB);
  EXPECT_EQ(SupervisorOn(s, D("2026-07-01")), kSupervisorC);
  EXPECT_EQ(SupervisorOn(s, D("2027-01-01")), kSupervisorC);
}

TEST(SupervisorOn, ABackdatedCorrectionRewritesThePastUntilTheNextChange) {
  // Registered on 1 Jan with the wrong supervisor A; a move to C from 1 July was recorded in June;
  // in August the admin corrects the supervisor to B effective 1 January.
  PegawaiState s = Fold({Registered("2026-01-01"),
                         SupervisorChanged(kSupervisorC, "2026-07-01", "2026-06-15"),
                         SupervisorChanged(kSupervisorB, "2026-01-01", "2026-08-05")});
  EXPECT_EQ(SupervisorOn(s, D("2026-01-01")), kSupervisorB);
  EXPECT_EQ(SupervisorOn(s, D("2026-06-30")), kSupervisorB);
  EXPECT_EQ(SupervisorOn(s, D("2026-07-01")), kSupervisorC);  // the later move still holds
  EXPECT_EQ(SupervisorOn(s, D("2026-12-31")), kSupervisorC);
}

TEST(SupervisorOn, ACorrectionKeepsOtherFieldsChangedLater) {
  AssignmentChanged promotion;
  promotion.nip = kPegawai;
  promotion.jabatan = "Kepala Seksi";
  promotion.unit_id = "dpmptsp";
  promotion.effective_date = D("2026-03-01");
  promotion.recorded_at = Timestamp::FromDate(D("2026-03-01"));
  PegawaiState s = Fold({Registered("2026-01-01"), promotion,
                         SupervisorChanged(kSupervisorB, "2026-01-01", "2026-05-02")});
  EXPECT_EQ(SupervisorOn(s, D("2026-04-01")), kSupervisorB);
  EXPECT_EQ(JabatanOn(s, D("2026-04-01")), "Kepala Seksi");
  EXPECT_EQ(UnitOn(s, D("2026-04-01")), "dpmptsp");
  EXPECT_EQ(JabatanOn(s, D("2026-02-01")), "Analis Kebijakan");
  EXPECT_EQ(UnitOn(s, D("2026-02-01")), "disdikbud");
  EXPECT_EQ(AssignmentOn(s, D("2026-02-01"))->golongan, Gol("III/b"));
}

TEST(SupervisorOn, OnTheSameEffectiveDateTheLaterRecordingWins) {
  PegawaiState s = Fold({Registered("2026-01-01"),
                         SupervisorChanged(kSupervisorB, "2026-05-01", "2026-04-01"),
                         SupervisorChanged(kSupervisorC, "2026-05-01", "2026-04-02")});
  EXPECT_EQ(SupervisorOn(s, D("2026-05-01")), kSupervisorC);
  EXPECT_EQ(SupervisorOn(s, D("2026-04-30")), kSupervisorA);
}

TEST(SupervisorOn, RemovingTheSupervisorLeavesNobodyFromThatDate) {
  ChangeAssignment c;
  c.remove_supervisor = true;
  c.effective_date = D("2026-06-01");
  auto r = Decide(Fold({Registered("2026-01-01")}), c, Exists(), Admin());
  ASSERT_TRUE(r.ok());
  PegawaiState s = Evolve(Fold({Registered("2026-01-01")}), r->at(0));
  EXPECT_EQ(SupervisorOn(s, D("2026-05-31")), kSupervisorA);
  EXPECT_EQ(SupervisorOn(s, D("2026-06-01")), std::nullopt);
}

TEST(AtasanPejabatPenilai, IsTheSupervisorsSupervisorOnThatDate) {
  PegawaiState pegawai = Fold({Registered("2026-01-01")});  // supervised by A
  EmployeeRegistered a = Registered("2026-01-01", kSupervisorB, kSupervisorA);
  AssignmentChanged a_moves;
  a_moves.nip = kSupervisorA;
  a_moves.supervisor_nip = kSupervisorC;
  a_moves.effective_date = D("2026-04-01");
  PegawaiState supervisor = Fold({a, a_moves});
  EXPECT_EQ(AtasanPejabatPenilaiOn(pegawai, supervisor, D("2026-03-31")), kSupervisorB);
  EXPECT_EQ(AtasanPejabatPenilaiOn(pegawai, supervisor, D("2026-04-01")), kSupervisorC);
  // The wrong supervisor's state gives no answer.
  PegawaiState other = Fold({Registered("2026-01-01", kSupervisorC, kSupervisorB)});
  EXPECT_EQ(AtasanPejabatPenilaiOn(pegawai, other, D("2026-03-31")), std::nullopt);
}

TEST(SupervisorChainOn, WalksUpwardAndFeedsTheCycleCheck) {
  // pegawai -> A -> B (top). Making B's supervisor the pegawai would close a loop.
  std::map<std::string, PegawaiState> db;
  db[kPegawai] = Fold({Registered("2026-01-01", kSupervisorA, kPegawai)});
  db[kSupervisorA] = Fold({Registered("2026-01-01", kSupervisorB, kSupervisorA)});
  db[kSupervisorB] = Fold({Registered("2026-01-01", std::nullopt, kSupervisorB)});
  auto load = [&](const std::string& nip) -> const PegawaiState* {
    auto it = db.find(nip);
    return it == db.end() ? nullptr : &it->second;
  };
  EXPECT_EQ(SupervisorChainOn(kPegawai, D("2026-02-01"), load),
            (std::vector<std::string>{kSupervisorA, kSupervisorB}));
  EXPECT_TRUE(SupervisorChainOn(kPegawai, D("2025-02-01"), load).empty());

  ChangeAssignment c = ChangeSupervisor(kPegawai, "2026-02-01");
  PegawaiFacts facts = Exists(SupervisorChainOn(kPegawai, c.effective_date, load));
  auto r = Decide(db[kSupervisorB], c, facts, Admin());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "pegawai.supervision_cycle");
}

TEST(PegawaiState, ReplayingTheEventsGivesTheSameState) {
  std::vector<PegawaiEvent> events{Registered("2026-01-01"),
                                   SupervisorChanged(kSupervisorC, "2026-07-01", "2026-06-15"),
                                   SupervisorChanged(kSupervisorB, "2026-01-01", "2026-08-05")};
  PegawaiState s = Fold(events);
  EXPECT_EQ(s, Fold(events));
  EXPECT_EQ(s.timeline.size(), 3u);
  EXPECT_EQ(s.timeline[1].sequence, 2);  // the correction sorts before the July move
  EXPECT_EQ(PegawaiStream(kPegawai), "pegawai-" + kPegawai);
}

}  // namespace
}  // namespace kinerja::domain
