// Recognition events round-trip through JSON unchanged and validate against their schema; request
// bodies decode or name the bad field.
#include <gtest/gtest.h>

#include "domain/json/recognition_codec.h"
#include "domain/json/json_fields.h"
#include "tests/domain/schema_check.h"

namespace kinerja::domain::json {
namespace {

using domain::testing::ValidateAgainstSchema;
const RecognitionEvent kSample =
    RecognitionGranted{"199502242015012001", 1, 2026, "Pegawai Teladan", "Kinerja sangat baik",
                       std::nullopt};
const std::string kNip = "199502242015012001";

void ExpectRoundTrip(const RecognitionEvent& event) {
  const EncodedEvent encoded = EncodeRecognitionEvent(event);
  EXPECT_EQ(ValidateAgainstSchema(encoded.type, encoded.version, encoded.data), "");
  auto decoded = DecodeRecognitionEvent(encoded.type, encoded.version, encoded.data);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message_en;
  EXPECT_EQ(decoded.value(), event) << encoded.data;
  EXPECT_TRUE(IsRecognitionEventType(encoded.type));
}

rapidjson::Document Body(const char* text) {
  auto doc = ParseJson(text);
  EXPECT_TRUE(doc.ok()) << text;
  return std::move(doc).value();
}

TEST(RecognitionCodec, EveryEventRoundTripsAndMatchesItsSchema) {
  ExpectRoundTrip(kSample);
  ExpectRoundTrip(RecognitionGranted{kNip, 2, 2026, "Satyalancana", "Pengabdian 10 tahun", 2026});
}

TEST(RecognitionCodec, UnknownTypesAndNewerVersionsAreRefused) {
  EXPECT_EQ(DecodeRecognitionEvent("Nope", 1, "{}").error().code, "event.unknown_type");
  const EncodedEvent any = EncodeRecognitionEvent(kSample);
  EXPECT_EQ(DecodeRecognitionEvent(any.type, 2, any.data).error().code, "event.unsupported_version");
  EXPECT_EQ(DecodeRecognitionEvent(any.type, 1, "{}").error().code, "json.missing_field");
}

TEST(RecognitionCodec, CommandBodiesDecodeOrNameTheBadField) {
  auto g = DecodeGrantRecognition(kNip, Body(R"({"year":2026,"title":"Teladan","reason":"SB"})"));
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->nip, kNip);
  EXPECT_EQ(g->year, 2026);
  EXPECT_FALSE(g->follow_up_year.has_value());
  EXPECT_EQ(DecodeGrantRecognition(kNip, Body(R"({"year":"2026","title":"T","reason":"R"})"))
                .error().code,
            "json.wrong_type");
}

}  // namespace
}  // namespace kinerja::domain::json
