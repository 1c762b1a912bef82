#include "projections/employees_projection.h"

#include <algorithm>
#include <variant>

#include "domain/json/discipline_codec.h"
#include "domain/json/innovation_codec.h"
#include "domain/json/pegawai_codec.h"
#include "domain/json/recognition_codec.h"
#include "domain/overloaded.h"
#include "projections/doc_json.h"

namespace kinerja::projections {

namespace dj = docjson;
using JsonDocument = rapidjson::Document;  // projections::Document is the view's

std::string EncodeEmployeeProfile(const domain::PegawaiState& s, uint64_t position,
                                  uint64_t stream_version) {
  JsonDocument d(rapidjson::kObjectType);
  auto& a = d.GetAllocator();
  dj::SetStr(d, "nip", s.nip, a);
  dj::SetStr(d, "name", s.name, a);
  dj::SetStr(d, "status", domain::ToString(s.status), a);
  dj::SetStr(d, "registeredFrom", s.registered_from.ToString(), a);
  dj::SetStr(d, "registeredAt", s.registered_at.ToRfc3339(), a);
  dj::Value timeline(rapidjson::kArrayType);
  for (const auto& e : s.timeline) {
    dj::Value t(rapidjson::kObjectType);
    dj::SetInt(t, "seq", e.sequence, a);
    dj::SetStr(t, "effectiveDate", e.effective_date.ToString(), a);
    dj::SetStr(t, "recordedAt", e.recorded_at.ToRfc3339(), a);
    if (e.unit_id) dj::SetStr(t, "unitId", *e.unit_id, a);
    if (e.jabatan) dj::SetStr(t, "jabatan", *e.jabatan, a);
    if (e.jenis_jabatan) dj::SetStr(t, "jenisJabatan", domain::ToString(*e.jenis_jabatan), a);
    if (e.golongan) dj::SetStr(t, "golongan", e.golongan->str(), a);
    if (e.supervisor_nip) dj::SetStr(t, "supervisorNip", *e.supervisor_nip, a);
    if (e.remove_supervisor) dj::SetBool(t, "removeSupervisor", true, a);
    timeline.PushBack(std::move(t), a);
  }
  dj::Set(d, "timeline", std::move(timeline), a);
  dj::SetInt(d, "position", static_cast<int64_t>(position), a);
  dj::SetInt(d, "streamVersion", static_cast<int64_t>(stream_version), a);
  return dj::ToJson(d);
}

std::optional<domain::PegawaiState> DecodeEmployeeProfile(std::string_view json) {
  JsonDocument d;
  if (!dj::Parse(json, &d)) return std::nullopt;
  domain::PegawaiState s;
  s.exists = true;
  s.nip = dj::GetStr(d, "nip");
  s.name = dj::GetStr(d, "name");
  auto status = domain::ParseEmployeeStatus(dj::GetStr(d, "status"));
  auto from = domain::Date::Parse(dj::GetStr(d, "registeredFrom"));
  auto at = domain::Timestamp::ParseRfc3339(dj::GetStr(d, "registeredAt"));
  const dj::Value* timeline = dj::Find(d, "timeline");
  if (!status.ok() || !from.ok() || !at.ok() || timeline == nullptr || !timeline->IsArray()) {
    return std::nullopt;
  }
  s.status = status.value();
  s.registered_from = from.value();
  s.registered_at = at.value();
  for (const auto& t : timeline->GetArray()) {
    domain::AssignmentEntry e;
    e.sequence = static_cast<int>(dj::GetInt(t, "seq"));
    auto eff = domain::Date::Parse(dj::GetStr(t, "effectiveDate"));
    auto rec = domain::Timestamp::ParseRfc3339(dj::GetStr(t, "recordedAt"));
    if (!eff.ok() || !rec.ok()) return std::nullopt;
    e.effective_date = eff.value();
    e.recorded_at = rec.value();
    if (dj::Find(t, "unitId")) e.unit_id = dj::GetStr(t, "unitId");
    if (dj::Find(t, "jabatan")) e.jabatan = dj::GetStr(t, "jabatan");
    if (dj::Find(t, "jenisJabatan")) {
      auto j = domain::ParseJenisJabatan(dj::GetStr(t, "jenisJabatan"));
      if (!j.ok()) return std::nullopt;
      e.jenis_jabatan = j.value();
    }
    if (dj::Find(t, "golongan")) {
      auto g = domain::Golongan::Parse(dj::GetStr(t, "golongan"));
      if (!g.ok()) return std::nullopt;
      e.golongan = g.value();
    }
    if (dj::Find(t, "supervisorNip")) e.supervisor_nip = dj::GetStr(t, "supervisorNip");
    e.remove_supervisor = dj::GetBool(t, "removeSupervisor");
    s.timeline.push_back(std::move(e));
  }
  return s;
}

namespace {

FoldStatus Undecodable(const domain::RuleViolation& v) {
  return FoldStatus::Poison(v.code + ": " + v.message_en);
}

FoldStatus ApplyPegawai(const eventstore::RecordedEvent& e, DocumentView& view) {
  auto decoded =
      domain::json::DecodePegawaiEvent(e.type, static_cast<int>(e.schema_version), e.data);
  if (!decoded.ok()) return Undecodable(decoded.error());
  const domain::PegawaiEvent& event = decoded.value();
  const std::string nip = std::visit([](const auto& ev) { return ev.nip; }, event);
  domain::PegawaiState state;
  if (auto existing = view.Get(EmployeesProjection::ProfileKey(nip))) {
    auto old = DecodeEmployeeProfile(*existing);
    if (!old) return FoldStatus::Poison("stored profile of " + nip + " does not decode");
    state = std::move(*old);
  } else if (std::holds_alternative<domain::AssignmentChanged>(event)) {
    return FoldStatus::Poison("assignment change for unknown pegawai " + nip);
  }
  state = domain::Evolve(std::move(state), event);
  view.Put(EmployeesProjection::ProfileKey(nip), EncodeEmployeeProfile(state, e.position, e.stream_version));
  std::optional<std::string> unit, supervisor;
  std::visit(
      [&](const auto& ev) {
        unit = ev.unit_id;
        supervisor = ev.supervisor_nip;
      },
      event);
  if (unit) view.Put(EmployeesProjection::UnitPrefix(*unit) + nip, "");
  if (supervisor) view.Put(EmployeesProjection::SupervisorPrefix(*supervisor) + nip, "");
  return FoldStatus::Ok();
}

// Loads y/<nip>/<year>, lets `edit` change it, saves it.
template <class Edit>
FoldStatus EditYear(DocumentView& view, const std::string& nip, int year, Edit&& edit) {
  const std::string key = EmployeesProjection::YearKey(nip, year);
  JsonDocument d;
  if (!dj::Load(view, key, &d)) return FoldStatus::Poison("stored year document does not decode");
  if (!dj::Find(d, "recognitions")) {
    auto& a = d.GetAllocator();
    dj::Arr(d, "recognitions", a);
    dj::Arr(d, "innovations", a);
    dj::Arr(d, "disciplinaryActions", a);
  }
  edit(d, d.GetAllocator());
  dj::Save(view, key, d);
  return FoldStatus::Ok();
}

FoldStatus ApplyRecognition(const eventstore::RecordedEvent& e, DocumentView& view) {
  auto decoded =
      domain::json::DecodeRecognitionEvent(e.type, static_cast<int>(e.schema_version), e.data);
  if (!decoded.ok()) return Undecodable(decoded.error());
  const auto& g = std::get<domain::RecognitionGranted>(decoded.value());
  return EditYear(view, g.nip, g.year, [&](JsonDocument& d, dj::Alloc& a) {
    dj::Value r(rapidjson::kObjectType);
    dj::SetInt(r, "number", g.number, a);
    dj::SetStr(r, "title", g.title, a);
    dj::SetStr(r, "reason", g.reason, a);
    if (g.follow_up_year) dj::SetInt(r, "followUpYear", *g.follow_up_year, a);
    dj::Arr(d, "recognitions", a).PushBack(std::move(r), a);
  });
}

FoldStatus ApplyDiscipline(const eventstore::RecordedEvent& e, DocumentView& view) {
  auto decoded =
      domain::json::DecodeDisciplineEvent(e.type, static_cast<int>(e.schema_version), e.data);
  if (!decoded.ok()) return Undecodable(decoded.error());
  const auto& r = std::get<domain::DisciplinaryActionRecorded>(decoded.value());
  return EditYear(view, r.nip, r.decided_on.year(), [&](JsonDocument& d, dj::Alloc& a) {
    dj::Value x(rapidjson::kObjectType);
    dj::SetInt(x, "number", r.number, a);
    dj::SetStr(x, "level", domain::ToString(r.level), a);
    dj::SetStr(x, "type", r.type, a);
    dj::SetStr(x, "decidedOn", r.decided_on.ToString(), a);
    dj::SetStr(x, "reason", r.reason, a);
    dj::Arr(d, "disciplinaryActions", a).PushBack(std::move(x), a);
  });
}

FoldStatus ApplyInnovation(const eventstore::RecordedEvent& e, DocumentView& view) {
  auto decoded =
      domain::json::DecodeInnovationEvent(e.type, static_cast<int>(e.schema_version), e.data);
  if (!decoded.ok()) return Undecodable(decoded.error());
  return std::visit(
      domain::Overloaded{
          [&](const domain::InnovationRecorded& r) -> FoldStatus {
            view.Put(EmployeesProjection::InnovationKey(r.id),
                     "{\"nip\":\"" + r.nip + "\",\"year\":" + std::to_string(r.year) + "}");
            return EditYear(view, r.nip, r.year, [&](JsonDocument& d, dj::Alloc& a) {
              dj::Value x(rapidjson::kObjectType);
              dj::SetStr(x, "id", r.id, a);
              dj::SetStr(x, "title", r.title, a);
              dj::SetStr(x, "description", r.description, a);
              dj::Arr(d, "innovations", a).PushBack(std::move(x), a);
            });
          },
          [&](const domain::InnovationAcknowledged& k) -> FoldStatus {
            auto where = view.Get(EmployeesProjection::InnovationKey(k.id));
            JsonDocument w;
            if (!where || !dj::Parse(*where, &w)) {
              return FoldStatus::Poison("acknowledgement of unknown innovation " + k.id);
            }
            const int year = static_cast<int>(dj::GetInt(w, "year"));
            return EditYear(view, k.nip, year, [&](JsonDocument& d, dj::Alloc& a) {
              for (auto& x : dj::Arr(d, "innovations", a).GetArray()) {
                if (dj::GetStr(x, "id") != k.id) continue;
                dj::SetStr(x, "acknowledgedBy", k.acknowledged_by, a);
                dj::SetStr(x, "acknowledgedAt", k.acknowledged_at.ToRfc3339(), a);
              }
            });
          },
      },
      decoded.value());
}

}  // namespace

FoldStatus EmployeesProjection::Apply(const eventstore::RecordedEvent& e,
                                      DocumentView& view) const {
  if (domain::json::IsPegawaiEventType(e.type)) return ApplyPegawai(e, view);
  if (domain::json::IsRecognitionEventType(e.type)) return ApplyRecognition(e, view);
  if (domain::json::IsDisciplineEventType(e.type)) return ApplyDiscipline(e, view);
  if (domain::json::IsInnovationEventType(e.type)) return ApplyInnovation(e, view);
  return FoldStatus::Ok();
}

}  // namespace kinerja::projections
