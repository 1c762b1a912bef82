// Appraisal events round-trip through JSON unchanged and validate against their schema; the v1
// AppraisalRecorded is upcast to v2; command bodies decode or name the bad field.
#include <gtest/gtest.h>

#include "domain/json/appraisal_codec.h"
#include "domain/json/json_fields.h"
#include "tests/domain/schema_check.h"

namespace kinerja::domain::json {
namespace {

using domain::testing::ValidateAgainstSchema;
const std::string kNip = "199502242015012001";
const std::string kPenilai = "198001012005011002";
const Timestamp kAt = *Timestamp::ParseRfc3339("2027-01-10T08:00:00.123456Z");

void ExpectRoundTrip(const AppraisalEvent& event) {
  const EncodedEvent encoded = EncodeAppraisalEvent(event);
  EXPECT_EQ(ValidateAgainstSchema(encoded.type, encoded.version, encoded.data), "");
  auto decoded = DecodeAppraisalEvent(encoded.type, encoded.version, encoded.data);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message_en;
  EXPECT_EQ(decoded.value(), event) << encoded.data;
  EXPECT_TRUE(IsAppraisalEventType(encoded.type));
}

AppraisalRecorded Recorded() {
  AppraisalRecorded e;
  e.nip = kNip;
  e.period = Period::Annual(2026);
  e.hasil_kerja = Rating::kDiAtas;
  e.perilaku_kerja = Rating::kDiAtas;
  e.predikat = Predikat::kSangatBaik;
  e.skp_version = 2;
  e.pejabat_penilai_nip = kPenilai;
  e.recorded_at = kAt;
  return e;
}

TEST(AppraisalCodec, EveryEventRoundTripsAndMatchesItsSchema) {
  ExpectRoundTrip(Recorded());
  AppraisalRecorded full = Recorded();
  full.period = Period::Quarter(2026, 3);
  full.perilaku = {{"akuntabel", Rating::kDiAtas}, {"loyal", Rating::kDiBawah}};
  full.disiplin = "Hadir tepat waktu";
  full.inovasi = "Layanan \"satu hari\" jadi";
  full.notes = "Catatan\nbaris dua";
  ExpectRoundTrip(full);
  for (Period p : {Period::Month(2026, 1), Period::Month(2026, 12), Period::Quarter(2026, 4)}) {
    AppraisalRecorded e = Recorded();
    e.period = p;
    ExpectRoundTrip(e);
  }
  ExpectRoundTrip(AppraisalAccepted{kNip, Period::Annual(2026), kAt});
  ExpectRoundTrip(ObjectionFiled{kNip, Period::Month(2026, 5), "Target sudah tercapai", kAt});
  ExpectRoundTrip(ObjectionDecided{kNip, Period::Annual(2026), true, Rating::kDiAtas,
                                   Rating::kSesuai, Predikat::kBaik, "Dikabulkan",
                                   "197001011995031001", kAt});
  ExpectRoundTrip(ObjectionDecided{kNip, Period::Annual(2026), false, std::nullopt, std::nullopt,
                                   Predikat::kKurang, "Ditolak", "197001011995031001", kAt});
  ExpectRoundTrip(AppraisalFinalized{kNip, Period::Annual(2026), Predikat::kSangatKurang,
                                     kPenilai, kAt});
}

TEST(AppraisalCodec, UpcastsAppraisalRecordedV1ToV2) {
  EXPECT_EQ(AppraisalRecorded::kVersion, 2);
  const std::string v1 =
      R"({"nip":"199502242015012001","period":"2026","hasilKerja":"DI_BAWAH_EKSPEKTASI",)"
      R"("perilakuKerja":"SESUAI_EKSPEKTASI","notes":"lama","skpVersion":1,)"
      R"("pejabatPenilaiNip":"198001012005011002","recordedAt":"2027-01-10T08:00:00Z"})";
  EXPECT_EQ(ValidateAgainstSchema("AppraisalRecorded", 1, v1), "");
  EXPECT_NE(ValidateAgainstSchema("AppraisalRecorded", 2, v1), "");  // v2 requires predikat
  auto decoded = DecodeAppraisalEvent("AppraisalRecorded", 1, v1);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message_en;
  const auto& e = std::get<AppraisalRecorded>(decoded.value());
  EXPECT_EQ(e.predikat, Predikat::kButuhPerbaikan);  // derived by the table
  EXPECT_TRUE(e.perilaku.empty());
  EXPECT_EQ(e.notes, std::optional<std::string>("lama"));
  EXPECT_EQ(e.skp_version, 1);
  // Re-encoding writes the current version, which validates against the v2 schema.
  const EncodedEvent again = EncodeAppraisalEvent(e);
  EXPECT_EQ(again.version, 2);
  EXPECT_EQ(ValidateAgainstSchema(again.type, again.version, again.data), "");
  // A v2 record without its predikat is refused, not silently derived.
  EXPECT_EQ(DecodeAppraisalEvent("AppraisalRecorded", 2, v1).error().code, "json.missing_field");
}

TEST(AppraisalCodec, UnknownTypesNewerVersionsAndBadValuesAreRefused) {
  EXPECT_EQ(DecodeAppraisalEvent("AppraisalLost", 1, "{}").error().code, "event.unknown_type");
  EXPECT_EQ(DecodeAppraisalEvent("AppraisalRecorded", 3, "{}").error().code,
            "event.unsupported_version");
  EXPECT_EQ(DecodeAppraisalEvent("AppraisalAccepted", 0, "{}").error().code,
            "event.unsupported_version");
  EXPECT_EQ(DecodeAppraisalEvent("AppraisalAccepted", 1,
                                 R"({"nip":"199502242015012001","period":"2026-13",)"
                                 R"("acceptedAt":"2027-01-10T08:00:00Z"})")
                .error()
                .code,
            "period.invalid");
}

TEST(AppraisalCodec, CommandBodiesDecodeOrNameTheBadField) {
  auto body = ParseJson(R"({"hasilKerja":"DI_ATAS_EKSPEKTASI","perilakuKerja":"SESUAI_EKSPEKTASI",)"
                        R"("perilaku":{"akuntabel":"DI_ATAS_EKSPEKTASI"},"notes":"baik"})");
  ASSERT_TRUE(body.ok());
  auto rec = DecodeRecordAppraisal(kNip, Period::Annual(2026), body.value());
  ASSERT_TRUE(rec.ok()) << rec.error().message_en;
  EXPECT_EQ(rec->nip, kNip);
  EXPECT_EQ(rec->hasil_kerja, Rating::kDiAtas);
  EXPECT_EQ(rec->perilaku.at("akuntabel"), Rating::kDiAtas);

  auto bad = ParseJson(R"({"hasilKerja":"BAGUS","perilakuKerja":"SESUAI_EKSPEKTASI"})");
  EXPECT_EQ(DecodeRecordAppraisal(kNip, Period::Annual(2026), bad.value()).error().code,
            "rating.invalid");
  auto missing = ParseJson(R"({"hasilKerja":"DI_ATAS_EKSPEKTASI"})");
  auto refused = DecodeRecordAppraisal(kNip, Period::Annual(2026), missing.value());
  EXPECT_EQ(refused.error().code, "json.missing_field");
  EXPECT_NE(refused.error().message_en.find("/perilakuKerja"), std::string::npos);
  auto wrong = ParseJson(R"({"hasilKerja":"DI_ATAS_EKSPEKTASI","perilakuKerja":"SESUAI_EKSPEKTASI",)"
                         R"("perilaku":{"loyal":3}})");
  EXPECT_EQ(DecodeRecordAppraisal(kNip, Period::Annual(2026), wrong.value()).error().code,
            "json.wrong_type");

  auto obj = ParseJson(R"({"reason":"tidak sesuai"})");
  EXPECT_EQ(DecodeFileObjection(obj.value())->reason, "tidak sesuai");
  auto dec = ParseJson(R"({"upheld":true,"hasilKerja":"DI_ATAS_EKSPEKTASI","reason":"ok"})");
  auto d = DecodeDecideObjection(dec.value());
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->upheld);
  EXPECT_EQ(d->hasil_kerja, std::optional<Rating>(Rating::kDiAtas));
  EXPECT_FALSE(d->perilaku_kerja.has_value());
  auto nobool = ParseJson(R"({"upheld":"yes","reason":"ok"})");
  EXPECT_EQ(DecodeDecideObjection(nobool.value()).error().code, "json.wrong_type");
}

// ParseJson reads a long all-zero number as 0 (RapidJSON 1.1.0's full-precision parser misread
// it and crashed at a few hundred zeros; found by tests/fuzz; see exact_json.h).
TEST(JsonFieldsTest, LongAllZeroNumbersReadAsZeroWithoutCrashing) {
  for (int zeros : {23, 400, 5000}) {
    auto doc = ParseJson("{\"a\":0." + std::string(static_cast<size_t>(zeros), '0') + "}");
    ASSERT_TRUE(doc.ok()) << zeros;
    EXPECT_EQ(doc.value()["a"].GetDouble(), 0.0) << zeros;
  }
  auto exp = ParseJson("{\"a\":0e308}");
  ASSERT_TRUE(exp.ok());
  EXPECT_EQ(exp.value()["a"].GetDouble(), 0.0);
}

}  // namespace
}  // namespace kinerja::domain::json
