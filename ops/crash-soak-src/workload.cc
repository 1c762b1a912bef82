#include "ops/crash-soak-src/workload.h"

#include <rapidjson/document.h>

#include <cstdio>

namespace kinerja::crashsoak {
namespace {

// A valid PNS NIP: birth date, CPNS TMT 2010-01, gender digit, sequence >= 001.
std::string MakeNip(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d%04d%02d%d%03d", 1975 + (i / 900) % 20,
                1 + (i % 12), 1 + (i % 28), 2010, 1, 1 + (i % 2), 1 + (i % 900));
  return buf;
}

std::string Quote(const std::string& s) { return "\"" + s + "\""; }

std::string EmployeeBody(const Item& p, const std::string& supervisor_nip, const char* jenis,
                         const char* golongan) {
  std::string body = "{\"nip\":" + Quote(p.id) + ",\"name\":" + Quote(p.name) +
                     ",\"unitId\":" + Quote(p.unit_id) + ",\"jabatan\":" +
                     Quote(std::string("Jabatan ") + jenis) + ",\"jenisJabatan\":" + Quote(jenis) +
                     ",\"golongan\":" + Quote(golongan) + ",\"status\":\"PNS\"";
  if (!supervisor_nip.empty()) body += ",\"supervisorNip\":" + Quote(supervisor_nip);
  return body + "}";
}

std::string PlanBody(bool draft, const std::string& description) {
  return std::string("{") + (draft ? "\"draft\":true," : "") +
         "\"rhk\":[{\"id\":\"rhk-1\",\"kind\":\"utama\",\"description\":" + Quote(description) +
         ",\"indikator\":[{\"aspect\":\"kuantitas\",\"description\":\"Dokumen selesai\","
         "\"target\":12,\"unit\":\"dokumen\"}]}]}";
}

std::string Rating(int r) {
  return r > 0 ? "DI_ATAS_EKSPEKTASI" : (r < 0 ? "DI_BAWAH_EKSPEKTASI" : "SESUAI_EKSPEKTASI");
}

std::string AppraisalBody(int hasil, int perilaku) {
  return "{\"hasilKerja\":" + Quote(Rating(hasil)) + ",\"perilakuKerja\":" +
         Quote(Rating(perilaku)) + ",\"notes\":\"Penilaian soak\"}";
}

}  // namespace

Workload::Workload(int units, int supervisors_per_unit, int staff_per_supervisor, int year)
    : year_(year) {
  int person = 0;
  auto add = [&](ItemKind kind) {
    auto item = std::make_unique<Item>();
    item->kind = kind;
    item->index = static_cast<int>(items_.size());
    items_.push_back(std::move(item));
    return items_.back().get();
  };
  for (int u = 0; u < units; ++u) {
    Item* unit = add(ItemKind::kUnit);
    unit->id = "soak-unit-" + std::to_string(u + 1);
    unit->name = "Unit Soak " + std::to_string(u + 1);
    Item* head = add(ItemKind::kHead);
    head->id = MakeNip(person++);
    head->name = "Kepala " + std::to_string(u + 1);
    head->unit_id = unit->id;
    head->depends_on = unit->index;
    for (int s = 0; s < supervisors_per_unit; ++s) {
      Item* sup = add(ItemKind::kSupervisor);
      sup->id = MakeNip(person++);
      sup->name = "Kabid " + std::to_string(u + 1) + "." + std::to_string(s + 1);
      sup->unit_id = unit->id;
      sup->supervisor = head->index;
      sup->depends_on = head->index;
      sup->grade = person;
      for (int k = 0; k < staff_per_supervisor; ++k) {
        Item* staff = add(ItemKind::kStaff);
        staff->id = MakeNip(person++);
        staff->name = "Staf " + std::to_string(u + 1) + "." + std::to_string(s + 1) + "." +
                      std::to_string(k + 1);
        staff->unit_id = unit->id;
        staff->supervisor = sup->index;
        staff->atasan = head->index;
        staff->depends_on = sup->index;
        staff->grade = person;
      }
    }
  }
}

std::vector<std::pair<std::string, bool>> Workload::Subjects() const {
  std::vector<std::pair<std::string, bool>> out = {{kAdmin, true}};
  for (const auto& item : items_) {
    if (item->kind != ItemKind::kUnit) out.emplace_back(item->id, false);
  }
  return out;
}

bool Workload::Next(const Item& item, Command* out) const {
  if (item.depends_on >= 0 && items_[item.depends_on]->acked_steps.load() < 1) return false;
  *out = Command{};
  switch (item.kind) {
    case ItemKind::kUnit: return UnitStep(item, out);
    case ItemKind::kHead: return HeadStep(item, out);
    case ItemKind::kSupervisor: return SupervisorStep(item, out);
    case ItemKind::kStaff: return StaffStep(item, out);
  }
  return false;
}

void Workload::Advance(Item& item, const std::string& body) const {
  rapidjson::Document doc;
  doc.Parse(body.c_str(), body.size());
  if (doc.IsObject()) {
    auto id = doc.FindMember("id");
    if (id != doc.MemberEnd() && id->value.IsString()) {
      const std::string value = id->value.GetString();
      // The step that created it decides which one it is (see the scripts below).
      if (body.find("\"InnovationRecorded\"") != std::string::npos) item.innovation_id = value;
      if (body.find("\"TrainingAssigned\"") != std::string::npos) item.training_id = value;
    }
  }
  ++item.step;
  item.acked_steps.fetch_add(1);
}

bool Workload::UnitStep(const Item& u, Command* c) const {
  c->admin = true;
  c->sub = kAdmin;
  switch (u.step) {
    case 0:
      c->label = "RegisterUnit";
      c->path = "/v1/units";
      c->body = "{\"id\":" + Quote(u.id) + ",\"name\":" + Quote(u.name) + "}";
      return true;
    case 1:
      c->label = "SetOrganisationPredikat";
      c->path = "/v1/units/" + u.id + "/organisation-predikat";
      c->body = "{\"year\":" + std::to_string(year_) + ",\"predikat\":\"BAIK\"}";
      return true;
    default:
      return false;  // a unit's script ends here
  }
}

bool Workload::HeadStep(const Item& p, Command* c) const {
  const std::string y = std::to_string(year_);
  const std::string base = "/v1/employees/" + p.id;
  c->sub = p.id;
  if (p.step == 0) {
    c->label = "RegisterEmployee";
    c->admin = true;
    c->sub = kAdmin;
    c->path = "/v1/employees";
    c->body = EmployeeBody(p, "", "jpt", "IV/c");
    return true;
  }
  if (p.step == 1) {
    c->label = "RecordInnovation";
    c->path = base + "/innovations";
    c->body = "{\"year\":" + y + ",\"title\":\"Layanan izin satu pintu\",\"description\":" +
              "\"Perizinan usaha dipangkas menjadi satu hari\"}";
    return true;
  }
  // Tail: recognitions granted by the admin, each with its own title.
  c->label = "GrantRecognition";
  c->admin = true;
  c->sub = kAdmin;
  c->path = base + "/recognitions";
  c->body = "{\"year\":" + y + ",\"title\":\"Penghargaan " + std::to_string(p.step) +
            "\",\"reason\":\"Kinerja unit\"}";
  return true;
}

bool Workload::SupervisorStep(const Item& p, Command* c) const {
  const std::string y = std::to_string(year_);
  const std::string base = "/v1/employees/" + p.id;
  const std::string head = items_[p.supervisor]->id;
  c->sub = p.id;
  switch (p.step) {
    case 0:
      c->label = "RegisterEmployee";
      c->admin = true;
      c->sub = kAdmin;
      c->path = "/v1/employees";
      c->body = EmployeeBody(p, head, "administrator", "III/d");
      return true;
    case 1:
      c->label = "SubmitWorkPlan";
      c->path = base + "/work-plans/" + y;
      c->body = PlanBody(false, "Program bidang terlaksana");
      return true;
    case 2:
      c->label = "ApproveWorkPlan";
      c->sub = head;
      c->path = base + "/work-plans/" + y + "/approve";
      return true;
    case 3:
      c->label = "RecordInnovation";
      c->path = base + "/innovations";
      c->body = "{\"year\":" + y + ",\"title\":\"Dasbor bidang\",\"description\":" +
                "\"Laporan bulanan otomatis\"}";
      return true;
    case 4:
      c->label = "AcknowledgeInnovation";
      c->sub = head;
      c->path = base + "/innovations/" + p.innovation_id + "/acknowledge";
      return true;
    case 5:
      c->label = "RecordAppraisal";
      c->sub = head;
      c->path = base + "/appraisals/" + y;
      c->body = AppraisalBody(p.grade % 3 == 0 ? 1 : 0, p.grade % 3 == 0 ? 1 : 0);
      return true;
    case 6:
      c->label = "AcceptAppraisal";
      c->path = base + "/appraisals/" + y + "/accept";
      return true;
    case 7:
      c->label = "FinalizeAppraisal";
      c->sub = head;
      c->path = base + "/appraisals/" + y + "/finalize";
      return true;
    default:
      c->label = "RecordProgress";
      c->path = base + "/work-plans/" + y + "/progress";
      c->body = "{\"period\":\"" + y + "-Q4\",\"rhkId\":\"rhk-1\",\"indikatorIndex\":0," +
                "\"realisasi\":" + std::to_string(p.step) + "}";
      return true;
  }
}

bool Workload::StaffStep(const Item& p, Command* c) const {
  const std::string y = std::to_string(year_);
  const std::string base = "/v1/employees/" + p.id;
  const std::string plan = base + "/work-plans/" + y;
  const std::string sup = items_[p.supervisor]->id;
  const std::string atasan = items_[p.atasan]->id;
  c->sub = p.id;
  auto as = [&](const std::string& sub, const char* label, std::string path, std::string body) {
    c->sub = sub;
    c->label = label;
    c->path = std::move(path);
    c->body = std::move(body);
    return true;
  };
  auto progress = [&](const std::string& period, int value) {
    return "{\"period\":\"" + period + "\",\"rhkId\":\"rhk-1\",\"indikatorIndex\":0," +
           "\"realisasi\":" + std::to_string(value) +
           ",\"note\":\"Realisasi soak\",\"evidence\":[\"https://bukti.example.org/" + p.id +
           "/" + std::to_string(value) + "\"]}";
  };
  const std::string q1 = y + "-Q1", q2 = y + "-Q2";
  switch (p.step) {
    case 0:
      c->admin = true;
      return as(kAdmin, "RegisterEmployee", "/v1/employees",
                EmployeeBody(p, sup, "pelaksana", "III/a"));
    case 1: return as(p.id, "SaveWorkPlanDraft", plan, PlanBody(true, "Draf rencana kerja"));
    case 2: return as(p.id, "SubmitWorkPlan", plan, PlanBody(false, "Rencana kerja"));
    case 3: return as(sup, "ReturnWorkPlan", plan + "/return", "{\"notes\":\"Perjelas RHK\"}");
    case 4: return as(p.id, "SubmitWorkPlan", plan, PlanBody(false, "Rencana kerja diperjelas"));
    case 5: return as(sup, "ApproveWorkPlan", plan + "/approve", "");
    case 6: return as(p.id, "RecordProgress", plan + "/progress", progress(q1, 3));
    case 7:
      return as(sup, "GiveFeedback", plan + "/feedback",
                "{\"period\":\"" + q1 + "\",\"rhkId\":\"rhk-1\",\"text\":\"Pertahankan\"}");
    case 8: return as(sup, "RecordAppraisal", base + "/appraisals/" + q1, AppraisalBody(0, 0));
    case 9: return as(p.id, "AcceptAppraisal", base + "/appraisals/" + q1 + "/accept", "");
    case 10: return as(sup, "FinalizeAppraisal", base + "/appraisals/" + q1 + "/finalize", "");
    case 11: return as(p.id, "RecordProgress", plan + "/progress", progress(q2, 6));
    case 12: return as(sup, "RecordAppraisal", base + "/appraisals/" + q2, AppraisalBody(-1, 0));
    case 13:
      return as(p.id, "FileObjection", base + "/appraisals/" + q2 + "/objection",
                "{\"reason\":\"Realisasi Q2 belum diperhitungkan\"}");
    case 14:
      return as(atasan, "DecideObjection", base + "/appraisals/" + q2 + "/objection/decision",
                "{\"upheld\":true,\"hasilKerja\":\"SESUAI_EKSPEKTASI\",\"reason\":\"Terbukti\"}");
    case 15: return as(sup, "FinalizeAppraisal", base + "/appraisals/" + q2 + "/finalize", "");
    case 16:
      return as(p.id, "RecordInnovation", base + "/innovations",
                "{\"year\":" + y + ",\"title\":\"Arsip digital\",\"description\":" +
                    "\"Pindai dan indeks surat masuk\"}");
    case 17:
      return as(sup, "AcknowledgeInnovation",
                base + "/innovations/" + p.innovation_id + "/acknowledge", "");
    case 18:
      c->admin = true;
      return as(kAdmin, "AssignTraining", "/v1/trainings",
                "{\"nip\":" + Quote(p.id) + ",\"title\":\"Pelatihan arsip\",\"kind\":" +
                    "\"e_learning\",\"jp\":12,\"startDate\":\"" + y + "-03-02\",\"endDate\":\"" +
                    y + "-03-06\",\"reason\":\"Pengembangan kompetensi\"}");
    case 19:
      c->admin = true;
      return as(kAdmin, "CompleteTraining", "/v1/trainings/" + p.training_id + "/complete",
                "{\"completedOn\":\"" + y + "-03-06\",\"jp\":12,\"certificate\":\"SERT-" + p.id +
                    "\"}");
    case 20:
      c->admin = true;
      return as(kAdmin, "GrantRecognition", base + "/recognitions",
                "{\"year\":" + y + ",\"title\":\"Pegawai teladan\",\"reason\":\"Inovasi\"}");
    case 21:
      c->admin = true;
      return as(kAdmin, "RecordDisciplinaryAction", base + "/disciplinary-actions",
                "{\"level\":\"ringan\",\"type\":\"teguran_lisan\",\"decidedOn\":\"" + y +
                    "-06-15\",\"reason\":\"Terlambat apel\"}");
    case 22: {
      // Annual ratings by grade: SANGAT_BAIK, BAIK or BUTUH_PERBAIKAN (the last and the first
      // make the follow-up policy recommend a penghargaan or a pembinaan).
      const int g = p.grade % 3;
      return as(sup, "RecordAppraisal", base + "/appraisals/" + y,
                g == 0 ? AppraisalBody(1, 1) : (g == 1 ? AppraisalBody(0, 0) : AppraisalBody(-1, 0)));
    }
    case 23: return as(p.id, "AcceptAppraisal", base + "/appraisals/" + y + "/accept", "");
    case 24: return as(sup, "FinalizeAppraisal", base + "/appraisals/" + y + "/finalize", "");
    default:
      // Tail: progress (a new value each time) and feedback, alternating.
      if (p.step % 2 == 1) {
        return as(p.id, "RecordProgress", plan + "/progress", progress(y + "-Q4", p.step));
      }
      return as(sup, "GiveFeedback", plan + "/feedback",
                "{\"period\":\"" + y + "-Q4\",\"rhkId\":\"rhk-1\",\"text\":\"Umpan balik " +
                    std::to_string(p.step) + "\"}");
  }
}

}  // namespace kinerja::crashsoak
