// Innovation events round-trip through JSON unchanged and validate against their schema; request
// bodies decode or name the bad field.
#include <gtest/gtest.h>

#include "domain/json/innovation_codec.h"
#include "domain/json/json_fields.h"
#include "tests/domain/schema_check.h"

namespace kinerja::domain::json {
namespace {

using domain::testing::ValidateAgainstSchema;
const InnovationEvent kSample =
    InnovationRecorded{"i-1", "199502242015012001", 2026, "Izin usaha daring",
                       "Perizinan usaha selesai dalam satu hari"};
const std::string kNip = "199502242015012001";

void ExpectRoundTrip(const InnovationEvent& event) {
  const EncodedEvent encoded = EncodeInnovationEvent(event);
  EXPECT_EQ(ValidateAgainstSchema(encoded.type, encoded.version, encoded.data), "");
  auto decoded = DecodeInnovationEvent(encoded.type, encoded.version, encoded.data);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message_en;
  EXPECT_EQ(decoded.value(), event) << encoded.data;
  EXPECT_TRUE(IsInnovationEventType(encoded.type));
}

rapidjson::Document Body(const char* text) {
  auto doc = ParseJson(text);
  EXPECT_TRUE(doc.ok()) << text;
  return std::move(doc).value();
}

TEST(InnovationCodec, EveryEventRoundTripsAndMatchesItsSchema) {
  ExpectRoundTrip(kSample);
  ExpectRoundTrip(InnovationAcknowledged{"i-1", kNip, "198001012005011002",
                                         *Timestamp::ParseRfc3339("2026-06-10T02:00:00Z")});
}

TEST(InnovationCodec, UnknownTypesAndNewerVersionsAreRefused) {
  EXPECT_EQ(DecodeInnovationEvent("Nope", 1, "{}").error().code, "event.unknown_type");
  const EncodedEvent any = EncodeInnovationEvent(kSample);
  EXPECT_EQ(DecodeInnovationEvent(any.type, 2, any.data).error().code, "event.unsupported_version");
  EXPECT_EQ(DecodeInnovationEvent(any.type, 1, "{}").error().code, "json.missing_field");
}

TEST(InnovationCodec, CommandBodiesDecodeOrNameTheBadField) {
  auto r = DecodeRecordInnovation(
      "i-2", kNip, Body(R"({"year":2026,"title":"OSS","description":"Izin satu hari"})"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->id, "i-2");
  EXPECT_EQ(r->description, "Izin satu hari");
  EXPECT_EQ(DecodeRecordInnovation("i", kNip, Body(R"({"year":2026,"title":"x"})")).error().code,
            "json.missing_field");
}

}  // namespace
}  // namespace kinerja::domain::json
