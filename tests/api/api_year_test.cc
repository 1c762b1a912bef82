// A full year at Dinas Pendidikan dan Kebudayaan Kota Pontianak, over real HTTP with the harness
// clock moving through 2026 (issue 4, "Tests"). The scenario reads like the year: registration,
// SKPs (returned, resubmitted, revised, cascading to the pengawas' RHK), progress and feedback,
// trainings, quarterly appraisals covering all nine cells of the predikat table, a mutasi, an
// innovation, a disciplinary action, the annual appraisal with one objection upheld and one
// rejected, acceptance, finalisation (after acceptance, after the 14 days, after a decision), the
// follow-up policy and the admin acting on it. Every dashboard figure is checked against numbers
// worked out by hand from the scenario (the comments show the arithmetic), never against the code.
#include <gtest/gtest.h>

#include <array>
#include <map>
#include <string>
#include <vector>

#include "tests/api/api_harness.h"
#include "tests/api/year_scenario.h"

namespace kinerja::testing::year {
namespace {

// The cells (hasil kerja, perilaku kerja: A = DI_ATAS, S = SESUAI, B = DI_BAWAH) recorded for
// Q1, Q2, Q3, Q4 and the annual appraisal. Q1 and Q2 together hold all nine cells:
//   AA (P6 Q1), AS (S2 Q1), AB (P1 Q2), SA (P1 Q1), SS (S1 Q1), SB (P3 Q2), BA (P2 Q2),
//   BS (P2 Q1), BB (P4 Q2).
const std::map<std::string, std::array<std::string, 5>> kCells = {
    {S1, {"SS", "SS", "SS", "SS", "SS"}},  //
    {S2, {"AS", "SS", "SS", "SS", "AS"}},  //
    {P1, {"SA", "AB", "SS", "AA", "AA"}},  //
    {P2, {"BS", "BA", "BS", "SS", "BS"}},  //
    {P3, {"SS", "SB", "SS", "SS", "SA"}},  //
    {P4, {"AS", "BB", "SS", "SS", "SB"}},  //
    {P5, {"SA", "SS", "SS", "SS", "BS"}},  // annual BS objected, upheld as SS (BAIK)
    {P6, {"AA", "AS", "SS", "BB", "BB"}},  // annual BB objected, rejected
};
const char* const kPeriods[] = {"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2026"};

// The pejabat penilai of `nip` for a period (P3 moves from S1 to S2 on 2026-07-15, after Q2 was
// recorded on 2026-07-03).
std::string PenilaiOf(const std::string& nip, int period_index) {
  if (nip == S1 || nip == S2) return K;
  if (nip == P1 || nip == P2) return S1;
  if (nip == P3) return period_index < 2 ? S1 : S2;
  return S2;
}

// One bound of a curve answer: count, total, limitPeople, holds, breachPeople.
void ExpectBound(const rapidjson::Value& bound, const std::string& describe, int count, int total,
                 int limit_people, bool holds, int breach_people, double percent) {
  SCOPED_TRACE(describe);
  EXPECT_EQ(S(bound, "bound"), describe);
  EXPECT_EQ(I(bound, "count"), count);
  EXPECT_EQ(I(bound, "total"), total);
  EXPECT_EQ(I(bound, "limitPeople"), limit_people);
  EXPECT_EQ(B(bound, "holds"), holds);
  EXPECT_EQ(I(bound, "breachPeople"), breach_people);
  ASSERT_TRUE(Obj(bound, "percent").IsNumber());
  EXPECT_DOUBLE_EQ(Obj(bound, "percent").GetDouble(), percent);
}

void ExpectCounts(const rapidjson::Value& counts, int sangat_baik, int baik, int butuh, int kurang,
                  int sangat_kurang) {
  EXPECT_EQ(I(counts, "SANGAT_BAIK"), sangat_baik) << Json(counts);
  EXPECT_EQ(I(counts, "BAIK"), baik) << Json(counts);
  EXPECT_EQ(I(counts, "BUTUH_PERBAIKAN"), butuh) << Json(counts);
  EXPECT_EQ(I(counts, "KURANG"), kurang) << Json(counts);
  EXPECT_EQ(I(counts, "SANGAT_KURANG"), sangat_kurang) << Json(counts);
}

void ExpectSkpStates(const rapidjson::Value& skp, int none, int draft, int submitted,
                     int returned, int approved) {
  EXPECT_EQ(I(skp, "NONE"), none) << Json(skp);
  EXPECT_EQ(I(skp, "DRAFT"), draft) << Json(skp);
  EXPECT_EQ(I(skp, "SUBMITTED"), submitted) << Json(skp);
  EXPECT_EQ(I(skp, "RETURNED"), returned) << Json(skp);
  EXPECT_EQ(I(skp, "APPROVED"), approved) << Json(skp);
}

// The inbox lists as sorted "nip period extra" lines.
std::vector<std::string> Lines(const rapidjson::Value& list, const char* a, const char* b) {
  std::vector<std::string> out;
  for (const auto& e : list.GetArray()) {
    std::string line = S(e, "nip");
    if (a != nullptr) line += " " + (Obj(e, a).IsString() ? S(e, a) : std::to_string(I(e, a)));
    if (b != nullptr) line += " " + (Obj(e, b).IsString() ? S(e, b) : std::to_string(I(e, b)));
    out.push_back(line);
  }
  return Sorted(out);
}

struct Inbox {
  std::vector<std::string> subordinates, plans, due, finalise, objections;
};
void ExpectInbox(Year& y, const std::string& nip, const std::string& as_of, const Inbox& want) {
  SCOPED_TRACE("inbox of " + nip + " on " + as_of);
  auto d = y.Read("/v1/supervisors/" + nip + "/inbox", y.T(nip));
  EXPECT_EQ(S(d, "asOf"), as_of);
  std::vector<std::string> subs;
  for (const auto& s : Arr(d, "subordinates").GetArray()) subs.push_back(s.GetString());
  EXPECT_EQ(Sorted(subs), Sorted(want.subordinates));
  EXPECT_EQ(Lines(Arr(d, "workPlansToApprove"), "version", "approvedVersion"), Sorted(want.plans));
  EXPECT_EQ(Lines(Arr(d, "appraisalsDue"), "period", "periodEnded"), Sorted(want.due));
  EXPECT_EQ(Lines(Arr(d, "appraisalsAwaitingFinalisation"), "period", "because"),
            Sorted(want.finalise));
  EXPECT_EQ(Lines(Arr(d, "objectionsToDecide"), "period", "pejabatPenilaiNip"),
            Sorted(want.objections));
}

class YearTest : public ::testing::Test {
 protected:
  ApiHarness api_;
  Year y_{api_};
};

TEST_F(YearTest, AFullYearAtDinasPendidikanKotaPontianak) {
  // ---------------------------------------------------------------- January: registration, SKP
  y_.At("2026-01-05");
  y_.Do("/v1/units", y_.admin, R"({"id":"pemkot-pontianak","name":"Pemerintah Kota Pontianak"})");
  y_.Do("/v1/units", y_.admin,
        R"({"id":"disdikbud","name":"Dinas Pendidikan dan Kebudayaan","parentId":"pemkot-pontianak"})");
  y_.Do("/v1/units/disdikbud/organisation-predikat", y_.admin,
        R"({"year":2026,"predikat":"BAIK"})");
  y_.Register(K, "Dra. Hj. Suryani", "Kepala Dinas", "jpt", "IV/c", "", "PNS");
  y_.Register(S1, "Rahmawati, S.Pd.", "Pengawas Sekolah Dasar", "pengawas", "III/d", K, "PNS");
  y_.Register(S2, "Budi Santoso, M.Pd.", "Pengawas SMP", "pengawas", "III/c", K, "PNS");
  y_.Register(P1, "Andi Pratama", "Analis Kurikulum", "pelaksana", "III/a", S1, "PNS");
  y_.Register(P2, "Siti Aminah", "Pranata Komputer", "fungsional", "III/b", S1, "PNS");
  y_.Register(P3, "Dewi Lestari", "Operator Dapodik", "pelaksana", "", S1, "PPPK");
  y_.Register(P4, "Hendra Wijaya", "Pengelola Sarpras", "pelaksana", "II/c", S2, "PNS");
  y_.Register(P5, "Yohanes Kurniawan", "Guru Ahli Pertama", "fungsional", "", S2, "PPPK");
  y_.Register(P6, "Nurul Hidayah", "Analis Data Pendidikan", "pelaksana", "III/a", S2, "PNS");

  // The kepala dinas keeps a draft (no pejabat penilai could approve it anyway).
  y_.Do(Year::Skp(K), y_.T(K),
        PlanBody({{"k-rhk-1", "utama", "Mutu pendidikan kota meningkat", "", "Rapor mutu", "dokumen",
                   1}},
                 true));
  // The pengawas' SKPs, approved by the kepala dinas: the RHK their staff cascade from.
  y_.Do(Year::Skp(S1), y_.T(S1),
        PlanBody({{"s1-rhk-1", "utama", "Supervisi SD terlaksana", "", "SD disupervisi", "sekolah",
                   40}}));
  y_.Do(Year::Skp(S2), y_.T(S2),
        PlanBody({{"s2-rhk-1", "utama", "Supervisi SMP terlaksana", "", "SMP disupervisi",
                   "sekolah", 24}}));
  y_.Do(Year::Skp(S1) + "/approve", y_.T(K));
  y_.Do(Year::Skp(S2) + "/approve", y_.T(K));
  // A staff plan may only cascade from the pengawas' APPROVED RHK.
  y_.Refused(Year::Skp(P1), y_.T(P1),
             PlanBody({{"p1-rhk-1", "utama", "Kurikulum", "s2-rhk-1", "Dokumen", "dokumen", 12}}),
             422, "skp.parent_rhk_not_approved");

  // A training that started in December 2025 and ends in January 2026 (counts in 2026).
  const std::string workshop_p1 = y_.Training(P1, "Workshop Kurikulum Merdeka", "workshop", 24,
                                              "2025-12-15", "2026-01-09");

  y_.At("2026-01-12");
  y_.Complete(workshop_p1, "2026-01-09", 24);
  for (const auto& [nip, s, rhk] : std::vector<std::array<std::string, 3>>{
           {P1, S1, "s1-rhk-1"}, {P2, S1, "s1-rhk-1"}, {P3, S1, "s1-rhk-1"},
           {P4, S2, "s2-rhk-1"}, {P5, S2, "s2-rhk-1"}, {P6, S2, "s2-rhk-1"}}) {
    y_.Do(Year::Skp(nip), y_.T(nip),
          PlanBody({{nip.substr(15) + "-rhk-1", "utama", "Mendukung supervisi", rhk,
                     "Laporan", "dokumen", 12}}));
  }
  ExpectInbox(y_, S1, "2026-01-12",
              {{P1, P2, P3}, {P1 + " 1 0", P2 + " 1 0", P3 + " 1 0"}, {}, {}, {}});
  ExpectInbox(y_, K, "2026-01-12", {{S1, S2}, {}, {}, {}, {}});
  {
    SCOPED_TRACE("unit dashboard after the submissions");
    auto d = y_.Read("/v1/units/disdikbud/dashboard?year=2026", y_.analyst);
    // K DRAFT; S1, S2 APPROVED; six staff SUBMITTED.
    ExpectSkpStates(Obj(d, "skp"), 0, 1, 6, 0, 2);
  }
  // P2's plan comes back with notes, is fixed and resubmitted (the same version 1).
  y_.Do(Year::Skp(P2) + "/return", y_.T(S1),
        R"({"notes":"Indikator kualitas belum terukur; tambahkan target."})");
  {
    auto d = y_.Read(Year::Emp(P2), y_.T(P2));
    EXPECT_EQ(S(Obj(Obj(d, "dashboard"), "skp"), "status"), "RETURNED");
    ASSERT_EQ(Arr(Obj(d, "dashboard"), "openItems").Size(), 1u);
    EXPECT_EQ(S(Arr(Obj(d, "dashboard"), "openItems")[0], "kind"), "skp.returned");
  }
  for (const std::string& nip : {P1, P3}) y_.Do(Year::Skp(nip) + "/approve", y_.T(S1));
  for (const std::string& nip : {P4, P5, P6}) y_.Do(Year::Skp(nip) + "/approve", y_.T(S2));

  y_.At("2026-01-14");
  y_.Do(Year::Skp(P2), y_.T(P2),
        PlanBody({{"005-rhk-1", "utama", "Mendukung supervisi", "s1-rhk-1", "Laporan terverifikasi",
                   "dokumen", 12}}));
  ExpectInbox(y_, S1, "2026-01-14", {{P1, P2, P3}, {P2 + " 1 0"}, {}, {}, {}});
  y_.Do(Year::Skp(P2) + "/approve", y_.T(S1));

  // ---------------------------------------------------------------- February-March: trainings
  y_.At("2026-03-02");
  const std::string elearning_p2 =
      y_.Training(P2, "E-learning Literasi Digital", "e_learning", 12, "2026-02-02", "2026-02-13");
  y_.Complete(elearning_p2, "2026-02-13", 12);
  const std::string seminar_p4 =
      y_.Training(P4, "Seminar Sarana Sekolah", "seminar", 8, "2026-02-10", "2026-02-10");
  y_.Complete(seminar_p4, "2026-02-10", 8);
  const std::string klasikal_p4 =
      y_.Training(P4, "Diklat Pengadaan Barang/Jasa", "pelatihan_klasikal", 30, "2026-03-09",
                  "2026-03-13");
  y_.Do("/v1/trainings/" + klasikal_p4 + "/cancel", y_.admin,
        R"({"reason":"Anggaran dialihkan ke BOS"})");
  const std::string klasikal_s1 =
      y_.Training(S1, "Pelatihan Kepengawasan", "pelatihan_klasikal", 40, "2026-02-16",
                  "2026-02-27");
  y_.Complete(klasikal_s1, "2026-02-27", 32);  // earned less than planned
  const std::string mentoring_p3 =
      y_.Training(P3, "Mentoring Dapodik", "mentoring", 10, "2026-03-02", "2026-03-31");

  // Progress with evidence and feedback on P1's plan (version 1).
  y_.At("2026-03-20");
  y_.Do(Year::Skp(P1) + "/progress", y_.T(P1),
        R"({"period":"2026-Q1","rhkId":"004-rhk-1","indikatorIndex":0,"realisasi":3,)"
        R"("note":"Tiga laporan","evidence":["https://bukti.pontianak.go.id/p1/q1-a",)"
        R"("https://bukti.pontianak.go.id/p1/q1-b"]})");
  y_.Do(Year::Skp(P1) + "/feedback", y_.T(S1),
        R"({"period":"2026-Q1","rhkId":"004-rhk-1","text":"Lengkapi bukti dukung"})");

  // ---------------------------------------------------------------- April: Q1 appraisals
  y_.At("2026-04-01");
  y_.Complete(mentoring_p3, "2026-03-31", 10);
  ExpectInbox(y_, S1, "2026-04-01",
              {{P1, P2, P3},
               {},
               {P1 + " 2026-Q1 2026-03-31", P2 + " 2026-Q1 2026-03-31", P3 + " 2026-Q1 2026-03-31"},
               {},
               {}});
  ExpectInbox(y_, K, "2026-04-01",
              {{S1, S2}, {}, {S1 + " 2026-Q1 2026-03-31", S2 + " 2026-Q1 2026-03-31"}, {}, {}});

  y_.At("2026-04-06");
  for (const auto& nip : kAppraised) y_.Appraise(nip, "2026-Q1", kCells.at(nip)[0], PenilaiOf(nip, 0));
  {
    SCOPED_TRACE("unit dashboard for 2026-Q1: a breached and a holding bound");
    auto d = y_.Read("/v1/units/disdikbud/dashboard?year=2026&period=2026-Q1", y_.admin);
    EXPECT_EQ(S(d, "period"), "2026-Q1");
    // Q1: SB P6; BAIK S1 S2 P1 P3 P4 P5; BP P2. K is not appraised.
    EXPECT_EQ(I(Obj(d, "predikat"), "appraised"), 8);
    EXPECT_EQ(I(Obj(d, "predikat"), "notAppraised"), 1);
    ExpectCounts(Obj(Obj(d, "predikat"), "counts"), 1, 6, 1, 0, 0);
    const auto& curve = Obj(d, "curve");
    EXPECT_EQ(S(curve, "organisationPredikat"), "BAIK");
    EXPECT_FALSE(B(curve, "allHold"));
    ASSERT_EQ(Arr(curve, "bounds").Size(), 2u);
    // BAIK <= 70% of 8: at most floor(5.6) = 5 people; 6 hold BAIK, 1 too many (75%).
    ExpectBound(Arr(curve, "bounds")[0], "BAIK <= 70%", 6, 8, 5, false, 1, 75.0);
    // At least one BUTUH_PERBAIKAN or KURANG: P2 (12.5%).
    ExpectBound(Arr(curve, "bounds")[1], "BUTUH_PERBAIKAN+KURANG >= 1", 1, 8, 1, true, 0, 12.5);
  }

  // ---------------------------------------------------------------- May: P1 revises the SKP
  y_.At("2026-05-15");
  y_.Do(Year::Skp(P1), y_.T(P1),
        PlanBody({{"004-rhk-1", "utama", "Mendukung supervisi", "s1-rhk-1", "Laporan", "dokumen",
                   12},
                  {"004-rhk-2", "tambahan", "Modul ajar digital", "", "Modul", "modul", 4}}));
  // Q1 was recorded on 2026-04-06: its 14 days ended on 2026-04-20 with no answer.
  ExpectInbox(y_, S1, "2026-05-15",
              {{P1, P2, P3},
               {P1 + " 2 1"},
               {},
               {P1 + " 2026-Q1 objection_window_passed", P2 + " 2026-Q1 objection_window_passed",
                P3 + " 2026-Q1 objection_window_passed"},
               {}});
  {
    auto d = y_.Read(Year::Emp(P1), y_.T(P1));
    const auto& skp = Obj(Obj(d, "dashboard"), "skp");
    EXPECT_EQ(S(skp, "status"), "SUBMITTED");
    EXPECT_EQ(I(skp, "currentVersion"), 2);
    EXPECT_EQ(I(skp, "approvedVersion"), 1);  // version 1 stays in force under review
  }
  y_.Do(Year::Skp(P1) + "/approve", y_.T(S1));

  y_.At("2026-06-20");
  y_.Do(Year::Skp(P1) + "/progress", y_.T(P1),
        R"({"period":"2026-Q2","rhkId":"004-rhk-1","indikatorIndex":0,"realisasi":7,)"
        R"("evidence":["https://bukti.pontianak.go.id/p1/q2"]})");

  // ---------------------------------------------------------------- July: Q2, mutasi of P3
  y_.At("2026-07-03");
  for (const auto& nip : kAppraised) y_.Appraise(nip, "2026-Q2", kCells.at(nip)[1], PenilaiOf(nip, 1));
  {
    SCOPED_TRACE("unit dashboard for 2026-Q2: both bounds hold");
    auto d = y_.Read("/v1/units/disdikbud/dashboard?year=2026&period=2026-Q2", y_.admin);
    // Q2: BAIK S1 S2 P5 P6; KURANG P1 P3; BP P2; SK P4.
    ExpectCounts(Obj(Obj(d, "predikat"), "counts"), 0, 4, 1, 2, 1);
    EXPECT_TRUE(B(Obj(d, "curve"), "allHold"));
    ExpectBound(Arr(Obj(d, "curve"), "bounds")[0], "BAIK <= 70%", 4, 8, 5, true, 0, 50.0);
    ExpectBound(Arr(Obj(d, "curve"), "bounds")[1], "BUTUH_PERBAIKAN+KURANG >= 1", 3, 8, 1, true,
                0, 37.5);
  }

  y_.At("2026-07-15");
  y_.Do(Year::Emp(P3) + "/assignment", y_.admin,
        "{\"supervisorNip\":\"" + S2 + "\",\"effectiveDate\":\"2026-07-15\"}");
  {
    auto d = y_.Read(Year::Emp(P3), y_.T(P3));
    EXPECT_EQ(S(d, "supervisorNip"), S2);
    ASSERT_EQ(Arr(d, "assignments").Size(), 2u);
    EXPECT_EQ(S(Arr(d, "assignments")[0], "supervisorNip"), S1);
    EXPECT_EQ(S(Arr(d, "assignments")[1], "effectiveDate"), "2026-07-15");
    EXPECT_EQ(S(Arr(d, "assignments")[1], "supervisorNip"), S2);
    EXPECT_FALSE(Has(d, "golongan"));  // PPPK have none
  }
  // S1 no longer appraises P3; S2 does.
  y_.Refused(Year::Appraisal(P3, "2026-Q3"), y_.T(S1),
             "{\"hasilKerja\":\"SESUAI_EKSPEKTASI\",\"perilakuKerja\":\"SESUAI_EKSPEKTASI\"}", 403,
             "auth.not_pejabat_penilai");

  // ---------------------------------------------------------------- August: innovation, discipline
  y_.At("2026-08-10");
  auto innovation = y_.Do(Year::Emp(P6) + "/innovations", y_.T(P6),
                          R"({"year":2026,"title":"Aplikasi antrean PPDB",)"
                          R"("description":"Pendaftaran PPDB daring tanpa antre di dinas"})");
  const std::string innovation_id = S(innovation, "id");
  y_.Do(Year::Emp(P6) + "/innovations/" + innovation_id + "/acknowledge", y_.T(S2));
  y_.Do(Year::Emp(P4) + "/disciplinary-actions", y_.admin,
        R"({"level":"ringan","type":"teguran_tertulis","decidedOn":"2026-08-10",)"
        R"("reason":"Tidak masuk kerja 3 hari tanpa keterangan"})");

  y_.At("2026-09-15");
  y_.Do(Year::Skp(P1) + "/progress", y_.T(P1),
        R"({"period":"2026-Q3","rhkId":"004-rhk-2","indikatorIndex":0,"realisasi":1,)"
        R"("evidence":["https://bukti.pontianak.go.id/p1/modul-1"]})");
  y_.Do(Year::Skp(P1) + "/feedback", y_.T(S1),
        R"({"period":"2026-Q3","rhkId":"004-rhk-2","text":"Modul pertama bagus"})");

  // ---------------------------------------------------------------- October: Q3
  y_.At("2026-10-05");
  for (const auto& nip : kAppraised) y_.Appraise(nip, "2026-Q3", kCells.at(nip)[2], PenilaiOf(nip, 2));

  // ---------------------------------------------------------------- December: Q4 and the annual
  y_.At("2026-12-01");
  for (const auto& nip : kAppraised) y_.Appraise(nip, "2026-Q4", kCells.at(nip)[3], PenilaiOf(nip, 3));
  for (const auto& nip : kAppraised) y_.Appraise(nip, "2026", kCells.at(nip)[4], PenilaiOf(nip, 4));

  y_.At("2026-12-03");
  for (const std::string& nip : {P1, P2, P3}) y_.Do(Year::Appraisal(nip, "2026") + "/accept", y_.T(nip));
  y_.Do(Year::Appraisal(P5, "2026") + "/objection", y_.T(P5),
        R"({"reason":"Realisasi mengajar melampaui target; bukti terlampir"})");
  y_.Do(Year::Appraisal(P6, "2026") + "/objection", y_.T(P6),
        R"({"reason":"Saya sakit selama dua bulan"})");
  // Nobody cuts off the right to object: S1's annual is still in its 14 days.
  y_.Refused(Year::Appraisal(S1, "2026") + "/finalize", y_.T(K), "", 422,
             "appraisal.objection_window_open");
  y_.Refused(Year::Appraisal(P5, "2026") + "/finalize", y_.T(S2), "", 409,
             "appraisal.objection_open");
  // Finalised after acceptance.
  y_.Do(Year::Appraisal(P1, "2026") + "/finalize", y_.T(S1));
  y_.Do(Year::Appraisal(P2, "2026") + "/finalize", y_.T(S1));
  y_.Do(Year::Appraisal(P3, "2026") + "/finalize", y_.T(S2));
  {
    // The atasan's inbox: the two objections; S1's and S2's Q1..Q3 wait for finalisation (their
    // 14 days passed), Q4 and the annual are within them (received 2026-12-01).
    std::vector<std::string> finalise;
    for (const std::string& nip : {S1, S2}) {
      for (const char* q : {"2026-Q1", "2026-Q2", "2026-Q3"}) {
        finalise.push_back(nip + " " + q + " objection_window_passed");
      }
    }
    ExpectInbox(y_, K, "2026-12-03",
                {{S1, S2}, {}, {}, finalise, {P5 + " 2026 " + S2, P6 + " 2026 " + S2}});
    auto d = y_.Read("/v1/units/disdikbud/dashboard?year=2026", y_.admin);
    // Annual before the decisions: SB P1; BAIK S1 S2 P3; BP P2 P5; K P4; SK P6.
    ExpectCounts(Obj(Obj(d, "predikat"), "counts"), 1, 3, 2, 1, 1);
    auto p5 = y_.Read(Year::Emp(P5), y_.T(P5));
    const auto& items = Arr(Obj(p5, "dashboard"), "openItems");
    ASSERT_EQ(items.Size(), 2u);  // Q4 awaiting response (until 2026-12-15), the open objection
    EXPECT_EQ(S(items[0], "kind"), "appraisal.awaiting_response");
    EXPECT_EQ(S(items[0], "period"), "2026-Q4");
    EXPECT_EQ(S(items[0], "objectionDeadline"), "2026-12-15");
    EXPECT_EQ(S(items[1], "kind"), "objection.open");
    EXPECT_EQ(S(items[1], "period"), "2026");
  }

  y_.At("2026-12-08");
  const std::string before_decision = "2026-12-07T23:59:59Z";
  // The pejabat penilai cannot decide; the atasan does.
  y_.Refused(Year::Appraisal(P5, "2026") + "/objection/decision", y_.T(S2),
             R"({"upheld":false,"reason":"Tidak"})", 403, "auth.not_atasan_pejabat_penilai");
  y_.Do(Year::Appraisal(P5, "2026") + "/objection/decision", y_.T(K),
        R"({"upheld":true,"hasilKerja":"SESUAI_EKSPEKTASI","perilakuKerja":"SESUAI_EKSPEKTASI",)"
        R"("reason":"Bukti dukung mengajar lengkap"})");
  y_.Do(Year::Appraisal(P6, "2026") + "/objection/decision", y_.T(K),
        R"({"upheld":false,"reason":"Tidak ada surat keterangan sakit"})");
  // Finalised after the decisions.
  y_.Do(Year::Appraisal(P5, "2026") + "/finalize", y_.T(S2));
  y_.Do(Year::Appraisal(P6, "2026") + "/finalize", y_.T(S2));

  // Day 15 after receipt: the window has passed for S1, S2 and P4 (no answer from them).
  y_.At("2026-12-16");
  y_.Refused(Year::Appraisal(P4, "2026") + "/objection", y_.T(P4), R"({"reason":"Terlambat"})",
             422, "appraisal.objection_window_closed");
  y_.Do(Year::Appraisal(S1, "2026") + "/finalize", y_.T(K));
  y_.Do(Year::Appraisal(S2, "2026") + "/finalize", y_.T(K));
  y_.Do(Year::Appraisal(P4, "2026") + "/finalize", y_.T(S2));

  // The follow-up policy: SB P1 -> penghargaan; BP P2, K P4, SK P6 -> pembinaan; P5 (BAIK after
  // the upheld objection), S1, S2, P3 (BAIK) -> nothing.
  ASSERT_TRUE(y_.PolicyCaughtUp());
  {
    SCOPED_TRACE("follow-ups recommended");
    auto d = y_.Read("/v1/follow-ups?year=2026", y_.admin);
    std::vector<std::string> got;
    for (const auto& f : Arr(d, "followUps").GetArray()) {
      got.push_back(S(f, "nip") + " " + S(f, "kind") + " " + S(f, "predikat") + " " +
                    S(f, "status") + " " + S(f, "appraisalStream"));
    }
    EXPECT_EQ(Sorted(got),
              Sorted({P1 + " penghargaan SANGAT_BAIK RECOMMENDED appraisal-" + P1 + "-2026",
                      P2 + " pembinaan BUTUH_PERBAIKAN RECOMMENDED appraisal-" + P2 + "-2026",
                      P4 + " pembinaan KURANG RECOMMENDED appraisal-" + P4 + "-2026",
                      P6 + " pembinaan SANGAT_KURANG RECOMMENDED appraisal-" + P6 + "-2026"}));
    auto u = y_.Read("/v1/units/disdikbud/dashboard?year=2026", y_.admin);
    EXPECT_EQ(I(Obj(u, "followUps"), "due"), 4);
    EXPECT_EQ(I(Obj(u, "followUps"), "pembinaanDue"), 3);
    EXPECT_EQ(I(Obj(u, "followUps"), "penghargaanDue"), 1);
    EXPECT_EQ(I(Obj(u, "followUps"), "actedOn"), 0);
  }

  // The admin acts: a coaching for P2 (pembinaan of 2026), a recognition for P1.
  y_.At("2026-12-17");
  const std::string coaching_p2 = y_.Training(
      P2, "Coaching Perencanaan Kinerja", "coaching", 8, "2026-12-17", "2026-12-22",
      R"(,"reason":"Tindak lanjut penilaian kinerja 2026","followUpYear":2026)");
  y_.Do(Year::Emp(P1) + "/recognitions", y_.admin,
        R"({"year":2026,"title":"Pegawai Berkinerja Terbaik 2026",)"
        R"("reason":"Predikat SANGAT_BAIK","followUpYear":2026})");
  // A recognition cannot answer a pembinaan.
  y_.Refused(Year::Emp(P4) + "/recognitions", y_.admin,
             R"({"year":2026,"title":"X","reason":"Y","followUpYear":2026})", 422,
             "recognition.follow_up_not_penghargaan");

  y_.At("2026-12-22");
  y_.Complete(coaching_p2, "2026-12-22", 8);  // P2 reaches exactly 20 JP (12 + 8)

  // ================================================================ the figures, on 2026-12-28
  y_.At("2026-12-28");
  ASSERT_TRUE(y_.PolicyCaughtUp());

  // Employee dashboards.
  struct Jp {
    int total, shortfall;
    bool reached, counted;
  };
  const std::map<std::string, Jp> jp = {
      {K, {0, 20, false, true}},   {S1, {32, 0, true, true}},  {S2, {0, 20, false, true}},
      {P1, {24, 0, true, true}},   {P2, {20, 0, true, true}},  {P3, {10, 10, false, false}},
      {P4, {8, 12, false, true}},  {P5, {0, 20, false, false}}, {P6, {0, 20, false, true}},
  };
  for (const auto& nip : kEveryone) {
    SCOPED_TRACE("employee dashboard of " + nip);
    auto d = y_.Read(Year::Emp(nip) + "?year=2026", y_.T(nip));
    EXPECT_EQ(S(d, "asOf"), "2026-12-28");
    EXPECT_EQ(S(d, "unitId"), "disdikbud");
    EXPECT_EQ(S(d, "unitName"), "Dinas Pendidikan dan Kebudayaan");
    const auto& dash = Obj(d, "dashboard");
    const auto& skp = Obj(dash, "skp");
    EXPECT_EQ(S(skp, "status"), nip == K ? "DRAFT" : "APPROVED");
    EXPECT_EQ(I(skp, "currentVersion"), nip == K ? 0 : nip == P1 ? 2 : 1);
    EXPECT_EQ(I(skp, "approvedVersion"), nip == K ? 0 : nip == P1 ? 2 : 1);
    const auto& appraisals = Arr(dash, "appraisals");
    if (nip == K) {
      EXPECT_EQ(appraisals.Size(), 0u);
    } else {
      ASSERT_EQ(appraisals.Size(), 5u);
      for (int i = 0; i < 5; ++i) {
        SCOPED_TRACE(kPeriods[i]);
        const auto& a = appraisals[i];
        EXPECT_EQ(S(a, "period"), kPeriods[i]);
        EXPECT_EQ(S(a, "periodKind"), i < 4 ? "quarterly" : "annual");
        EXPECT_EQ(S(a, "status"), i < 4 ? "RECORDED" : "FINAL");
        EXPECT_EQ(B(a, "finalized"), i == 4);
        const std::string want = (nip == P5 && i == 4) ? "BAIK" : PredikatOf(kCells.at(nip)[i]);
        EXPECT_EQ(S(a, "predikat"), want);
      }
    }
    const auto& j = Obj(dash, "jp");
    EXPECT_EQ(I(j, "total"), jp.at(nip).total);
    EXPECT_EQ(I(j, "required"), 20);
    EXPECT_EQ(B(j, "reached"), jp.at(nip).reached);
    EXPECT_EQ(I(j, "shortfall"), jp.at(nip).shortfall);
    EXPECT_EQ(B(j, "counted"), jp.at(nip).counted);
    EXPECT_EQ(Arr(dash, "recognitions").Size(), nip == P1 ? 1u : 0u);
    EXPECT_EQ(Arr(dash, "innovations").Size(), nip == P6 ? 1u : 0u);
    EXPECT_EQ(Arr(dash, "disciplinaryActions").Size(), nip == P4 ? 1u : 0u);
    const auto& open = Arr(dash, "openItems");
    if (nip == K) {
      ASSERT_EQ(open.Size(), 1u);
      EXPECT_EQ(S(open[0], "kind"), "skp.draft");
    } else {
      EXPECT_EQ(open.Size(), 0u) << Json(open);  // every window passed, every objection decided
    }
  }
  {
    SCOPED_TRACE("recognition, innovation and discipline entries");
    auto p1 = y_.Read(Year::Emp(P1), y_.T(P1));
    const auto& rec = Arr(Obj(p1, "dashboard"), "recognitions")[0];
    EXPECT_EQ(S(rec, "title"), "Pegawai Berkinerja Terbaik 2026");
    EXPECT_EQ(I(rec, "followUpYear"), 2026);
    auto p6 = y_.Read(Year::Emp(P6), y_.T(P6));
    const auto& inn = Arr(Obj(p6, "dashboard"), "innovations")[0];
    EXPECT_EQ(S(inn, "id"), innovation_id);
    EXPECT_EQ(S(inn, "title"), "Aplikasi antrean PPDB");
    EXPECT_EQ(S(inn, "acknowledgedBy"), S2);
    auto p4 = y_.Read(Year::Emp(P4), y_.T(P4));
    const auto& hd = Arr(Obj(p4, "dashboard"), "disciplinaryActions")[0];
    EXPECT_EQ(S(hd, "level"), "ringan");
    EXPECT_EQ(S(hd, "type"), "teguran_tertulis");
    EXPECT_EQ(S(hd, "decidedOn"), "2026-08-10");
  }
  {
    SCOPED_TRACE("P1's progress summary: every version counts");
    auto d = y_.Read(Year::Emp(P1), y_.T(P1));
    const auto& progress = Arr(Obj(d, "dashboard"), "progress");
    ASSERT_EQ(progress.Size(), 2u);
    EXPECT_EQ(S(progress[0], "rhkId"), "004-rhk-1");
    EXPECT_EQ(I(progress[0], "count"), 2);
    EXPECT_EQ(Obj(progress[0], "lastRealisasi").GetDouble(), 7.0);
    EXPECT_EQ(S(progress[0], "lastPeriod"), "2026-Q2");
    EXPECT_EQ(S(progress[1], "rhkId"), "004-rhk-2");
    EXPECT_EQ(I(progress[1], "count"), 1);
    EXPECT_EQ(S(progress[1], "lastPeriod"), "2026-Q3");
  }

  // SKP views.
  {
    SCOPED_TRACE("P1's SKP: two versions, progress and feedback");
    auto d = y_.Read(Year::Skp(P1), y_.T(S1));
    EXPECT_EQ(S(d, "status"), "APPROVED");
    EXPECT_EQ(I(d, "currentVersion"), 2);
    EXPECT_EQ(I(d, "approvedVersion"), 2);
    const auto& versions = Arr(d, "versions");
    ASSERT_EQ(versions.Size(), 2u);
    EXPECT_EQ(I(versions[0], "number"), 1);
    EXPECT_FALSE(B(versions[0], "inForce"));
    EXPECT_EQ(Arr(Obj(versions[0], "plan"), "rhk").Size(), 1u);
    EXPECT_EQ(S(Arr(Obj(versions[0], "plan"), "rhk")[0], "parentRhkId"), "s1-rhk-1");
    EXPECT_EQ(I(versions[1], "number"), 2);
    EXPECT_TRUE(B(versions[1], "inForce"));
    EXPECT_EQ(S(versions[1], "status"), "APPROVED");
    ASSERT_EQ(Arr(Obj(versions[1], "plan"), "rhk").Size(), 2u);
    EXPECT_EQ(S(Arr(Obj(versions[1], "plan"), "rhk")[1], "kind"), "tambahan");
    EXPECT_EQ(I(d, "progressCount"), 3);
    EXPECT_EQ(I(d, "feedbackCount"), 2);
    const auto& progress = Arr(d, "progress");
    ASSERT_EQ(progress.Size(), 3u);
    // Q1 against version 1; Q2 and Q3 against version 2 (approved on 2026-05-15).
    EXPECT_EQ(I(progress[0], "version"), 1);
    EXPECT_EQ(S(progress[0], "period"), "2026-Q1");
    EXPECT_EQ(Arr(progress[0], "evidence").Size(), 2u);
    EXPECT_EQ(std::string(Arr(progress[0], "evidence")[1].GetString()),
              "https://bukti.pontianak.go.id/p1/q1-b");
    EXPECT_EQ(S(progress[0], "note"), "Tiga laporan");
    EXPECT_EQ(I(progress[1], "version"), 2);
    EXPECT_EQ(S(progress[1], "period"), "2026-Q2");
    EXPECT_EQ(I(progress[2], "version"), 2);
    EXPECT_EQ(S(progress[2], "rhkId"), "004-rhk-2");
    const auto& feedback = Arr(d, "feedback");
    ASSERT_EQ(feedback.Size(), 2u);
    EXPECT_EQ(I(feedback[0], "version"), 1);
    EXPECT_EQ(S(feedback[0], "text"), "Lengkapi bukti dukung");
    EXPECT_EQ(S(feedback[0], "actor"), S1);
    EXPECT_EQ(I(feedback[1], "version"), 2);
    EXPECT_EQ(S(feedback[1], "period"), "2026-Q3");
  }
  {
    SCOPED_TRACE("P2's SKP: returned with notes, resubmitted, approved");
    auto d = y_.Read(Year::Skp(P2), y_.T(P2));
    const auto& versions = Arr(d, "versions");
    ASSERT_EQ(versions.Size(), 1u);
    const auto& history = Arr(versions[0], "history");
    ASSERT_EQ(history.Size(), 4u);
    EXPECT_EQ(S(history[0], "status"), "SUBMITTED");
    EXPECT_EQ(S(history[1], "status"), "RETURNED");
    EXPECT_EQ(S(history[1], "notes"), "Indikator kualitas belum terukur; tambahkan target.");
    EXPECT_EQ(S(history[1], "actor"), S1);
    EXPECT_EQ(S(history[2], "status"), "SUBMITTED");
    EXPECT_EQ(S(history[3], "status"), "APPROVED");
    EXPECT_EQ(S(Arr(Arr(Obj(versions[0], "plan"), "rhk")[0], "indikator")[0], "description"),
              "Laporan terverifikasi");
    EXPECT_EQ(I(d, "progressCount"), 0);
    auto k = y_.Read(Year::Skp(K), y_.T(K));
    EXPECT_EQ(S(k, "status"), "DRAFT");
    EXPECT_EQ(Arr(k, "versions").Size(), 0u);
    EXPECT_TRUE(Has(k, "draft"));
  }

  // Appraisal views.
  {
    SCOPED_TRACE("P1's appraisals point at the SKP version in force when recorded");
    auto d = y_.Read(Year::Emp(P1) + "/appraisals?year=2026", y_.T(P1));
    const auto& list = Arr(d, "appraisals");
    ASSERT_EQ(list.Size(), 5u);
    const int want_version[] = {1, 2, 2, 2, 2};
    for (int i = 0; i < 5; ++i) EXPECT_EQ(I(list[i], "skpVersion"), want_version[i]) << i;
    EXPECT_EQ(S(list[4], "recordedBy"), S1);
    EXPECT_EQ(S(list[4], "finalizedBy"), S1);
    EXPECT_FALSE(Has(list[4], "objection"));
    EXPECT_TRUE(Has(list[4], "acceptedAt"));
    auto p3 = y_.Read(Year::Emp(P3) + "/appraisals?year=2026", y_.T(P3));
    const char* want_by[] = {"S1", "S1", "S2", "S2", "S2"};
    for (int i = 0; i < 5; ++i) {
      EXPECT_EQ(S(Arr(p3, "appraisals")[i], "recordedBy"), want_by[i][1] == '1' ? S1 : S2) << i;
    }
  }
  {
    SCOPED_TRACE("P5's objection upheld: original ratings kept, predikat changed");
    auto d = y_.Read(Year::Emp(P5) + "/appraisals?year=2026", y_.T(P5));
    const auto& a = Arr(d, "appraisals")[4];
    EXPECT_EQ(S(a, "period"), "2026");
    EXPECT_EQ(S(a, "status"), "FINAL");
    EXPECT_EQ(S(a, "hasilKerja"), "DI_BAWAH_EKSPEKTASI");
    EXPECT_EQ(S(a, "perilakuKerja"), "SESUAI_EKSPEKTASI");
    EXPECT_EQ(S(a, "recordedPredikat"), "BUTUH_PERBAIKAN");
    EXPECT_EQ(S(a, "predikat"), "BAIK");
    EXPECT_EQ(S(a, "receivedOn"), "2026-12-01");
    EXPECT_EQ(S(a, "objectionDeadline"), "2026-12-15");
    EXPECT_EQ(S(Obj(a, "objection"), "reason"),
              "Realisasi mengajar melampaui target; bukti terlampir");
    const auto& decision = Obj(a, "decision");
    EXPECT_TRUE(B(decision, "upheld"));
    EXPECT_EQ(S(decision, "hasilKerja"), "SESUAI_EKSPEKTASI");
    EXPECT_EQ(S(decision, "perilakuKerja"), "SESUAI_EKSPEKTASI");
    EXPECT_EQ(S(decision, "predikat"), "BAIK");
    EXPECT_EQ(S(decision, "decidedBy"), K);
    EXPECT_TRUE(B(a, "finalized"));
    EXPECT_EQ(S(a, "finalPredikat"), "BAIK");
    EXPECT_EQ(S(a, "finalizedBy"), S2);
  }
  {
    SCOPED_TRACE("P6's objection rejected");
    auto d = y_.Read(Year::Emp(P6) + "/appraisals?year=2026", y_.T(S2));
    const auto& a = Arr(d, "appraisals")[4];
    EXPECT_FALSE(B(Obj(a, "decision"), "upheld"));
    EXPECT_FALSE(Has(Obj(a, "decision"), "hasilKerja"));
    EXPECT_EQ(S(Obj(a, "decision"), "predikat"), "SANGAT_KURANG");
    EXPECT_EQ(S(a, "predikat"), "SANGAT_KURANG");
    EXPECT_EQ(S(a, "finalPredikat"), "SANGAT_KURANG");
  }

  // Trainings views.
  auto trainings = [&](const std::string& nip, int year) {
    auto d = y_.Read(Year::Emp(nip) + "/trainings?year=" + std::to_string(year), y_.T(nip));
    std::vector<std::string> lines;
    for (const auto& t : Arr(d, "trainings").GetArray()) {
      lines.push_back(S(t, "title") + " " + S(t, "status") + " " + std::to_string(I(t, "jpEarned")));
    }
    return std::make_pair(Sorted(lines), Parse(Json(Obj(d, "jp"))));
  };
  {
    SCOPED_TRACE("trainings and JP vs 20");
    auto [p1, p1_jp] = trainings(P1, 2026);
    EXPECT_EQ(p1, std::vector<std::string>{"Workshop Kurikulum Merdeka COMPLETED 24"});
    EXPECT_EQ(I(p1_jp, "total"), 24);
    EXPECT_TRUE(B(p1_jp, "reached"));
    auto [p1_2025, p1_2025_jp] = trainings(P1, 2025);  // it started in 2025 but counts in 2026
    EXPECT_EQ(p1_2025, std::vector<std::string>{"Workshop Kurikulum Merdeka COMPLETED 24"});
    EXPECT_EQ(I(p1_2025_jp, "total"), 0);
    EXPECT_EQ(I(p1_2025_jp, "shortfall"), 20);
    auto [p2, p2_jp] = trainings(P2, 2026);
    EXPECT_EQ(p2, Sorted({"Coaching Perencanaan Kinerja COMPLETED 8",
                          "E-learning Literasi Digital COMPLETED 12"}));
    EXPECT_EQ(I(p2_jp, "total"), 20);
    EXPECT_TRUE(B(p2_jp, "reached"));
    EXPECT_EQ(I(p2_jp, "shortfall"), 0);
    auto [p4, p4_jp] = trainings(P4, 2026);
    EXPECT_EQ(p4, Sorted({"Diklat Pengadaan Barang/Jasa CANCELLED 0",
                          "Seminar Sarana Sekolah COMPLETED 8"}));
    EXPECT_EQ(I(p4_jp, "total"), 8);
    EXPECT_FALSE(B(p4_jp, "reached"));
    EXPECT_EQ(I(p4_jp, "shortfall"), 12);
    auto [s1, s1_jp] = trainings(S1, 2026);
    EXPECT_EQ(s1, std::vector<std::string>{"Pelatihan Kepengawasan COMPLETED 32"});
    EXPECT_EQ(I(s1_jp, "total"), 32);
    auto [p3, p3_jp] = trainings(P3, 2026);
    EXPECT_EQ(I(p3_jp, "total"), 10);
    EXPECT_FALSE(B(p3_jp, "counted"));  // PPPK: shown, not counted
  }

  // Supervisor inboxes at the end of the year.
  {
    std::vector<std::string> s1_finalise, s2_finalise;
    for (const char* q : {"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"}) {
      for (const std::string& nip : {P1, P2}) {
        s1_finalise.push_back(nip + " " + q + " objection_window_passed");
      }
      for (const std::string& nip : {P3, P4, P5, P6}) {
        s2_finalise.push_back(nip + " " + q + " objection_window_passed");
      }
    }
    ExpectInbox(y_, S1, "2026-12-28", {{P1, P2}, {}, {}, s1_finalise, {}});
    ExpectInbox(y_, S2, "2026-12-28", {{P3, P4, P5, P6}, {}, {}, s2_finalise, {}});
  }

  // Follow-ups: recommended and acted on.
  {
    SCOPED_TRACE("follow-ups at the end");
    auto d = y_.Read("/v1/follow-ups?year=2026", y_.auditor);
    std::map<std::string, const rapidjson::Value*> by_nip;
    for (const auto& f : Arr(d, "followUps").GetArray()) by_nip[S(f, "nip")] = &f;
    ASSERT_EQ(by_nip.size(), 4u);
    ASSERT_TRUE(by_nip.count(P1) && by_nip.count(P2) && by_nip.count(P4) && by_nip.count(P6));
    EXPECT_EQ(S(*by_nip[P1], "status"), "ACTED_ON");
    ASSERT_EQ(Arr(*by_nip[P1], "acts").Size(), 1u);
    EXPECT_EQ(S(Arr(*by_nip[P1], "acts")[0], "action"), "recognition_granted");
    EXPECT_EQ(S(Arr(*by_nip[P1], "acts")[0], "reference"), "1");
    EXPECT_EQ(S(*by_nip[P2], "status"), "ACTED_ON");
    ASSERT_EQ(Arr(*by_nip[P2], "acts").Size(), 1u);
    EXPECT_EQ(S(Arr(*by_nip[P2], "acts")[0], "action"), "training_assigned");
    EXPECT_EQ(S(Arr(*by_nip[P2], "acts")[0], "reference"), coaching_p2);
    EXPECT_EQ(S(*by_nip[P4], "status"), "RECOMMENDED");
    EXPECT_EQ(S(*by_nip[P6], "status"), "RECOMMENDED");
    auto open = y_.Read("/v1/follow-ups?year=2026&status=RECOMMENDED", y_.admin);
    std::vector<std::string> nips;
    for (const auto& f : Arr(open, "followUps").GetArray()) nips.push_back(S(f, "nip"));
    EXPECT_EQ(Sorted(nips), Sorted({P4, P6}));
  }

  // The unit dashboard for the year.
  {
    SCOPED_TRACE("unit dashboard 2026");
    auto d = y_.Read("/v1/units/disdikbud/dashboard?year=2026", y_.analyst);
    EXPECT_EQ(S(d, "name"), "Dinas Pendidikan dan Kebudayaan");
    EXPECT_EQ(S(d, "period"), "2026");
    EXPECT_EQ(S(d, "asOf"), "2026-12-28");
    EXPECT_EQ(I(d, "headcount"), 9);
    EXPECT_EQ(I(d, "pns"), 7);   // K S1 S2 P1 P2 P4 P6
    EXPECT_EQ(I(d, "pppk"), 2);  // P3 P5
    ExpectSkpStates(Obj(d, "skp"), 0, 1, 0, 0, 8);
    EXPECT_EQ(I(Obj(d, "predikat"), "appraised"), 8);
    EXPECT_EQ(I(Obj(d, "predikat"), "notAppraised"), 1);
    // Annual: SB P1; BAIK S1 S2 P3 P5; BP P2; K P4; SK P6.
    ExpectCounts(Obj(Obj(d, "predikat"), "counts"), 1, 4, 1, 1, 1);
    EXPECT_TRUE(B(Obj(d, "curve"), "allHold"));
    ExpectBound(Arr(Obj(d, "curve"), "bounds")[0], "BAIK <= 70%", 4, 8, 5, true, 0, 50.0);
    ExpectBound(Arr(Obj(d, "curve"), "bounds")[1], "BUTUH_PERBAIKAN+KURANG >= 1", 2, 8, 1, true,
                0, 25.0);
    // JP: 7 PNS, of whom S1 (32), P1 (24) and P2 (20) reached 20.
    EXPECT_EQ(I(Obj(d, "jp"), "required"), 20);
    EXPECT_EQ(I(Obj(d, "jp"), "pns"), 7);
    EXPECT_EQ(I(Obj(d, "jp"), "compliant"), 3);
    EXPECT_DOUBLE_EQ(Obj(Obj(d, "jp"), "ratio").GetDouble(), 3.0 / 7.0);
    EXPECT_EQ(I(Obj(d, "followUps"), "due"), 2);  // P4, P6
    EXPECT_EQ(I(Obj(d, "followUps"), "pembinaanDue"), 2);
    EXPECT_EQ(I(Obj(d, "followUps"), "penghargaanDue"), 0);
    EXPECT_EQ(I(Obj(d, "followUps"), "actedOn"), 2);  // P1, P2
  }

  // The city dashboard: one row per unit (in id order), and the totals.
  {
    SCOPED_TRACE("city dashboard 2026");
    auto d = y_.Read("/v1/dashboard?year=2026", y_.analyst);
    const auto& units = Arr(d, "units");
    ASSERT_EQ(units.Size(), 2u);
    const auto& dinas = units[0];
    EXPECT_EQ(S(dinas, "unitId"), "disdikbud");
    EXPECT_EQ(S(dinas, "parentId"), "pemkot-pontianak");
    EXPECT_EQ(I(dinas, "headcount"), 9);
    EXPECT_EQ(I(dinas, "skpApproved"), 8);
    EXPECT_EQ(I(dinas, "appraised"), 8);
    ExpectCounts(Obj(dinas, "predikat"), 1, 4, 1, 1, 1);
    EXPECT_TRUE(B(Obj(dinas, "curve"), "allHold"));
    EXPECT_EQ(I(Obj(dinas, "jp"), "compliant"), 3);
    EXPECT_EQ(I(dinas, "followUpsDue"), 2);
    const auto& pemkot = units[1];
    EXPECT_EQ(S(pemkot, "unitId"), "pemkot-pontianak");
    EXPECT_FALSE(Has(pemkot, "parentId"));
    EXPECT_EQ(I(pemkot, "headcount"), 0);
    EXPECT_EQ(I(pemkot, "skpApproved"), 0);
    EXPECT_EQ(I(pemkot, "appraised"), 0);
    ExpectCounts(Obj(pemkot, "predikat"), 0, 0, 0, 0, 0);
    EXPECT_TRUE(Obj(pemkot, "curve").IsNull());  // no organisation predikat set
    EXPECT_TRUE(Obj(Obj(pemkot, "jp"), "ratio").IsNull());
    EXPECT_EQ(I(pemkot, "followUpsDue"), 0);
    const auto& totals = Obj(d, "totals");
    EXPECT_EQ(I(totals, "headcount"), 9);
    EXPECT_EQ(I(totals, "skpApproved"), 8);
    EXPECT_EQ(I(totals, "appraised"), 8);
    ExpectCounts(Obj(totals, "predikat"), 1, 4, 1, 1, 1);
    EXPECT_EQ(I(Obj(totals, "jp"), "pns"), 7);
    EXPECT_EQ(I(Obj(totals, "jp"), "compliant"), 3);
    EXPECT_EQ(I(totals, "followUpsDue"), 2);
  }

  // The audit trail: P5's annual appraisal as it stood before the decision, and now.
  {
    SCOPED_TRACE("audit");
    auto before = y_.Read("/v1/audit/state/appraisal-" + P5 + "-2026?asOf=" + before_decision,
                          y_.auditor);
    const auto& s = Obj(before, "state");
    EXPECT_EQ(S(s, "status"), "OBJECTED");
    EXPECT_EQ(S(s, "hasilKerja"), "DI_BAWAH_EKSPEKTASI");
    EXPECT_EQ(S(s, "perilakuKerja"), "SESUAI_EKSPEKTASI");
    EXPECT_EQ(S(s, "recordedPredikat"), "BUTUH_PERBAIKAN");
    EXPECT_FALSE(Has(s, "decision"));
    EXPECT_EQ(S(Obj(s, "derived"), "predikat"), "BUTUH_PERBAIKAN");
    auto now = y_.Read("/v1/audit/state/appraisal-" + P5 + "-2026", y_.auditor);
    EXPECT_EQ(S(Obj(now, "state"), "hasilKerja"), "DI_BAWAH_EKSPEKTASI");  // never overwritten
    EXPECT_EQ(S(Obj(Obj(now, "state"), "decision"), "hasilKerja"), "SESUAI_EKSPEKTASI");
    EXPECT_EQ(S(Obj(Obj(now, "state"), "derived"), "predikat"), "BAIK");
    auto verify = y_.Read("/v1/audit/verify", y_.auditor);
    EXPECT_TRUE(B(verify, "ok")) << Json(verify);
    EXPECT_EQ(static_cast<uint64_t>(I(verify, "lastPosition")),
              api_.context().store->head_position());
  }
}

}  // namespace
}  // namespace kinerja::testing::year
