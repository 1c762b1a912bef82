// Test helpers for the read-model suites: domain events encoded with the published codecs and
// numbered as the event store would number them (global position, stream version, recordedAt),
// plus the NIPs of a small Dinas Pendidikan used by the projection and API suites.
// Header-only; thread-safety: none (one test thread).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/appraisal.h"
#include "domain/discipline.h"
#include "domain/follow_up.h"
#include "domain/innovation.h"
#include "domain/json/appraisal_codec.h"
#include "domain/json/discipline_codec.h"
#include "domain/json/follow_up_codec.h"
#include "domain/json/innovation_codec.h"
#include "domain/json/pegawai_codec.h"
#include "domain/json/recognition_codec.h"
#include "domain/json/skp_codec.h"
#include "domain/json/training_codec.h"
#include "domain/json/unit_codec.h"
#include "domain/pegawai.h"
#include "domain/recognition.h"
#include "domain/skp.h"
#include "domain/training.h"
#include "domain/unit.h"
#include "eventstore/types.h"

namespace kinerja::testing::rm {

// Valid PNS NIPs.
inline const std::string kKepala = "197001011995031001";
inline const std::string kSupA = "198001012005011001";
inline const std::string kSupB = "198202022006042002";
inline const std::string kStaff1 = "199001012015031001";
inline const std::string kStaff2 = "199203032016052002";
inline const std::string kStaff3 = "199505052019031003";
inline const std::string kOutsider = "199607072020122004";

inline domain::Date D(const char* ymd) { return domain::Date::Parse(ymd).value(); }
inline domain::Timestamp T(const char* ymd) {
  return domain::Timestamp::FromDate(D(ymd)) ;
}
inline domain::Period P(const char* text) { return domain::Period::Parse(text).value(); }

// Event builders (the fields the read models use; the rest default).
inline domain::UnitRegistered Unit(const std::string& id, const std::string& name,
                                   std::optional<std::string> parent = std::nullopt) {
  return domain::UnitRegistered{id, name, std::move(parent)};
}
inline domain::EmployeeRegistered Registered(const std::string& nip, const std::string& name,
                                             const std::string& unit,
                                             std::optional<std::string> supervisor,
                                             const char* from = "2026-01-01") {
  domain::EmployeeRegistered e;
  e.nip = nip;
  e.name = name;
  e.unit_id = unit;
  e.jabatan = "Staf " + name;
  e.jenis_jabatan = domain::JenisJabatan::kPelaksana;
  e.golongan = domain::Golongan::Parse("III/a").value();
  e.supervisor_nip = std::move(supervisor);
  e.effective_date = D(from);
  e.recorded_at = T(from);
  return e;
}
inline domain::AssignmentChanged Moved(const std::string& nip, std::optional<std::string> unit,
                                       std::optional<std::string> supervisor, const char* from) {
  domain::AssignmentChanged e;
  e.nip = nip;
  e.unit_id = std::move(unit);
  e.supervisor_nip = std::move(supervisor);
  e.effective_date = D(from);
  e.recorded_at = T(from);
  return e;
}
inline domain::WorkPlan Plan(const std::string& rhk = "rhk-1") {
  domain::WorkPlan p;
  domain::Rhk r;
  r.id = rhk;
  r.kind = domain::RhkKind::kUtama;
  r.description = "Menyusun laporan";
  r.indikator.push_back(domain::Indikator{domain::IndikatorAspect::kKuantitas, "Laporan", 12,
                                          "dokumen"});
  p.rhk.push_back(r);
  return p;
}
inline domain::WorkPlanSubmitted Submitted(const std::string& nip, int year, int version,
                                           bool resubmission = false,
                                           const char* at = "2026-01-10") {
  return domain::WorkPlanSubmitted{nip, year, version, resubmission, Plan(), nip, T(at)};
}
inline domain::WorkPlanApproved Approved(const std::string& nip, int year, int version,
                                         const std::string& by, int supersedes = 0,
                                         const char* at = "2026-01-12") {
  return domain::WorkPlanApproved{nip, year, version, supersedes, by, T(at)};
}
inline domain::WorkPlanReturned Returned(const std::string& nip, int year, int version,
                                         const std::string& by, const char* at = "2026-01-11") {
  return domain::WorkPlanReturned{nip, year, version, "Perbaiki indikator", by, T(at)};
}
inline domain::ProgressRecorded Progress(const std::string& nip, int year, int version,
                                         const char* period, double realisasi,
                                         const char* at = "2026-02-01") {
  domain::ProgressRecorded e;
  e.nip = nip;
  e.year = year;
  e.version = version;
  e.period = P(period);
  e.rhk_id = "rhk-1";
  e.indikator_index = 0;
  e.realisasi = realisasi;
  e.evidence = {"https://drive.example.go.id/bukti/" + std::to_string(int(realisasi))};
  e.actor = nip;
  e.at = T(at);
  return e;
}
inline domain::FeedbackGiven Feedback(const std::string& nip, int year, int version,
                                      const std::string& by, const char* period) {
  return domain::FeedbackGiven{nip, year, version, P(period), std::string("rhk-1"),
                               "Pertahankan", by, T("2026-02-02")};
}
inline domain::AppraisalRecorded Appraised(const std::string& nip, const char* period,
                                           domain::Rating hasil, domain::Rating perilaku,
                                           const std::string& by, const char* at) {
  domain::AppraisalRecorded e;
  e.nip = nip;
  e.period = P(period);
  e.hasil_kerja = hasil;
  e.perilaku_kerja = perilaku;
  e.predikat = domain::PredikatFor(hasil, perilaku);
  e.skp_version = 1;
  e.pejabat_penilai_nip = by;
  e.recorded_at = T(at);
  return e;
}
inline domain::TrainingAssigned Training(const std::string& id, const std::string& nip, int jp,
                                         const char* start, const char* end) {
  domain::TrainingAssigned e;
  e.id = id;
  e.nip = nip;
  e.title = "Pelatihan " + id;
  e.kind = domain::TrainingKind::kWorkshop;
  e.jp = jp;
  e.start_date = D(start);
  e.end_date = D(end);
  e.reason = "pengembangan";
  return e;
}

// Numbers events as the store would.
class Log {
 public:
  template <class Encoded>
  eventstore::RecordedEvent& Add(const std::string& stream, const Encoded& enc,
                                 int64_t at_micros = 0) {
    eventstore::RecordedEvent e;
    e.position = ++position_;
    e.stream = stream;
    e.stream_version = ++versions_[stream];
    e.id = "00000000-0000-4000-8000-" + Pad(position_);
    e.type = enc.type;
    e.schema_version = static_cast<uint32_t>(enc.version);
    e.data = enc.data;
    e.recorded_at = at_micros != 0 ? at_micros : base_ + static_cast<int64_t>(position_) * 1000000;
    e.actor = "test";
    events_.push_back(e);
    return events_.back();
  }
  eventstore::RecordedEvent& Unit(const domain::UnitEvent& e) {
    const std::string id = std::holds_alternative<domain::UnitRegistered>(e)
                               ? std::get<domain::UnitRegistered>(e).id
                               : std::get<domain::OrganisationPredikatSet>(e).unit_id;
    return Add(domain::UnitStream(id), domain::json::EncodeUnitEvent(e));
  }
  eventstore::RecordedEvent& Pegawai(const domain::PegawaiEvent& e) {
    const std::string nip = std::visit([](const auto& x) { return x.nip; }, e);
    return Add(domain::PegawaiStream(nip), domain::json::EncodePegawaiEvent(e));
  }
  eventstore::RecordedEvent& Skp(const domain::SkpEvent& e) {
    const std::string nip = std::visit([](const auto& x) { return x.nip; }, e);
    const int year = std::visit([](const auto& x) { return x.year; }, e);
    return Add(domain::SkpStream(nip, year), domain::json::EncodeSkpEvent(e));
  }
  eventstore::RecordedEvent& Appraisal(const domain::AppraisalEvent& e) {
    const std::string nip = std::visit([](const auto& x) { return x.nip; }, e);
    const domain::Period p = std::visit([](const auto& x) { return x.period; }, e);
    return Add(domain::AppraisalStream(nip, p), domain::json::EncodeAppraisalEvent(e));
  }
  eventstore::RecordedEvent& Train(const domain::TrainingEvent& e) {
    const std::string id = std::visit([](const auto& x) { return x.id; }, e);
    return Add(domain::TrainingStream(id), domain::json::EncodeTrainingEvent(e));
  }
  eventstore::RecordedEvent& FollowUp(const domain::FollowUpEvent& e) {
    const std::string nip = std::visit([](const auto& x) { return x.nip; }, e);
    const int year = std::visit([](const auto& x) { return x.year; }, e);
    return Add(domain::FollowUpStream(nip, year), domain::json::EncodeFollowUpEvent(e));
  }
  eventstore::RecordedEvent& Recognition(const domain::RecognitionGranted& e) {
    return Add(domain::RecognitionStream(e.nip), domain::json::EncodeRecognitionEvent(e));
  }
  eventstore::RecordedEvent& Innovation(const domain::InnovationEvent& e) {
    const std::string id = std::visit([](const auto& x) { return x.id; }, e);
    return Add(domain::InnovationStream(id), domain::json::EncodeInnovationEvent(e));
  }
  eventstore::RecordedEvent& Discipline(const domain::DisciplinaryActionRecorded& e) {
    return Add(domain::DisciplineStream(e.nip), domain::json::EncodeDisciplineEvent(e));
  }
  const std::vector<eventstore::RecordedEvent>& events() const { return events_; }

 private:
  static std::string Pad(uint64_t n) {
    std::string s = std::to_string(n);
    return std::string(12 - s.size(), '0') + s;
  }
  int64_t base_ = 1767225600LL * 1000000;  // 2026-01-01T00:00:00Z
  uint64_t position_ = 0;
  std::map<std::string, uint64_t> versions_;
  std::vector<eventstore::RecordedEvent> events_;
};

}  // namespace kinerja::testing::rm
