// The employees read model: given pegawai, recognition, innovation and discipline events, then
// these documents (pure fold on MemoryDocuments).
#include "projections/employees_projection.h"

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

std::vector<std::string> Keys(MemoryDocuments& docs, const std::string& prefix) {
  std::vector<std::string> keys;
  docs.Scan(prefix, [&](std::string_view k, std::string_view) {
    keys.emplace_back(k.substr(prefix.size()));
    return true;
  });
  return keys;
}

TEST(EmployeesProjectionFold, ProfileKeepsTheTimelineAndIndexesEveryUnitAndSupervisor) {
  Log log;
  log.Pegawai(Registered(kStaff1, "Budi", "disdik", kSupA, "2026-01-01"));
  log.Pegawai(Moved(kStaff1, std::string("dpmptsp"), kSupB, "2026-04-01"));
  EmployeesProjection p;
  MemoryDocuments docs;
  ASSERT_TRUE(FoldAll(p, log.events(), &docs).empty());

  auto profile = DecodeEmployeeProfile(*docs.Get(EmployeesProjection::ProfileKey(kStaff1)));
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->name, "Budi");
  // Before the move: disdik under A; from the effective date: dpmptsp under B.
  auto before = domain::AssignmentOn(*profile, D("2026-03-31"));
  auto after = domain::AssignmentOn(*profile, D("2026-04-01"));
  ASSERT_TRUE(before && after);
  EXPECT_EQ(before->unit_id, "disdik");
  EXPECT_EQ(before->supervisor_nip, kSupA);
  EXPECT_EQ(after->unit_id, "dpmptsp");
  EXPECT_EQ(after->supervisor_nip, kSupB);
  EXPECT_EQ(after->jabatan, "Staf Budi");  // a delta keeps the other fields
  EXPECT_FALSE(domain::AssignmentOn(*profile, D("2025-12-31")));

  EXPECT_EQ(Keys(docs, EmployeesProjection::UnitPrefix("disdik")), std::vector<std::string>{kStaff1});
  EXPECT_EQ(Keys(docs, EmployeesProjection::UnitPrefix("dpmptsp")), std::vector<std::string>{kStaff1});
  EXPECT_EQ(Keys(docs, EmployeesProjection::SupervisorPrefix(kSupA)), std::vector<std::string>{kStaff1});
  EXPECT_EQ(Keys(docs, EmployeesProjection::SupervisorPrefix(kSupB)), std::vector<std::string>{kStaff1});
  auto d = Doc(docs, EmployeesProjection::ProfileKey(kStaff1));
  EXPECT_EQ(d["streamVersion"].GetInt(), 2);
  EXPECT_EQ(d["timeline"].Size(), 2u);
  EXPECT_EQ(std::string(d["timeline"][1]["effectiveDate"].GetString()), "2026-04-01");
}

TEST(EmployeesProjectionFold, BackdatedCorrectionChangesTheSupervisorOnEarlierDates) {
  Log log;
  log.Pegawai(Registered(kStaff2, "Sari", "disdik", kSupA, "2026-01-01"));
  // Recorded later, effective from the start: the supervisor was B all along.
  log.Pegawai(Moved(kStaff2, std::nullopt, kSupB, "2026-01-01"));
  EmployeesProjection p;
  MemoryDocuments docs;
  ASSERT_TRUE(FoldAll(p, log.events(), &docs).empty());
  auto profile = DecodeEmployeeProfile(*docs.Get(EmployeesProjection::ProfileKey(kStaff2)));
  ASSERT_TRUE(profile);
  EXPECT_EQ(domain::SupervisorOn(*profile, D("2026-01-01")), kSupB);
  EXPECT_EQ(domain::UnitOn(*profile, D("2026-06-01")), "disdik");
}

TEST(EmployeesProjectionFold, YearDocumentsHoldRecognitionsInnovationsAndDiscipline) {
  Log log;
  log.Pegawai(Registered(kStaff1, "Budi", "disdik", kSupA));
  log.Recognition(domain::RecognitionGranted{kStaff1, 1, 2026, "Pegawai teladan", "Kinerja", 2025});
  log.Innovation(domain::InnovationRecorded{"inv-1", kStaff1, 2026, "Izin kilat", "Satu hari"});
  log.Innovation(domain::InnovationAcknowledged{"inv-1", kStaff1, kSupA, T("2026-03-01")});
  log.Discipline(domain::DisciplinaryActionRecorded{kStaff1, 1, domain::DisciplineLevel::kRingan,
                                                    "teguran_lisan", D("2025-12-30"), "Terlambat"});
  EmployeesProjection p;
  MemoryDocuments docs;
  ASSERT_TRUE(FoldAll(p, log.events(), &docs).empty());
  auto y = Doc(docs, EmployeesProjection::YearKey(kStaff1, 2026));
  ASSERT_EQ(y["recognitions"].Size(), 1u);
  EXPECT_STREQ(y["recognitions"][0]["title"].GetString(), "Pegawai teladan");
  EXPECT_EQ(y["recognitions"][0]["followUpYear"].GetInt(), 2025);
  ASSERT_EQ(y["innovations"].Size(), 1u);
  EXPECT_STREQ(y["innovations"][0]["acknowledgedBy"].GetString(), kSupA.c_str());
  EXPECT_STREQ(y["innovations"][0]["acknowledgedAt"].GetString(), "2026-03-01T00:00:00.000000Z");
  EXPECT_EQ(y["disciplinaryActions"].Size(), 0u);
  // Discipline counts in the year of decidedOn.
  auto y25 = Doc(docs, EmployeesProjection::YearKey(kStaff1, 2025));
  ASSERT_EQ(y25["disciplinaryActions"].Size(), 1u);
  EXPECT_STREQ(y25["disciplinaryActions"][0]["level"].GetString(), "ringan");
}

TEST(EmployeesProjectionFold, UnknownPegawaiAndUnknownInnovationArePoison) {
  Log log;
  log.Pegawai(Moved(kStaff3, std::string("disdik"), std::nullopt, "2026-02-01"));
  log.Innovation(domain::InnovationAcknowledged{"nope", kStaff3, kSupA, T("2026-03-01")});
  EmployeesProjection p;
  MemoryDocuments docs;
  EXPECT_EQ(FoldAll(p, log.events(), &docs).size(), 2u);
  EXPECT_EQ(docs.size(), 0u);
}

}  // namespace
}  // namespace kinerja::projections
