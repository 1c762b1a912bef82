// Unit events round-trip through JSON unchanged and validate against their published schema;
// command bodies decode or are refused with the field named.
#include <gtest/gtest.h>

#include "domain/json/json_fields.h"
#include "domain/json/unit_codec.h"
#include "tests/domain/schema_check.h"

namespace kinerja::domain::json {
namespace {

using domain::testing::ValidateAgainstSchema;

void ExpectRoundTrip(const UnitEvent& event) {
  const EncodedEvent encoded = EncodeUnitEvent(event);
  EXPECT_EQ(ValidateAgainstSchema(encoded.type, encoded.version, encoded.data), "");
  auto decoded = DecodeUnitEvent(encoded.type, encoded.version, encoded.data);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message_en;
  EXPECT_EQ(decoded.value(), event);
  EXPECT_TRUE(IsUnitEventType(encoded.type));
}

TEST(UnitCodec, EveryEventRoundTripsAndMatchesItsSchema) {
  ExpectRoundTrip(UnitRegistered{"pemkot-pontianak", "Pemerintah Kota Pontianak", std::nullopt});
  ExpectRoundTrip(UnitRegistered{"disdikbud", "Dinas Pendidikan \"dan\" Kebudayaan",
                                 std::string("pemkot-pontianak")});
  for (auto p : {OrgPredikat::kIstimewa, OrgPredikat::kBaik, OrgPredikat::kButuhPerbaikan,
                 OrgPredikat::kKurang, OrgPredikat::kSangatKurang}) {
    ExpectRoundTrip(OrganisationPredikatSet{"disdikbud", 2026, p});
  }
}

TEST(UnitCodec, UnknownTypesAndNewerVersionsAreRefused) {
  EXPECT_EQ(DecodeUnitEvent("UnitExploded", 1, "{}").error().code, "event.unknown_type");
  EXPECT_EQ(DecodeUnitEvent("UnitRegistered", 99, R"({"id":"a","name":"b"})").error().code,
            "event.unsupported_version");
  EXPECT_EQ(DecodeUnitEvent("UnitRegistered", 1, R"({"id":"a"})").error().code,
            "json.missing_field");
  EXPECT_EQ(DecodeUnitEvent("UnitRegistered", 1, R"({"id":"a","name":"b"} x)").error().code,
            "json.malformed");
}

TEST(UnitCodec, CommandBodiesDecodeOrNameTheBadField) {
  auto doc = ParseJson(R"({"id":"disdikbud","name":"Dinas Pendidikan","parentId":"pemkot"})");
  ASSERT_TRUE(doc.ok());
  auto cmd = DecodeRegisterUnit(doc.value());
  ASSERT_TRUE(cmd.ok());
  EXPECT_EQ(cmd->id, "disdikbud");
  EXPECT_EQ(cmd->parent_id, std::optional<std::string>("pemkot"));

  auto wrong = ParseJson(R"({"id":42,"name":"x"})");
  auto refused = DecodeRegisterUnit(wrong.value());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "json.wrong_type");
  EXPECT_NE(refused.error().message_en.find("/id"), std::string::npos);

  auto not_object = ParseJson("[1,2]");
  EXPECT_EQ(DecodeRegisterUnit(not_object.value()).error().code, "json.wrong_type");

  auto predikat = ParseJson(R"({"year":2026,"predikat":"ISTIMEWA"})");
  auto set = DecodeSetOrganisationPredikat(predikat.value());
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set->predikat, OrgPredikat::kIstimewa);
  auto bad = ParseJson(R"({"year":2026,"predikat":"SANGAT_BAIK"})");
  EXPECT_EQ(DecodeSetOrganisationPredikat(bad.value()).error().code,
            "organisation_predikat.invalid");
}

TEST(JsonParsing, RefusesDeepNestingTrailingGarbageAndInvalidUtf8) {
  EXPECT_EQ(ParseJson(std::string(10000, '[') + std::string(10000, ']')).error().code,
            "json.too_deep");
  EXPECT_TRUE(ParseJson(std::string(64, '[') + std::string(64, ']')).ok());
  EXPECT_EQ(ParseJson("{} {}").error().code, "json.malformed");
  EXPECT_EQ(ParseJson("\"\xff\"").error().code, "json.malformed");
  EXPECT_TRUE(ParseJson(R"({"a":"[[[[ not nesting ]]]"})").ok());
}

}  // namespace
}  // namespace kinerja::domain::json
