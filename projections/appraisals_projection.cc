#include "projections/appraisals_projection.h"

#include <variant>

#include "domain/appraisal.h"
#include "domain/json/appraisal_codec.h"
#include "domain/overloaded.h"
#include "projections/doc_json.h"

namespace kinerja::projections {

namespace dj = docjson;
using JsonDocument = rapidjson::Document;  // projections::Document is the view's

const char* PeriodKindName(domain::PeriodKind kind) {
  switch (kind) {
    case domain::PeriodKind::kMonthly:
      return "monthly";
    case domain::PeriodKind::kQuarterly:
      return "quarterly";
    case domain::PeriodKind::kAnnual:
      return "annual";
  }
  return "annual";
}

FoldStatus AppraisalsProjection::Apply(const eventstore::RecordedEvent& e,
                                       DocumentView& view) const {
  if (!domain::json::IsAppraisalEventType(e.type)) return FoldStatus::Ok();
  auto decoded =
      domain::json::DecodeAppraisalEvent(e.type, static_cast<int>(e.schema_version), e.data);
  if (!decoded.ok()) {
    return FoldStatus::Poison(decoded.error().code + ": " + decoded.error().message_en);
  }
  const domain::AppraisalEvent& event = decoded.value();
  const std::string nip = std::visit([](const auto& ev) { return ev.nip; }, event);
  const domain::Period period = std::visit([](const auto& ev) { return ev.period; }, event);
  const std::string key = Key(nip, period);
  JsonDocument d;
  bool existed = false;
  if (!dj::Load(view, key, &d, &existed)) {
    return FoldStatus::Poison("stored appraisal document does not decode");
  }
  const bool recorded = std::holds_alternative<domain::AppraisalRecorded>(event);
  if (!existed && !recorded) {
    return FoldStatus::Poison(std::string(e.type) + " for an appraisal never recorded: " + key);
  }
  auto& a = d.GetAllocator();
  std::visit(
      domain::Overloaded{
          [&](const domain::AppraisalRecorded& r) {
            d.SetObject();
            dj::SetStr(d, "nip", r.nip, a);
            dj::SetStr(d, "period", r.period.ToString(), a);
            dj::SetStr(d, "periodKind", PeriodKindName(r.period.kind()), a);
            dj::SetStr(d, "status", domain::ToString(domain::AppraisalStatus::kRecorded), a);
            dj::SetStr(d, "hasilKerja", domain::ToString(r.hasil_kerja), a);
            dj::SetStr(d, "perilakuKerja", domain::ToString(r.perilaku_kerja), a);
            dj::Value perilaku(rapidjson::kObjectType);
            for (const auto& [k, v] : r.perilaku) dj::SetStr(perilaku, k, domain::ToString(v), a);
            dj::Set(d, "perilaku", std::move(perilaku), a);
            if (r.disiplin) dj::SetStr(d, "disiplin", *r.disiplin, a);
            if (r.inovasi) dj::SetStr(d, "inovasi", *r.inovasi, a);
            if (r.notes) dj::SetStr(d, "notes", *r.notes, a);
            dj::SetStr(d, "recordedPredikat", domain::ToString(r.predikat), a);
            dj::SetStr(d, "predikat", domain::ToString(r.predikat), a);
            dj::SetInt(d, "skpVersion", r.skp_version, a);
            dj::SetStr(d, "recordedBy", r.pejabat_penilai_nip, a);
            dj::SetStr(d, "recordedAt", r.recorded_at.ToRfc3339(), a);
            const domain::Date received = r.recorded_at.date();
            dj::SetStr(d, "receivedOn", received.ToString(), a);
            dj::SetStr(d, "objectionDeadline",
                       received.AddDays(domain::kObjectionWindowDays).ToString(), a);
            dj::SetBool(d, "finalized", false, a);
          },
          [&](const domain::AppraisalAccepted& x) {
            dj::SetStr(d, "status", domain::ToString(domain::AppraisalStatus::kAccepted), a);
            dj::SetStr(d, "acceptedAt", x.accepted_at.ToRfc3339(), a);
          },
          [&](const domain::ObjectionFiled& x) {
            dj::SetStr(d, "status", domain::ToString(domain::AppraisalStatus::kObjected), a);
            dj::Value o(rapidjson::kObjectType);
            dj::SetStr(o, "reason", x.reason, a);
            dj::SetStr(o, "filedAt", x.filed_at.ToRfc3339(), a);
            dj::Set(d, "objection", std::move(o), a);
          },
          [&](const domain::ObjectionDecided& x) {
            dj::SetStr(d, "status", domain::ToString(domain::AppraisalStatus::kObjectionDecided),
                       a);
            dj::Value o(rapidjson::kObjectType);
            dj::SetBool(o, "upheld", x.upheld, a);
            if (x.hasil_kerja) dj::SetStr(o, "hasilKerja", domain::ToString(*x.hasil_kerja), a);
            if (x.perilaku_kerja) {
              dj::SetStr(o, "perilakuKerja", domain::ToString(*x.perilaku_kerja), a);
            }
            dj::SetStr(o, "predikat", domain::ToString(x.predikat), a);
            dj::SetStr(o, "reason", x.reason, a);
            dj::SetStr(o, "decidedBy", x.decided_by, a);
            dj::SetStr(o, "decidedAt", x.decided_at.ToRfc3339(), a);
            dj::Set(d, "decision", std::move(o), a);
            dj::SetStr(d, "predikat", domain::ToString(x.predikat), a);
          },
          [&](const domain::AppraisalFinalized& x) {
            dj::SetStr(d, "status", domain::ToString(domain::AppraisalStatus::kFinal), a);
            dj::SetBool(d, "finalized", true, a);
            dj::SetStr(d, "finalPredikat", domain::ToString(x.predikat), a);
            dj::SetStr(d, "finalizedBy", x.finalized_by, a);
            dj::SetStr(d, "finalizedAt", x.finalized_at.ToRfc3339(), a);
          },
      },
      event);
  dj::SetInt(d, "position", static_cast<int64_t>(e.position), a);
  dj::SetInt(d, "streamVersion", static_cast<int64_t>(e.stream_version), a);
  dj::Save(view, key, d);
  return FoldStatus::Ok();
}

}  // namespace kinerja::projections
