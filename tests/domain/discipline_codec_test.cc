// Discipline events round-trip through JSON unchanged and validate against their schema; request
// bodies decode or name the bad field.
#include <gtest/gtest.h>

#include "domain/json/discipline_codec.h"
#include "domain/json/json_fields.h"
#include "tests/domain/schema_check.h"

namespace kinerja::domain::json {
namespace {

using domain::testing::ValidateAgainstSchema;
const DisciplineEvent kSample = DisciplinaryActionRecorded{
    "199502242015012001", 1, DisciplineLevel::kRingan, "teguran_lisan",
    *Date::Parse("2026-05-01"), "Terlambat"};
const std::string kNip = "199502242015012001";
Date D(const char* ymd) { return *Date::Parse(ymd); }

void ExpectRoundTrip(const DisciplineEvent& event) {
  const EncodedEvent encoded = EncodeDisciplineEvent(event);
  EXPECT_EQ(ValidateAgainstSchema(encoded.type, encoded.version, encoded.data), "");
  auto decoded = DecodeDisciplineEvent(encoded.type, encoded.version, encoded.data);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message_en;
  EXPECT_EQ(decoded.value(), event) << encoded.data;
  EXPECT_TRUE(IsDisciplineEventType(encoded.type));
}

rapidjson::Document Body(const char* text) {
  auto doc = ParseJson(text);
  EXPECT_TRUE(doc.ok()) << text;
  return std::move(doc).value();
}

TEST(DisciplineCodec, EveryEventRoundTripsAndMatchesItsSchema) {
  for (DisciplineLevel level :
       {DisciplineLevel::kRingan, DisciplineLevel::kSedang, DisciplineLevel::kBerat}) {
    int n = 0;
    for (const std::string& type : DisciplineTypes(level)) {
      ExpectRoundTrip(DisciplinaryActionRecorded{kNip, ++n, level, type, D("2026-05-01"),
                                                 "Tidak masuk kerja"});
    }
  }
}

TEST(DisciplineCodec, UnknownTypesAndNewerVersionsAreRefused) {
  EXPECT_EQ(DecodeDisciplineEvent("Nope", 1, "{}").error().code, "event.unknown_type");
  const EncodedEvent any = EncodeDisciplineEvent(kSample);
  EXPECT_EQ(DecodeDisciplineEvent(any.type, 2, any.data).error().code, "event.unsupported_version");
  EXPECT_EQ(DecodeDisciplineEvent(any.type, 1, "{}").error().code, "json.missing_field");
}

TEST(DisciplineCodec, CommandBodiesDecodeOrNameTheBadField) {
  auto r = DecodeRecordDisciplinaryAction(
      kNip, Body(R"({"level":"berat","type":"penurunan_jabatan_12_bulan",)"
                 R"("decidedOn":"2026-05-01","reason":"Pelanggaran berat"})"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->level, DisciplineLevel::kBerat);
  EXPECT_EQ(DecodeRecordDisciplinaryAction(
                kNip, Body(R"({"level":"fatal","type":"x","decidedOn":"2026-05-01","reason":"r"})"))
                .error().code,
            "discipline.level_invalid");
}

}  // namespace
}  // namespace kinerja::domain::json
