// SKP events round-trip through JSON unchanged and validate against their published schema;
// request bodies decode (camelCase fields of DESIGN.md §3) or are refused with the field named.
#include <gtest/gtest.h>

#include "domain/json/json_fields.h"
#include "domain/json/skp_codec.h"
#include "tests/domain/schema_check.h"

namespace kinerja::domain::json {
namespace {

using domain::testing::ValidateAgainstSchema;

const std::string kNip = "199502242015012001";
const std::string kSupervisor = "197805122003121002";
const Timestamp kAt = Timestamp::ParseRfc3339("2026-02-03T04:05:06.789012Z").value();

WorkPlan Plan() {
  WorkPlan p;
  p.rhk.push_back(Rhk{"rhk-1", RhkKind::kUtama, "Tersusunnya kajian \"kebijakan\" PPDB",
                      std::string("kadis.1"),
                      {Indikator{IndikatorAspect::kKuantitas, "Jumlah kajian", 12, "dokumen"},
                       Indikator{IndikatorAspect::kKualitas, "Kajian diterima", 0.1, "%"},
                       Indikator{IndikatorAspect::kWaktu, "Tepat waktu", 1e-7, "bulan"}}});
  p.rhk.push_back(Rhk{"RHK_2", RhkKind::kTambahan, "Narasumber bimtek — luring", std::nullopt,
                      {Indikator{IndikatorAspect::kKuantitas, "Kegiatan", 123456.789, "kali"}}});
  for (const auto& key : PerilakuKeys()) p.perilaku[key] = "Ekspektasi " + key;
  return p;
}

void ExpectRoundTrip(const SkpEvent& event) {
  const EncodedEvent encoded = EncodeSkpEvent(event);
  SCOPED_TRACE(encoded.data);
  EXPECT_EQ(ValidateAgainstSchema(encoded.type, encoded.version, encoded.data), "");
  auto decoded = DecodeSkpEvent(encoded.type, encoded.version, encoded.data);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message_en;
  EXPECT_EQ(decoded.value(), event);
  EXPECT_TRUE(IsSkpEventType(encoded.type));
}

TEST(SkpCodec, EveryEventRoundTripsAndMatchesItsSchema) {
  ExpectRoundTrip(WorkPlanDraftSaved{kNip, 2026, Plan(), kNip, kAt});
  ExpectRoundTrip(WorkPlanDraftSaved{kNip, 2026, WorkPlan{}, kNip, kAt});  // an empty draft
  ExpectRoundTrip(WorkPlanSubmitted{kNip, 2026, 1, false, Plan(), kNip, kAt});
  ExpectRoundTrip(WorkPlanSubmitted{kNip, 2026, 3, true, Plan(), kNip, kAt});
  ExpectRoundTrip(WorkPlanApproved{kNip, 2026, 1, 0, kSupervisor, kAt});
  ExpectRoundTrip(WorkPlanApproved{kNip, 2026, 2, 1, kSupervisor, kAt});
  ExpectRoundTrip(WorkPlanReturned{kNip, 2026, 1, "Perjelas target\nbaris kedua", kSupervisor, kAt});
  ExpectRoundTrip(ProgressRecorded{kNip, 2026, 1, Period::Month(2026, 3), "rhk-1", 2, 0.30000000000000004,
                                   std::string("Catatan"),
                                   {"https://drive.example.go.id/a.pdf", "http://x.id/b?c=d&e=f"},
                                   kNip, kAt});
  ExpectRoundTrip(ProgressRecorded{kNip, 2026, 2, Period::Quarter(2026, 4), "RHK_2", 0, 0,
                                   std::nullopt, {}, kNip, kAt});
  ExpectRoundTrip(ProgressRecorded{kNip, 2026, 1, Period::Annual(2026), "rhk-1", 0, 7, std::nullopt,
                                   {}, kNip, kAt});
  ExpectRoundTrip(FeedbackGiven{kNip, 2026, 1, Period::Month(2026, 12), std::string("rhk-1"),
                                "Pertahankan", kSupervisor, kAt});
  ExpectRoundTrip(FeedbackGiven{kNip, 2026, 1, Period::Quarter(2026, 1), std::nullopt, "Umum",
                                kSupervisor, kAt});
}

TEST(SkpCodec, TheSchemaRefusesWhatTheDomainWouldNever) {
  WorkPlan bad = Plan();
  bad.perilaku["disiplin"] = "x";  // not a BerAKHLAK key
  EXPECT_NE(ValidateAgainstSchema("WorkPlanSubmitted", 1,
                                  EncodeSkpEvent(WorkPlanSubmitted{kNip, 2026, 1, false, bad, kNip,
                                                                   kAt}).data),
            "");
  WorkPlan zero = Plan();
  zero.rhk[0].indikator[0].target = 0;
  EXPECT_NE(ValidateAgainstSchema("WorkPlanDraftSaved", 1,
                                  EncodeSkpEvent(WorkPlanDraftSaved{kNip, 2026, zero, kNip, kAt}).data),
            "");
  EXPECT_NE(ValidateAgainstSchema(
                "ProgressRecorded", 1,
                EncodeSkpEvent(ProgressRecorded{kNip, 2026, 1, Period::Month(2026, 1), "r", 0, 1,
                                                std::nullopt, {"ftp://x"}, kNip, kAt}).data),
            "");
}

TEST(SkpCodec, UnknownTypesNewerVersionsAndBadFieldsAreRefused) {
  EXPECT_EQ(DecodeSkpEvent("WorkPlanShredded", 1, "{}").error().code, "event.unknown_type");
  EXPECT_EQ(DecodeSkpEvent("WorkPlanApproved", 2, "{}").error().code, "event.unsupported_version");
  const std::string head = R"({"nip":")" + kNip + R"(","year":2026,"actor":"x","at":"2026-01-01T00:00:00Z")";
  EXPECT_EQ(DecodeSkpEvent("WorkPlanApproved", 1, head + "}").error().code, "json.missing_field");
  EXPECT_EQ(DecodeSkpEvent("FeedbackGiven", 1, head + R"(,"version":1,"period":"2026-13","text":"t"})")
                .error()
                .code,
            "period.invalid");
  EXPECT_EQ(DecodeSkpEvent("WorkPlanReturned", 1, head + R"(,"version":0,"notes":"n"})")
                .error()
                .code,
            "json.wrong_type");
}

TEST(SkpCodec, WorkPlanBodyIsASubmissionOrADraft) {
  const std::string body =
      R"({"rhk":[{"id":"rhk-1","kind":"utama","description":"Kajian","parentRhkId":"kadis-1",)"
      R"("indikator":[{"aspect":"kuantitas","description":"Jumlah","target":12,"unit":"dokumen"}]}],)"
      R"("perilaku":{"akuntabel":"Tepat waktu","disiplin":"kept for Decide to refuse"})";
  auto submit = DecodeWorkPlanBody(kNip, 2026, ParseJson(body + "}").value());
  ASSERT_TRUE(submit.ok()) << submit.error().message_en;
  ASSERT_TRUE(std::holds_alternative<SubmitWorkPlan>(submit.value()));
  const auto& s = std::get<SubmitWorkPlan>(submit.value());
  EXPECT_EQ(s.nip, kNip);
  EXPECT_EQ(s.year, 2026);
  ASSERT_EQ(s.plan.rhk.size(), 1u);
  EXPECT_EQ(s.plan.rhk[0].parent_rhk_id, std::optional<std::string>("kadis-1"));
  EXPECT_EQ(s.plan.rhk[0].indikator[0].target, 12);
  EXPECT_EQ(s.plan.perilaku.size(), 2u);
  EXPECT_EQ(ValidateWorkPlan(s.plan, true).error().code, "skp.perilaku_unknown");

  auto draft = DecodeWorkPlanBody(kNip, 2026, ParseJson(body + R"(,"draft":true})").value());
  ASSERT_TRUE(draft.ok());
  EXPECT_TRUE(std::holds_alternative<SaveWorkPlanDraft>(draft.value()));

  auto bad_aspect = ParseJson(
      R"({"rhk":[{"id":"a","kind":"utama","description":"d","indikator":[{"aspect":"bobot",)"
      R"("description":"d","target":1,"unit":"u"}]}]})");
  EXPECT_EQ(DecodeWorkPlanBody(kNip, 2026, bad_aspect.value()).error().code, "skp.aspect_invalid");
  auto bad_target = ParseJson(
      R"({"rhk":[{"id":"a","kind":"utama","description":"d","indikator":[{"aspect":"waktu",)"
      R"("description":"d","target":"12","unit":"u"}]}]})");
  auto refused = DecodeWorkPlanBody(kNip, 2026, bad_target.value());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "json.wrong_type");
  EXPECT_NE(refused.error().message_en.find("/rhk/0/indikator/0/target"), std::string::npos);
  EXPECT_EQ(DecodeWorkPlanBody(kNip, 2026, ParseJson("{}").value()).error().code,
            "json.missing_field");
}

TEST(SkpCodec, ReturnProgressAndFeedbackBodies) {
  auto ret = DecodeReturnWorkPlan(kNip, 2026, ParseJson(R"({"notes":"Perjelas"})").value());
  ASSERT_TRUE(ret.ok());
  EXPECT_EQ(ret->notes, "Perjelas");
  EXPECT_EQ(DecodeReturnWorkPlan(kNip, 2026, ParseJson("{}").value()).error().code,
            "json.missing_field");

  auto progress = DecodeRecordProgress(
      kNip, 2026,
      ParseJson(R"({"period":"2026-Q2","rhkId":"rhk-1","indikatorIndex":1,"realisasi":2.5,)"
                R"("evidence":["https://e.id/a"]})")
          .value());
  ASSERT_TRUE(progress.ok()) << progress.error().message_en;
  EXPECT_EQ(progress->period, Period::Quarter(2026, 2));
  EXPECT_EQ(progress->indikator_index, 1);
  EXPECT_EQ(progress->realisasi, 2.5);
  EXPECT_FALSE(progress->note.has_value());
  EXPECT_EQ(progress->evidence, std::vector<std::string>{"https://e.id/a"});
  EXPECT_EQ(DecodeRecordProgress(kNip, 2026,
                                 ParseJson(R"({"period":"2026-01","rhkId":"r","indikatorIndex":1.5,)"
                                           R"("realisasi":1})")
                                     .value())
                .error()
                .code,
            "json.wrong_type");
  EXPECT_EQ(DecodeRecordProgress(kNip, 2026,
                                 ParseJson(R"({"period":"2026-01","rhkId":"r","indikatorIndex":0,)"
                                           R"("realisasi":1,"evidence":[1]})")
                                     .value())
                .error()
                .code,
            "json.wrong_type");

  auto feedback = DecodeGiveFeedback(kNip, 2026,
                                     ParseJson(R"({"period":"2026","text":"Bagus"})").value());
  ASSERT_TRUE(feedback.ok());
  EXPECT_TRUE(feedback->period.is_annual());
  EXPECT_FALSE(feedback->rhk_id.has_value());
  EXPECT_EQ(MakeApproveWorkPlan(kNip, 2026).year, 2026);
}

}  // namespace
}  // namespace kinerja::domain::json
