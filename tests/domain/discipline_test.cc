// Disciplinary actions (PP 94/2021): level and type checked together, numbered per pegawai.
#include "domain/discipline.h"

#include <gtest/gtest.h>

#include "tests/domain/decider_scenario.h"

namespace kinerja::domain {
namespace {

using Scenario =
    DeciderScenario<DisciplineState, DisciplineEvent, DisciplineCommand, DisciplineFacts>;
const std::string kNip = "199502242015012001";
Date D(const char* ymd) { return *Date::Parse(ymd); }
CommandContext Admin() { return {Timestamp::FromDate(D("2026-05-02")), "bkpsdm"}; }
const DisciplineFacts kRegistered{true};

RecordDisciplinaryAction Action(DisciplineLevel level, const std::string& type,
                                const char* on = "2026-05-01") {
  return RecordDisciplinaryAction{kNip, level, type, D(on), "Tidak masuk kerja 10 hari"};
}

TEST(Discipline, RecordsANumberedActionPerPegawai) {
  Scenario::Given({}).When(Action(DisciplineLevel::kRingan, "teguran_tertulis"), kRegistered,
                           Admin())
      .Then({DisciplinaryActionRecorded{kNip, 1, DisciplineLevel::kRingan, "teguran_tertulis",
                                        D("2026-05-01"), "Tidak masuk kerja 10 hari"}});
  const DisciplinaryActionRecorded first{kNip, 1, DisciplineLevel::kRingan, "teguran_tertulis",
                                         D("2026-05-01"), "Tidak masuk kerja 10 hari"};
  Scenario::Given({first})
      .When(Action(DisciplineLevel::kSedang, "pemotongan_tukin_25_persen_6_bulan"), kRegistered,
            Admin())
      .Then({DisciplinaryActionRecorded{kNip, 2, DisciplineLevel::kSedang,
                                        "pemotongan_tukin_25_persen_6_bulan", D("2026-05-01"),
                                        "Tidak masuk kerja 10 hari"}});
  Scenario::Given({first}).When(Action(DisciplineLevel::kRingan, "teguran_tertulis"), kRegistered,
                                Admin())
      .ThenNothing();  // an exact repeat
  EXPECT_EQ(DisciplineStream(kNip), "discipline-199502242015012001");
}

TEST(Discipline, EveryPp94TypeIsAcceptedAtItsLevelOnly) {
  const DisciplineLevel levels[] = {DisciplineLevel::kRingan, DisciplineLevel::kSedang,
                                    DisciplineLevel::kBerat};
  for (DisciplineLevel level : levels) {
    ASSERT_EQ(DisciplineTypes(level).size(), 3u);
    for (const std::string& type : DisciplineTypes(level)) {
      for (DisciplineLevel other : levels) {
        EXPECT_EQ(IsDisciplineType(other, type), other == level) << type;
      }
      EXPECT_TRUE(Decide(DisciplineState{}, Action(level, type), kRegistered, Admin()).ok());
    }
  }
  Scenario::Given({}).When(Action(DisciplineLevel::kRingan, "penurunan_jabatan_12_bulan"),
                           kRegistered, Admin())
      .ThenRefused("discipline.type_invalid", ViolationKind::kInvalid);
  Scenario::Given({}).When(Action(DisciplineLevel::kBerat, "dipecat"), kRegistered, Admin())
      .ThenRefused("discipline.type_invalid", ViolationKind::kInvalid);
}

TEST(Discipline, LevelsParseAsWritten) {
  EXPECT_EQ(*ParseDisciplineLevel("ringan"), DisciplineLevel::kRingan);
  EXPECT_EQ(*ParseDisciplineLevel("sedang"), DisciplineLevel::kSedang);
  EXPECT_EQ(*ParseDisciplineLevel("berat"), DisciplineLevel::kBerat);
  EXPECT_FALSE(ParseDisciplineLevel("Berat").ok());
  EXPECT_STREQ(ToString(DisciplineLevel::kBerat), "berat");
}

TEST(Discipline, RefusesFutureDecisionsUnknownPegawaiAndEmptyReasons) {
  Scenario::Given({}).When(Action(DisciplineLevel::kRingan, "teguran_lisan", "2026-05-03"),
                           kRegistered, Admin())
      .ThenRefused("discipline.decided_in_future", ViolationKind::kRefused);
  EXPECT_TRUE(Decide(DisciplineState{},
                     Action(DisciplineLevel::kRingan, "teguran_lisan", "2026-05-02"),
                     kRegistered, Admin()).ok());
  Scenario::Given({}).When(Action(DisciplineLevel::kRingan, "teguran_lisan"),
                           DisciplineFacts{false}, Admin())
      .ThenRefused("discipline.pegawai_not_found", ViolationKind::kNotFound);
  RecordDisciplinaryAction c = Action(DisciplineLevel::kRingan, "teguran_lisan");
  c.reason = " ";
  Scenario::Given({}).When(c, kRegistered, Admin())
      .ThenRefused("text.required", ViolationKind::kInvalid);
}

}  // namespace
}  // namespace kinerja::domain
