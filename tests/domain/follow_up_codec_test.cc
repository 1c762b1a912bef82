// FollowUp events round-trip through JSON unchanged and validate against their schema; request
// bodies decode or name the bad field.
#include <gtest/gtest.h>

#include "domain/json/follow_up_codec.h"
#include "domain/json/json_fields.h"
#include "tests/domain/schema_check.h"

namespace kinerja::domain::json {
namespace {

using domain::testing::ValidateAgainstSchema;
const FollowUpEvent kSample = PembinaanRecommended{"199502242015012001", 2026, Predikat::kKurang,
                                                   "appraisal-199502242015012001-2026"};
const std::string kNip = "199502242015012001";

void ExpectRoundTrip(const FollowUpEvent& event) {
  const EncodedEvent encoded = EncodeFollowUpEvent(event);
  EXPECT_EQ(ValidateAgainstSchema(encoded.type, encoded.version, encoded.data), "");
  auto decoded = DecodeFollowUpEvent(encoded.type, encoded.version, encoded.data);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message_en;
  EXPECT_EQ(decoded.value(), event) << encoded.data;
  EXPECT_TRUE(IsFollowUpEventType(encoded.type));
}

rapidjson::Document Body(const char* text) {
  auto doc = ParseJson(text);
  EXPECT_TRUE(doc.ok()) << text;
  return std::move(doc).value();
}

TEST(FollowUpCodec, EveryEventRoundTripsAndMatchesItsSchema) {
  for (Predikat p : {Predikat::kButuhPerbaikan, Predikat::kKurang, Predikat::kSangatKurang}) {
    ExpectRoundTrip(PembinaanRecommended{kNip, 2026, p, "appraisal-199502242015012001-2026"});
  }
  ExpectRoundTrip(PenghargaanRecommended{kNip, 2026, Predikat::kSangatBaik,
                                         "appraisal-199502242015012001-2026"});
  ExpectRoundTrip(FollowUpActedOn{kNip, 2026, FollowUpAction::kTrainingAssigned, "t-1"});
  ExpectRoundTrip(FollowUpActedOn{kNip, 2026, FollowUpAction::kRecognitionGranted, "3"});
}

TEST(FollowUpCodec, UnknownTypesAndNewerVersionsAreRefused) {
  EXPECT_EQ(DecodeFollowUpEvent("Nope", 1, "{}").error().code, "event.unknown_type");
  const EncodedEvent any = EncodeFollowUpEvent(kSample);
  EXPECT_EQ(DecodeFollowUpEvent(any.type, 2, any.data).error().code, "event.unsupported_version");
  EXPECT_EQ(DecodeFollowUpEvent(any.type, 1, "{}").error().code, "json.missing_field");
}

TEST(FollowUpCodec, SchemasHoldTheKindToItsPredikat) {
  const EncodedEvent wrong = EncodeFollowUpEvent(
      PenghargaanRecommended{kNip, 2026, Predikat::kKurang, "appraisal-199502242015012001-2026"});
  EXPECT_NE(ValidateAgainstSchema(wrong.type, wrong.version, wrong.data), "");
}

TEST(FollowUpCodec, ActOnFollowUpBody) {
  auto a = DecodeActOnFollowUp(Body(R"({"action":"training_assigned","reference":"t-1"})"));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->action, FollowUpAction::kTrainingAssigned);
  EXPECT_EQ(DecodeActOnFollowUp(Body(R"({"action":"x","reference":"t"})")).error().code,
            "followup.action_invalid");
}

}  // namespace
}  // namespace kinerja::domain::json
