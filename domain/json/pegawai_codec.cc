#include "domain/json/pegawai_codec.h"

#include "domain/json/json_fields.h"
#include "domain/json/unknown_event.h"
#include "domain/overloaded.h"

namespace kinerja::domain::json {
namespace {

Result<std::optional<Golongan>> OptGolongan(const Fields& f) {
  auto text = f.OptString("golongan");
  if (!text.ok()) return text.error();
  if (!text.value()) return std::optional<Golongan>{};
  auto g = Golongan::Parse(*text.value());
  if (!g.ok()) return g.error();
  return std::optional<Golongan>(g.value());
}

Result<std::optional<JenisJabatan>> OptJenisJabatan(const Fields& f) {
  auto text = f.OptString("jenisJabatan");
  if (!text.ok()) return text.error();
  if (!text.value()) return std::optional<JenisJabatan>{};
  auto j = ParseJenisJabatan(*text.value());
  if (!j.ok()) return j.error();
  return std::optional<JenisJabatan>(j.value());
}

Result<JenisJabatan> RequiredJenisJabatan(const Fields& f) {
  auto j = OptJenisJabatan(f);
  if (!j.ok()) return j.error();
  if (!j.value()) return MissingField(f.PointerTo("jenisJabatan"));
  return *j.value();
}

Result<EmployeeStatus> StatusField(const Fields& f) {
  auto text = f.String("status");
  if (!text.ok()) return text.error();
  return ParseEmployeeStatus(text.value());
}

// The fields RegisterEmployee and EmployeeRegistered share.
struct Registration {
  std::string nip, name, unit_id, jabatan;
  JenisJabatan jenis_jabatan = JenisJabatan::kPelaksana;
  std::optional<Golongan> golongan;
  std::optional<std::string> supervisor_nip;
  EmployeeStatus status = EmployeeStatus::kPns;
};

Result<Registration> DecodeRegistration(const Fields& f) {
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  Registration r;
  auto nip = f.String("nip");
  if (!nip.ok()) return nip.error();
  auto name = f.String("name");
  if (!name.ok()) return name.error();
  auto unit = f.String("unitId");
  if (!unit.ok()) return unit.error();
  auto jabatan = f.String("jabatan");
  if (!jabatan.ok()) return jabatan.error();
  auto jenis = RequiredJenisJabatan(f);
  if (!jenis.ok()) return jenis.error();
  auto golongan = OptGolongan(f);
  if (!golongan.ok()) return golongan.error();
  auto supervisor = f.OptString("supervisorNip");
  if (!supervisor.ok()) return supervisor.error();
  auto status = StatusField(f);
  if (!status.ok()) return status.error();
  r.nip = nip.value();
  r.name = name.value();
  r.unit_id = unit.value();
  r.jabatan = jabatan.value();
  r.jenis_jabatan = jenis.value();
  r.golongan = golongan.value();
  r.supervisor_nip = supervisor.value();
  r.status = status.value();
  return r;
}

// The delta fields ChangeAssignment and AssignmentChanged share.
struct Delta {
  std::optional<std::string> unit_id, jabatan, supervisor_nip;
  std::optional<JenisJabatan> jenis_jabatan;
  std::optional<Golongan> golongan;
};

Result<Delta> DecodeDelta(const Fields& f) {
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  Delta d;
  auto unit = f.OptString("unitId");
  if (!unit.ok()) return unit.error();
  auto jabatan = f.OptString("jabatan");
  if (!jabatan.ok()) return jabatan.error();
  auto jenis = OptJenisJabatan(f);
  if (!jenis.ok()) return jenis.error();
  auto golongan = OptGolongan(f);
  if (!golongan.ok()) return golongan.error();
  auto supervisor = f.OptString("supervisorNip");
  if (!supervisor.ok()) return supervisor.error();
  d.unit_id = unit.value();
  d.jabatan = jabatan.value();
  d.jenis_jabatan = jenis.value();
  d.golongan = golongan.value();
  d.supervisor_nip = supervisor.value();
  return d;
}

Result<PegawaiEvent> DecodeEmployeeRegistered(const rapidjson::Value& v) {
  Fields f(v, "");
  auto r = DecodeRegistration(f);
  if (!r.ok()) return r.error();
  auto effective = f.DateField("effectiveDate");
  if (!effective.ok()) return effective.error();
  auto at = f.Time("recordedAt");
  if (!at.ok()) return at.error();
  EmployeeRegistered e;
  e.nip = r->nip;
  e.name = r->name;
  e.status = r->status;
  e.unit_id = r->unit_id;
  e.jabatan = r->jabatan;
  e.jenis_jabatan = r->jenis_jabatan;
  e.golongan = r->golongan;
  e.supervisor_nip = r->supervisor_nip;
  e.effective_date = effective.value();
  e.recorded_at = at.value();
  return PegawaiEvent{std::move(e)};
}

Result<PegawaiEvent> DecodeAssignmentChanged(const rapidjson::Value& v) {
  Fields f(v, "");
  auto d = DecodeDelta(f);
  if (!d.ok()) return d.error();
  auto nip = f.String("nip");
  if (!nip.ok()) return nip.error();
  auto remove = f.OptBool("removeSupervisor");
  if (!remove.ok()) return remove.error();
  auto effective = f.DateField("effectiveDate");
  if (!effective.ok()) return effective.error();
  auto at = f.Time("recordedAt");
  if (!at.ok()) return at.error();
  AssignmentChanged e;
  e.nip = nip.value();
  e.unit_id = d->unit_id;
  e.jabatan = d->jabatan;
  e.jenis_jabatan = d->jenis_jabatan;
  e.golongan = d->golongan;
  e.supervisor_nip = d->supervisor_nip;
  e.remove_supervisor = remove.value().value_or(false);
  e.effective_date = effective.value();
  e.recorded_at = at.value();
  return PegawaiEvent{std::move(e)};
}

void PutGolongan(Writer& w, const std::optional<Golongan>& g) {
  if (g) Put(w, "golongan", g->str());
}

void PutJenisJabatan(Writer& w, const std::optional<JenisJabatan>& j) {
  if (j) Put(w, "jenisJabatan", ToString(*j));
}

}  // namespace

bool IsPegawaiEventType(std::string_view type) {
  return type == EmployeeRegistered::kType || type == AssignmentChanged::kType;
}

EncodedEvent EncodePegawaiEvent(const PegawaiEvent& event) {
  return std::visit(
      Overloaded{
          [](const EmployeeRegistered& e) {
            return EncodedEvent{e.kType, e.kVersion, WriteObject([&](Writer& w) {
                                  Put(w, "nip", e.nip);
                                  Put(w, "name", e.name);
                                  Put(w, "status", ToString(e.status));
                                  Put(w, "unitId", e.unit_id);
                                  Put(w, "jabatan", e.jabatan);
                                  PutJenisJabatan(w, e.jenis_jabatan);
                                  PutGolongan(w, e.golongan);
                                  Put(w, "supervisorNip", e.supervisor_nip);
                                  Put(w, "effectiveDate", e.effective_date);
                                  Put(w, "recordedAt", e.recorded_at);
                                })};
          },
          [](const AssignmentChanged& e) {
            return EncodedEvent{e.kType, e.kVersion, WriteObject([&](Writer& w) {
                                  Put(w, "nip", e.nip);
                                  Put(w, "unitId", e.unit_id);
                                  Put(w, "jabatan", e.jabatan);
                                  PutJenisJabatan(w, e.jenis_jabatan);
                                  PutGolongan(w, e.golongan);
                                  Put(w, "supervisorNip", e.supervisor_nip);
                                  Put(w, "removeSupervisor", e.remove_supervisor);
                                  Put(w, "effectiveDate", e.effective_date);
                                  Put(w, "recordedAt", e.recorded_at);
                                })};
          },
      },
      event);
}

Result<PegawaiEvent> DecodePegawaiEvent(std::string_view type, int version,
                                        std::string_view data) {
  auto doc = ParseJson(data);
  if (!doc.ok()) return doc.error();
  if (type == EmployeeRegistered::kType) {
    if (version < 1 || version > EmployeeRegistered::kVersion) {
      return UnsupportedEventVersion(type, version);
    }
    return DecodeEmployeeRegistered(doc.value());
  }
  if (type == AssignmentChanged::kType) {
    if (version < 1 || version > AssignmentChanged::kVersion) {
      return UnsupportedEventVersion(type, version);
    }
    return DecodeAssignmentChanged(doc.value());
  }
  return UnknownEventType(type);
}

Result<RegisterEmployee> DecodeRegisterEmployee(const rapidjson::Value& body) {
  Fields f(body, "");
  auto r = DecodeRegistration(f);
  if (!r.ok()) return r.error();
  auto effective = f.OptDate("effectiveDate");
  if (!effective.ok()) return effective.error();
  RegisterEmployee c;
  c.nip = r->nip;
  c.name = r->name;
  c.unit_id = r->unit_id;
  c.jabatan = r->jabatan;
  c.jenis_jabatan = r->jenis_jabatan;
  c.golongan = r->golongan;
  c.supervisor_nip = r->supervisor_nip;
  c.status = r->status;
  c.effective_date = effective.value();
  return c;
}

Result<ChangeAssignment> DecodeChangeAssignment(const rapidjson::Value& body) {
  Fields f(body, "");
  auto d = DecodeDelta(f);
  if (!d.ok()) return d.error();
  auto effective = f.DateField("effectiveDate");
  if (!effective.ok()) return effective.error();
  ChangeAssignment c;
  c.unit_id = d->unit_id;
  c.jabatan = d->jabatan;
  c.jenis_jabatan = d->jenis_jabatan;
  c.golongan = d->golongan;
  c.supervisor_nip = d->supervisor_nip;
  // An explicit null (Fields treats null as absent) removes the supervisor.
  auto it = body.FindMember("supervisorNip");
  c.remove_supervisor = it != body.MemberEnd() && it->value.IsNull();
  c.effective_date = effective.value();
  return c;
}

}  // namespace kinerja::domain::json
