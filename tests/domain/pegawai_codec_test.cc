// Pegawai events round-trip through JSON unchanged and validate against their published schema;
// command bodies decode (camelCase fields of DESIGN.md §3) or are refused with the field named.
#include <gtest/gtest.h>

#include "domain/json/json_fields.h"
#include "domain/json/pegawai_codec.h"
#include "tests/domain/schema_check.h"

namespace kinerja::domain::json {
namespace {

using domain::testing::ValidateAgainstSchema;

const std::string kNip = "199502242015012001";
const std::string kSupervisor = "197805122003121002";

Date D(const char* text) { return Date::Parse(text).value(); }
Timestamp T(const char* text) { return Timestamp::ParseRfc3339(text).value(); }

void ExpectRoundTrip(const PegawaiEvent& event) {
  const EncodedEvent encoded = EncodePegawaiEvent(event);
  SCOPED_TRACE(encoded.data);
  EXPECT_EQ(ValidateAgainstSchema(encoded.type, encoded.version, encoded.data), "");
  auto decoded = DecodePegawaiEvent(encoded.type, encoded.version, encoded.data);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message_en;
  EXPECT_EQ(decoded.value(), event);
  EXPECT_TRUE(IsPegawaiEventType(encoded.type));
}

EmployeeRegistered Registered() {
  EmployeeRegistered e;
  e.nip = kNip;
  e.name = "Siti \"Ita\" Rahmawati";
  e.status = EmployeeStatus::kPns;
  e.unit_id = "disdikbud";
  e.jabatan = "Analis Kebijakan Ahli Muda";
  e.jenis_jabatan = JenisJabatan::kFungsional;
  e.golongan = Golongan::Parse("III/c").value();
  e.supervisor_nip = kSupervisor;
  e.effective_date = D("2026-01-01");
  e.recorded_at = T("2026-01-02T03:04:05.123456Z");
  return e;
}

TEST(PegawaiCodec, EveryEventRoundTripsAndMatchesItsSchema) {
  ExpectRoundTrip(Registered());
  EmployeeRegistered pppk = Registered();
  pppk.nip = "198505152023212001";
  pppk.status = EmployeeStatus::kPppk;
  pppk.golongan.reset();
  pppk.supervisor_nip.reset();
  pppk.jenis_jabatan = JenisJabatan::kPelaksana;
  ExpectRoundTrip(pppk);
  for (auto j : {JenisJabatan::kJpt, JenisJabatan::kAdministrator, JenisJabatan::kPengawas}) {
    EmployeeRegistered e = Registered();
    e.jenis_jabatan = j;
    e.golongan = Golongan::Parse("IV/e").value();
    ExpectRoundTrip(e);
  }

  AssignmentChanged change;
  change.nip = kNip;
  change.supervisor_nip = kSupervisor;
  change.effective_date = D("2026-01-01");
  change.recorded_at = T("2026-08-05T01:00:00Z");
  ExpectRoundTrip(change);
  AssignmentChanged full = change;
  full.unit_id = "dpmptsp";
  full.jabatan = "Kepala Seksi";
  full.jenis_jabatan = JenisJabatan::kPengawas;
  full.golongan = Golongan::Parse("I/a").value();
  ExpectRoundTrip(full);
  AssignmentChanged removal;
  removal.nip = kNip;
  removal.remove_supervisor = true;
  removal.effective_date = D("2026-06-01");
  removal.recorded_at = T("2026-05-30T00:00:00Z");
  ExpectRoundTrip(removal);
}

TEST(PegawaiCodec, TheSchemaRefusesWhatTheDomainWouldNever) {
  // The schema is a contract for consumers: check it rejects an impossible event.
  EXPECT_NE(ValidateAgainstSchema("EmployeeRegistered", 1,
                                  R"({"nip":"1","name":"x","status":"PNS","unitId":"a",)"
                                  R"("jabatan":"j","jenisJabatan":"jpt","effectiveDate":)"
                                  R"("2026-01-01","recordedAt":"2026-01-01T00:00:00Z"})"),
            "");
  EXPECT_NE(ValidateAgainstSchema("AssignmentChanged", 1,
                                  R"({"nip":")" + kNip + R"(","golongan":"V/a",)"
                                  R"("effectiveDate":"2026-01-01","recordedAt":"2026-01-01T00:00:00Z"})"),
            "");
}

TEST(PegawaiCodec, UnknownTypesNewerVersionsAndMissingFieldsAreRefused) {
  EXPECT_EQ(DecodePegawaiEvent("EmployeeFired", 1, "{}").error().code, "event.unknown_type");
  EXPECT_EQ(DecodePegawaiEvent("EmployeeRegistered", 2, "{}").error().code,
            "event.unsupported_version");
  EXPECT_EQ(DecodePegawaiEvent("AssignmentChanged", 1, R"({"nip":")" + kNip + R"("})")
                .error()
                .code,
            "json.missing_field");
  EXPECT_FALSE(IsPegawaiEventType("UnitRegistered"));
}

TEST(PegawaiCodec, RegisterEmployeeBody) {
  auto doc = ParseJson(R"({"nip":")" + kNip + R"(","name":"Siti","unitId":"disdikbud",)"
                       R"("jabatan":"Analis","jenisJabatan":"fungsional","golongan":"III/b",)"
                       R"("supervisorNip":")" + kSupervisor + R"(","status":"PNS"})");
  ASSERT_TRUE(doc.ok());
  auto cmd = DecodeRegisterEmployee(doc.value());
  ASSERT_TRUE(cmd.ok()) << cmd.error().message_en;
  EXPECT_EQ(cmd->nip, kNip);
  EXPECT_EQ(cmd->jenis_jabatan, JenisJabatan::kFungsional);
  EXPECT_EQ(cmd->golongan->str(), "III/b");
  EXPECT_EQ(cmd->supervisor_nip, kSupervisor);
  EXPECT_EQ(cmd->status, EmployeeStatus::kPns);
  EXPECT_FALSE(cmd->effective_date.has_value());

  auto bad_status = ParseJson(R"({"nip":"1","name":"x","unitId":"a","jabatan":"j",)"
                              R"("jenisJabatan":"jpt","status":"HONORER"})");
  EXPECT_EQ(DecodeRegisterEmployee(bad_status.value()).error().code, "status.invalid");
  auto bad_golongan = ParseJson(R"({"nip":"1","name":"x","unitId":"a","jabatan":"j",)"
                                R"("jenisJabatan":"jpt","golongan":"III/e","status":"PNS"})");
  EXPECT_EQ(DecodeRegisterEmployee(bad_golongan.value()).error().code, "golongan.invalid");
  auto missing = ParseJson(R"({"nip":"1","name":"x","unitId":"a","jabatan":"j","status":"PNS"})");
  auto refused = DecodeRegisterEmployee(missing.value());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "json.missing_field");
  EXPECT_NE(refused.error().message_en.find("/jenisJabatan"), std::string::npos);
}

TEST(PegawaiCodec, ChangeAssignmentBodyAndTheNullSupervisor) {
  auto doc = ParseJson(R"({"supervisorNip":")" + kSupervisor + R"(","effectiveDate":"2026-01-01"})");
  auto cmd = DecodeChangeAssignment(doc.value());
  ASSERT_TRUE(cmd.ok());
  EXPECT_EQ(cmd->supervisor_nip, kSupervisor);
  EXPECT_FALSE(cmd->remove_supervisor);
  EXPECT_EQ(cmd->effective_date, D("2026-01-01"));

  auto removal = ParseJson(R"({"supervisorNip":null,"effectiveDate":"2026-06-01"})");
  auto removed = DecodeChangeAssignment(removal.value());
  ASSERT_TRUE(removed.ok());
  EXPECT_TRUE(removed->remove_supervisor);
  EXPECT_FALSE(removed->supervisor_nip.has_value());

  auto no_date = ParseJson(R"({"jabatan":"Kepala Seksi"})");
  EXPECT_EQ(DecodeChangeAssignment(no_date.value()).error().code, "json.missing_field");
  auto bad_date = ParseJson(R"({"jabatan":"Kepala Seksi","effectiveDate":"2026-02-30"})");
  EXPECT_FALSE(DecodeChangeAssignment(bad_date.value()).ok());
}

}  // namespace
}  // namespace kinerja::domain::json
