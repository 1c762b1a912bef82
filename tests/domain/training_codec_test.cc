// Training events round-trip through JSON unchanged and validate against their schema; request
// bodies decode or name the bad field.
#include <gtest/gtest.h>

#include "domain/json/training_codec.h"
#include "domain/json/json_fields.h"
#include "tests/domain/schema_check.h"

namespace kinerja::domain::json {
namespace {

using domain::testing::ValidateAgainstSchema;
const TrainingEvent kSample = TrainingAssigned{
    "3f2a9c1e-0b7d-4e55-9a61-2c8f0d1e7b42", "199502242015012001", "Pelatihan Pelayanan Publik",
    TrainingKind::kPelatihanKlasikal, 24, *Date::Parse("2026-12-28"), *Date::Parse("2027-01-02"),
    std::nullopt, std::nullopt};
const std::string kNip = "199502242015012001";
Date D(const char* ymd) { return *Date::Parse(ymd); }

void ExpectRoundTrip(const TrainingEvent& event) {
  const EncodedEvent encoded = EncodeTrainingEvent(event);
  EXPECT_EQ(ValidateAgainstSchema(encoded.type, encoded.version, encoded.data), "");
  auto decoded = DecodeTrainingEvent(encoded.type, encoded.version, encoded.data);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message_en;
  EXPECT_EQ(decoded.value(), event) << encoded.data;
  EXPECT_TRUE(IsTrainingEventType(encoded.type));
}

rapidjson::Document Body(const char* text) {
  auto doc = ParseJson(text);
  EXPECT_TRUE(doc.ok()) << text;
  return std::move(doc).value();
}

TEST(TrainingCodec, EveryEventRoundTripsAndMatchesItsSchema) {
  ExpectRoundTrip(kSample);
  ExpectRoundTrip(TrainingAssigned{"t-1", kNip, "Coaching \"kinerja\"", TrainingKind::kCoaching, 4,
                                   D("2027-01-05"), D("2027-01-05"), std::string("Tindak lanjut"),
                                   2026});
  for (const char* k : {"pelatihan_klasikal", "pelatihan_nonklasikal", "workshop", "seminar",
                        "coaching", "mentoring", "e_learning", "magang"}) {
    TrainingAssigned e = std::get<TrainingAssigned>(kSample);
    e.kind = *ParseTrainingKind(k);
    ExpectRoundTrip(e);
  }
  ExpectRoundTrip(TrainingCompleted{"t-1", kNip, D("2027-01-02"), 24, std::string("SERT-1")});
  ExpectRoundTrip(TrainingCompleted{"t-1", kNip, D("2027-01-02"), 24, std::nullopt});
  ExpectRoundTrip(TrainingCancelled{"t-1", kNip, "Peserta sakit"});
}

TEST(TrainingCodec, UnknownTypesAndNewerVersionsAreRefused) {
  EXPECT_EQ(DecodeTrainingEvent("Nope", 1, "{}").error().code, "event.unknown_type");
  const EncodedEvent any = EncodeTrainingEvent(kSample);
  EXPECT_EQ(DecodeTrainingEvent(any.type, 2, any.data).error().code, "event.unsupported_version");
  EXPECT_EQ(DecodeTrainingEvent(any.type, 1, "{}").error().code, "json.missing_field");
}

TEST(TrainingCodec, CommandBodiesDecodeOrNameTheBadField) {
  auto a = DecodeAssignTraining(
      "t-9", Body(R"({"nip":"199502242015012001","title":"Latsar","kind":"e_learning","jp":20,)"
                  R"("startDate":"2026-03-01","endDate":"2026-03-05","followUpYear":2025})"));
  ASSERT_TRUE(a.ok()) << a.error().message_en;
  EXPECT_EQ(a->id, "t-9");
  EXPECT_EQ(a->kind, TrainingKind::kELearning);
  EXPECT_EQ(a->follow_up_year, std::optional<int>(2025));
  EXPECT_EQ(DecodeAssignTraining("t", Body(R"({"nip":"1","title":"x","kind":"kursus","jp":1,)"
                                           R"("startDate":"2026-03-01","endDate":"2026-03-01"})"))
                .error().code,
            "training.kind_invalid");
  auto huge = DecodeAssignTraining("t", Body(R"({"nip":"1","title":"x","kind":"seminar",)"
                                             R"("jp":99999999999,"startDate":"2026-03-01",)"
                                             R"("endDate":"2026-03-01"})"));
  EXPECT_EQ(huge.error().code, "json.wrong_type");
  EXPECT_NE(huge.error().message_en.find("/jp"), std::string::npos);
  auto c = DecodeCompleteTraining(Body(R"({"completedOn":"2026-03-05","jp":20})"));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->completed_on, D("2026-03-05"));
  EXPECT_EQ(DecodeCompleteTraining(Body(R"({"completedOn":"2026-02-30","jp":20})")).error().code,
            "date.invalid");
  EXPECT_EQ(DecodeCancelTraining(Body(R"({"reason":"batal"})"))->reason, "batal");
  EXPECT_EQ(DecodeCancelTraining(Body("{}")).error().code, "json.missing_field");
}

}  // namespace
}  // namespace kinerja::domain::json
