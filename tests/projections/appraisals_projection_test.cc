// The appraisals read model: ratings, effective predikat, objections, decisions, finalisation.
#include "projections/appraisals_projection.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "projections/memory_documents.h"
#include "tests/projections/read_model_events.h"

namespace kinerja::projections {
namespace {

using namespace kinerja::testing::rm;  // NOLINT
using domain::Predikat;
using domain::Rating;

rapidjson::Document Doc(MemoryDocuments& docs, const std::string& key) {
  rapidjson::Document d;
  auto text = docs.Get(key);
  EXPECT_TRUE(text) << key;
  if (text) d.Parse(text->c_str());
  return d;
}

TEST(AppraisalsProjectionFold, UpheldObjectionChangesTheEffectivePredikatAndKeepsTheOriginal) {
  Log log;
  log.Appraisal(Appraised(kStaff1, "2026-Q1", Rating::kDiBawah, Rating::kSesuai, kSupA,
                          "2026-04-03"));
  log.Appraisal(domain::ObjectionFiled{kStaff1, P("2026-Q1"), "Target tidak adil", T("2026-04-05")});
  domain::ObjectionDecided decided;
  decided.nip = kStaff1;
  decided.period = P("2026-Q1");
  decided.upheld = true;
  decided.hasil_kerja = Rating::kSesuai;
  decided.perilaku_kerja = Rating::kSesuai;
  decided.predikat = Predikat::kBaik;
  decided.reason = "Bukti cukup";
  decided.decided_by = kKepala;
  decided.decided_at = T("2026-04-10");
  log.Appraisal(decided);
  log.Appraisal(domain::AppraisalFinalized{kStaff1, P("2026-Q1"), Predikat::kBaik, kSupA,
                                           T("2026-04-11")});
  AppraisalsProjection p;
  MemoryDocuments docs;
  ASSERT_TRUE(FoldAll(p, log.events(), &docs).empty());
  auto d = Doc(docs, AppraisalsProjection::Key(kStaff1, P("2026-Q1")));
  EXPECT_EQ(AppraisalsProjection::Key(kStaff1, P("2026-Q1")), "a/" + kStaff1 + "/2026/2026-Q1");
  EXPECT_STREQ(d["periodKind"].GetString(), "quarterly");
  EXPECT_STREQ(d["hasilKerja"].GetString(), "DI_BAWAH_EKSPEKTASI");
  EXPECT_STREQ(d["recordedPredikat"].GetString(), "BUTUH_PERBAIKAN");
  EXPECT_STREQ(d["predikat"].GetString(), "BAIK");
  EXPECT_STREQ(d["receivedOn"].GetString(), "2026-04-03");
  EXPECT_STREQ(d["objectionDeadline"].GetString(), "2026-04-17");
  EXPECT_STREQ(d["objection"]["reason"].GetString(), "Target tidak adil");
  EXPECT_TRUE(d["decision"]["upheld"].GetBool());
  EXPECT_STREQ(d["decision"]["hasilKerja"].GetString(), "SESUAI_EKSPEKTASI");
  EXPECT_STREQ(d["decision"]["decidedBy"].GetString(), kKepala.c_str());
  EXPECT_STREQ(d["status"].GetString(), "FINAL");
  EXPECT_TRUE(d["finalized"].GetBool());
  EXPECT_STREQ(d["finalPredikat"].GetString(), "BAIK");
  EXPECT_EQ(d["streamVersion"].GetInt(), 4);
}

TEST(AppraisalsProjectionFold, RejectedObjectionKeepsTheRecordedPredikat) {
  Log log;
  log.Appraisal(Appraised(kStaff2, "2026", Rating::kDiAtas, Rating::kDiAtas, kSupA, "2027-01-05"));
  log.Appraisal(domain::AppraisalAccepted{kStaff2, P("2026"), T("2027-01-06")});
  log.Appraisal(Appraised(kStaff3, "2026-Q1", Rating::kSesuai, Rating::kSesuai, kSupA, "2026-04-02"));
  log.Appraisal(domain::ObjectionFiled{kStaff3, P("2026-Q1"), "Keberatan", T("2026-04-03")});
  domain::ObjectionDecided rejected;
  rejected.nip = kStaff3;
  rejected.period = P("2026-Q1");
  rejected.upheld = false;
  rejected.predikat = Predikat::kBaik;
  rejected.reason = "Tidak beralasan";
  rejected.decided_by = kKepala;
  rejected.decided_at = T("2026-04-08");
  log.Appraisal(rejected);
  AppraisalsProjection p;
  MemoryDocuments docs;
  ASSERT_TRUE(FoldAll(p, log.events(), &docs).empty());
  auto annual = Doc(docs, AppraisalsProjection::Key(kStaff2, P("2026")));
  EXPECT_STREQ(annual["status"].GetString(), "ACCEPTED");
  EXPECT_STREQ(annual["predikat"].GetString(), "SANGAT_BAIK");
  EXPECT_STREQ(annual["periodKind"].GetString(), "annual");
  EXPECT_STREQ(annual["acceptedAt"].GetString(), "2027-01-06T00:00:00.000000Z");
  auto q1 = Doc(docs, AppraisalsProjection::Key(kStaff3, P("2026-Q1")));
  EXPECT_STREQ(q1["status"].GetString(), "OBJECTION_DECIDED");
  EXPECT_FALSE(q1["decision"]["upheld"].GetBool());
  EXPECT_FALSE(q1["decision"].HasMember("hasilKerja"));
  EXPECT_STREQ(q1["predikat"].GetString(), "BAIK");
}

TEST(AppraisalsProjectionFold, EventForAnAppraisalNeverRecordedIsPoison) {
  Log log;
  log.Appraisal(domain::AppraisalAccepted{kStaff2, P("2026-Q2"), T("2026-07-06")});
  AppraisalsProjection p;
  MemoryDocuments docs;
  EXPECT_EQ(FoldAll(p, log.events(), &docs).size(), 1u);
  EXPECT_EQ(docs.size(), 0u);
}

}  // namespace
}  // namespace kinerja::projections
