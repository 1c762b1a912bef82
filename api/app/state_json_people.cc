// state_json.h for the unit and pegawai aggregates.
#include "api/app/state_json.h"
#include "api/app/state_json_fields.h"

namespace kinerja::app {

using json_fields::Opt;
using json_fields::Time;

void WriteState(http::JsonWriter& w, const domain::UnitState& s, domain::Date) {
  w.StartObject();
  w.Key("exists").Bool(s.exists);
  w.Key("id").String(s.id);
  w.Key("name").String(s.name);
  if (s.parent_id) w.Key("parentId").String(*s.parent_id);
  w.Key("predikatByYear").StartObject();
  for (const auto& [year, predikat] : s.predikat_by_year) {
    w.Key(std::to_string(year)).String(domain::ToString(predikat));
  }
  w.EndObject();
  w.EndObject();
}

namespace {

void WriteAssignment(http::JsonWriter& w, const domain::Assignment& a) {
  w.StartObject();
  w.Key("unitId").String(a.unit_id);
  w.Key("jabatan").String(a.jabatan);
  w.Key("jenisJabatan").String(domain::ToString(a.jenis_jabatan));
  if (a.golongan) w.Key("golongan").String(a.golongan->str());
  if (a.supervisor_nip) w.Key("supervisorNip").String(*a.supervisor_nip);
  w.EndObject();
}

void WriteEntry(http::JsonWriter& w, const domain::AssignmentEntry& e) {
  w.StartObject();
  w.Key("sequence").Int(e.sequence);
  w.Key("effectiveDate").String(e.effective_date.ToString());
  Time(w, "recordedAt", e.recorded_at);
  Opt(w, "unitId", e.unit_id);
  Opt(w, "jabatan", e.jabatan);
  if (e.jenis_jabatan) w.Key("jenisJabatan").String(domain::ToString(*e.jenis_jabatan));
  if (e.golongan) w.Key("golongan").String(e.golongan->str());
  Opt(w, "supervisorNip", e.supervisor_nip);
  w.Key("removeSupervisor").Bool(e.remove_supervisor);
  w.EndObject();
}

}  // namespace

void WriteState(http::JsonWriter& w, const domain::PegawaiState& s, domain::Date on) {
  w.StartObject();
  w.Key("exists").Bool(s.exists);
  w.Key("nip").String(s.nip);
  w.Key("name").String(s.name);
  w.Key("status").String(domain::ToString(s.status));
  if (s.exists) {
    w.Key("registeredFrom").String(s.registered_from.ToString());
    Time(w, "registeredAt", s.registered_at);
  }
  w.Key("timeline").StartArray();
  for (const auto& entry : s.timeline) WriteEntry(w, entry);
  w.EndArray();
  w.Key("derived").StartObject();
  w.Key("on").String(on.ToString());
  auto assignment = domain::AssignmentOn(s, on);
  w.Key("assignment");
  if (assignment) {
    WriteAssignment(w, *assignment);
  } else {
    w.Null();
  }
  w.EndObject();
  w.EndObject();
}

}  // namespace kinerja::app
