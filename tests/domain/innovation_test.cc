// Innovation aggregate: recorded by the pegawai, acknowledged once by the pejabat penilai.
#include "domain/innovation.h"

#include <gtest/gtest.h>

#include "tests/domain/decider_scenario.h"

namespace kinerja::domain {
namespace {

using Scenario =
    DeciderScenario<InnovationState, InnovationEvent, InnovationCommand, InnovationFacts>;
const std::string kNip = "199502242015012001";
const std::string kPenilai = "198001012005011002";
const std::string kOther = "198505152010012003";
const std::string kId = "8d0c7f4e-1c2b-4a3d-9e8f-001122334455";
const Timestamp kNow = *Timestamp::ParseRfc3339("2026-06-10T02:00:00Z");
CommandContext By(const std::string& actor) { return {kNow, actor}; }
InnovationFacts Facts() { return InnovationFacts{true, kPenilai}; }

const RecordInnovation kRecord{kId, kNip, 2026, "Izin usaha daring",
                               "Perizinan usaha selesai dalam satu hari melalui OSS"};
const InnovationRecorded kRecorded{kId, kNip, 2026, "Izin usaha daring",
                                   "Perizinan usaha selesai dalam satu hari melalui OSS"};

TEST(InnovationRecord, ThePegawaiRecordsTheirOwn) {
  Scenario::Given({}).When(kRecord, Facts(), By(kNip)).Then({kRecorded});
  EXPECT_EQ(InnovationStream(kId), "innovation-" + kId);
  EXPECT_TRUE(Scenario::Given({kRecorded}).state.exists);
}

TEST(InnovationRecord, NotForSomeoneElseNotTwiceDifferentlyNotInTheFuture) {
  Scenario::Given({}).When(kRecord, Facts(), By(kPenilai))
      .ThenRefused("innovation.not_the_pegawai", ViolationKind::kForbidden);
  Scenario::Given({kRecorded}).When(kRecord, Facts(), By(kNip)).ThenNothing();
  RecordInnovation other = kRecord;
  other.title = "Lain";
  Scenario::Given({kRecorded}).When(other, Facts(), By(kNip))
      .ThenRefused("innovation.already_exists", ViolationKind::kConflict);
  other = kRecord;
  other.year = 2027;
  Scenario::Given({}).When(other, Facts(), By(kNip))
      .ThenRefused("innovation.year_in_future", ViolationKind::kRefused);
  other = kRecord;
  other.description = "";
  Scenario::Given({}).When(other, Facts(), By(kNip))
      .ThenRefused("text.required", ViolationKind::kInvalid);
  Scenario::Given({}).When(kRecord, InnovationFacts{false, kPenilai}, By(kNip))
      .ThenRefused("innovation.pegawai_not_found", ViolationKind::kNotFound);
}

TEST(InnovationAcknowledge, ByTheCurrentPejabatPenilaiOnce) {
  const InnovationAcknowledged ack{kId, kNip, kPenilai, kNow};
  Scenario::Given({kRecorded}).When(AcknowledgeInnovation{}, Facts(), By(kPenilai)).Then({ack});
  auto st = Scenario::Given({kRecorded, ack}).state;
  EXPECT_TRUE(st.acknowledged());
  EXPECT_EQ(st.acknowledged_by, std::optional<std::string>(kPenilai));
  Scenario::Given({kRecorded, ack}).When(AcknowledgeInnovation{}, Facts(), By(kPenilai))
      .ThenNothing();
}

TEST(InnovationAcknowledge, NotByOthersNotByThePegawaiNotWhenUnknown) {
  Scenario::Given({kRecorded}).When(AcknowledgeInnovation{}, Facts(), By(kOther))
      .ThenRefused("innovation.not_pejabat_penilai", ViolationKind::kForbidden);
  Scenario::Given({kRecorded}).When(AcknowledgeInnovation{}, InnovationFacts{true, kNip}, By(kNip))
      .ThenRefused("innovation.self_acknowledge", ViolationKind::kForbidden);
  Scenario::Given({kRecorded}).When(AcknowledgeInnovation{}, InnovationFacts{true, ""},
                                    By(kPenilai))
      .ThenRefused("innovation.not_pejabat_penilai", ViolationKind::kForbidden);
  Scenario::Given({}).When(AcknowledgeInnovation{}, Facts(), By(kPenilai))
      .ThenRefused("innovation.not_found", ViolationKind::kNotFound);
}

}  // namespace
}  // namespace kinerja::domain
