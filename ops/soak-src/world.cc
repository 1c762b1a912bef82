#include "ops/soak-src/world.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <ctime>

namespace kinerja::soak {

namespace {

const OpInfo kOps[kOpCount] = {
    {"read.employee", false, 215},        {"read.work_plan", false, 140},
    {"read.appraisals", false, 60},       {"read.trainings", false, 30},
    {"read.inbox", false, 130},           {"read.subordinate_skp", false, 75},
    {"read.unit_dashboard", false, 30},   {"read.follow_ups", false, 18},
    {"read.city_dashboard", false, 2},    {"cmd.submit_work_plan", true, 8},
    {"cmd.approve_work_plan", true, 8},   {"cmd.record_progress", true, 200},
    {"cmd.give_feedback", true, 35},      {"cmd.record_appraisal", true, 25},
    {"cmd.accept_appraisal", true, 12},   {"cmd.file_objection", true, 2},
    {"cmd.decide_objection", true, 2},    {"cmd.finalize_appraisal", true, 5},
    {"cmd.assign_training", true, 2},     {"cmd.complete_training", true, 1},
};

const char* const kRatings[] = {"DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"};
// The indikator a progress report may name: (rhk id, indikator index) of PlanBody's plan.
const std::pair<const char*, int> kIndikator[] = {{"rhk-1", 0}, {"rhk-1", 1}, {"rhk-2", 0},
                                                  {"rhk-3", 0}};
const char* const kTrainingKinds[] = {"pelatihan_klasikal", "e_learning", "workshop", "coaching"};

std::string Json(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string Date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

template <typename T>
const T& Pick(const std::vector<T>& v, std::mt19937_64& rng) {
  return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
}

bool Chance(double p, std::mt19937_64& rng) {
  return std::uniform_real_distribution<double>(0, 1)(rng) < p;
}

}  // namespace

const OpInfo& InfoOf(Op op) { return kOps[static_cast<int>(op)]; }

Calendar Calendar::Now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  Calendar c;
  c.year = tm.tm_year + 1900;
  const int month = tm.tm_mon + 1;
  c.quarter = (month - 1) / 3 + 1;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d", c.year, month);
  c.month = buf;
  for (int m = 1; m < month; ++m) {
    std::snprintf(buf, sizeof buf, "%04d-%02d", c.year, m);
    c.history_months.push_back(buf);
  }
  c.today = Date(now);
  c.days_ago_3 = Date(now - 3 * 86400);
  for (int q = 1; q <= c.quarter; ++q) {
    std::snprintf(buf, sizeof buf, "%04d-Q%d", c.year, q);
    c.periods.push_back(buf);
  }
  c.periods.push_back(std::to_string(c.year));
  return c;
}

World::World(const City& city, Calendar calendar, std::vector<std::string> tokens,
             std::string admin_token, std::string analyst_token)
    : city_(city),
      calendar_(std::move(calendar)),
      tokens_(std::move(tokens)),
      admin_token_(std::move(admin_token)),
      analyst_token_(std::move(analyst_token)) {
  const int n = static_cast<int>(city_.people.size());
  for (int i = 0; i < n; ++i) {
    if (city_.people[i].supervisor >= 0) with_supervisor_.push_back(i);
    if (!city_.people[i].subordinates.empty()) supervisors_.push_back(i);
  }
  skp_.resize(n);
  stage_.assign(static_cast<size_t>(n) * calendar_.periods.size(), AppraisalStage::kNone);
  leased_.assign(n, 0);
}

int World::Key(int p, int period) const {
  return p * static_cast<int>(calendar_.periods.size()) + period;
}

void World::Erase(std::vector<int>* pool, int value) {
  auto it = std::find(pool->begin(), pool->end(), value);
  if (it == pool->end()) return;
  *it = pool->back();
  pool->pop_back();
}

std::string World::PlanBody(int p, int revision) const {
  const Person& who = city_.people[p];
  const std::string duty = who.jabatan.empty() ? std::string("tugas jabatan") : who.jabatan;
  // A revision raises the first target: every version differs from the one in force.
  const int target = 12 + revision;
  return "{\"rhk\":["
         "{\"id\":\"rhk-1\",\"kind\":\"utama\",\"description\":" +
         Json("Terlaksananya " + duty + " " + who.unit_id + " sesuai standar pelayanan") +
         ",\"indikator\":["
         "{\"aspect\":\"kuantitas\",\"description\":\"Jumlah laporan kegiatan\",\"target\":" +
         std::to_string(target) +
         ",\"unit\":\"laporan\"},"
         "{\"aspect\":\"kualitas\",\"description\":\"Persentase laporan tanpa revisi\","
         "\"target\":90,\"unit\":\"%\"}]},"
         "{\"id\":\"rhk-2\",\"kind\":\"utama\",\"description\":\"Tersusunnya dokumen "
         "perencanaan dan evaluasi kinerja\",\"indikator\":["
         "{\"aspect\":\"kuantitas\",\"description\":\"Jumlah dokumen\",\"target\":4,"
         "\"unit\":\"dokumen\"}]},"
         "{\"id\":\"rhk-3\",\"kind\":\"tambahan\",\"description\":\"Terlaksananya tugas "
         "tambahan dari pimpinan\",\"indikator\":["
         "{\"aspect\":\"waktu\",\"description\":\"Penyelesaian tepat waktu\",\"target\":12,"
         "\"unit\":\"bulan\"}]}],"
         "\"perilaku\":{\"berorientasi_pelayanan\":\"Melayani masyarakat dengan ramah\","
         "\"kolaboratif\":\"Aktif dalam kerja lintas bidang\"}}";
}

Planned World::Command(Op op, int p) {
  Planned out;
  out.op = op;
  out.method = "POST";
  out.person = p;
  const Person& who = city_.people[p];
  const std::string skp =
      "/v1/employees/" + who.nip + "/work-plans/" + std::to_string(calendar_.year);
  switch (op) {
    case Op::kSubmitWorkPlan:
      out.target = skp;
      out.body = PlanBody(p, skp_[p].revisions++);
      out.token = &tokens_[p];
      break;
    case Op::kApproveWorkPlan:
      out.target = skp + "/approve";
      out.token = &tokens_[who.supervisor];
      break;
    case Op::kGiveFeedback:
      out.target = skp + "/feedback";
      out.body = "{\"period\":\"" + calendar_.month + "\",\"rhkId\":\"rhk-1\",\"text\":" +
                 Json("Progres bulan ini sudah baik; lengkapi bukti dukung laporan ke-" +
                      std::to_string(++skp_[p].feedback)) +
                 "}";
      out.token = &tokens_[who.supervisor];
      break;
    default:
      break;
  }
  return out;
}

Planned World::ProgressFor(int p, const std::string& period, std::mt19937_64& rng) {
  const Person& who = city_.people[p];
  Planned out;
  out.op = Op::kRecordProgress;
  out.method = "POST";
  out.person = p;
  out.token = &tokens_[p];
  out.target =
      "/v1/employees/" + who.nip + "/work-plans/" + std::to_string(calendar_.year) + "/progress";
  const auto& [rhk, index] =
      kIndikator[std::uniform_int_distribution<size_t>(0, std::size(kIndikator) - 1)(rng)];
  const uint32_t n = ++skp_[p].progress;  // a new realisasi every time: always appended
  out.body = "{\"period\":\"" + period + "\",\"rhkId\":\"" + rhk +
             "\",\"indikatorIndex\":" + std::to_string(index) +
             ",\"realisasi\":" + std::to_string(n) +
             ",\"note\":\"Laporan realisasi " + period + "\",\"evidence\":["
             "\"https://drive.pontianak.go.id/ekinerja/" + who.nip + "/" + period + "/bukti-" +
             std::to_string(n) + ".pdf\"]}";
  return out;
}

Planned World::Read(Op op, const std::string& target, const std::string* token) {
  Planned out;
  out.op = op;
  out.method = "GET";
  out.target = target;
  out.token = token;
  return out;
}

int World::RandomPerson(std::mt19937_64& rng) const {
  return std::uniform_int_distribution<int>(0, static_cast<int>(city_.people.size()) - 1)(rng);
}

int World::RandomSupervisor(std::mt19937_64& rng) const {
  return supervisors_.empty() ? RandomPerson(rng) : Pick(supervisors_, rng);
}

int World::LeaseFrom(const std::vector<int>& pool, std::mt19937_64& rng) {
  if (pool.empty()) return -1;
  for (int attempt = 0; attempt < 8; ++attempt) {
    const int p = Pick(pool, rng);
    if (!leased_[p]) {
      leased_[p] = 1;
      return p;
    }
  }
  return -1;
}

int World::LeaseAny(std::mt19937_64& rng, bool (World::*eligible)(int) const) {
  if (with_supervisor_.empty()) return -1;
  for (int attempt = 0; attempt < 16; ++attempt) {
    const int p = Pick(with_supervisor_, rng);
    if (!leased_[p] && (this->*eligible)(p)) {
      leased_[p] = 1;
      return p;
    }
  }
  return -1;
}

bool World::CanRecordProgress(int p) const { return skp_[p].approved_version > 0; }

int World::NextPeriodToAppraise(int p) const {
  for (int i = 0; i < static_cast<int>(calendar_.periods.size()); ++i) {
    if (stage_[Key(p, i)] == AppraisalStage::kNone) return i;
  }
  return -1;
}

bool World::CanBeAppraised(int p) const {
  return skp_[p].approved_version > 0 && NextPeriodToAppraise(p) >= 0;
}

bool World::TryCommand(Op op, std::mt19937_64& rng, Planned* out) {
  const std::string year = std::to_string(calendar_.year);
  auto appraisal_target = [&](int key, const char* suffix) {
    const int periods = static_cast<int>(calendar_.periods.size());
    return "/v1/employees/" + city_.people[key / periods].nip + "/appraisals/" +
           calendar_.periods[key % periods] + suffix;
  };
  auto lease_key = [&](const std::vector<int>& pool) {
    const int periods = static_cast<int>(calendar_.periods.size());
    for (int attempt = 0; attempt < 8 && !pool.empty(); ++attempt) {
      const int key = Pick(pool, rng);
      if (!leased_[key / periods]) {
        leased_[key / periods] = 1;
        return key;
      }
    }
    return -1;
  };
  const int periods = static_cast<int>(calendar_.periods.size());
  switch (op) {
    case Op::kRecordProgress: {
      const int p = LeaseAny(rng, &World::CanRecordProgress);
      if (p < 0) return false;
      *out = ProgressFor(p, calendar_.month, rng);
      return true;
    }
    case Op::kGiveFeedback: {
      const int p = LeaseAny(rng, &World::CanRecordProgress);
      if (p < 0) return false;
      *out = Command(op, p);
      return true;
    }
    case Op::kSubmitWorkPlan: {
      // A revision of an approved plan with nothing pending (version n+1 awaits approval).
      for (int attempt = 0; attempt < 16; ++attempt) {
        const int p = LeaseAny(rng, &World::CanRecordProgress);
        if (p < 0) return false;
        if (!skp_[p].pending) {
          *out = Command(op, p);
          return true;
        }
        leased_[p] = 0;
      }
      return false;
    }
    case Op::kApproveWorkPlan: {
      const int p = LeaseFrom(pending_, rng);
      if (p < 0) return false;
      *out = Command(op, p);
      return true;
    }
    case Op::kRecordAppraisal: {
      const int p = LeaseAny(rng, &World::CanBeAppraised);
      if (p < 0) return false;
      const int period = NextPeriodToAppraise(p);
      *out = Planned{};
      out->op = op;
      out->method = "POST";
      out->person = p;
      out->period = period;
      out->token = &tokens_[city_.people[p].supervisor];
      out->target = appraisal_target(Key(p, period), "");
      const char* hasil = kRatings[std::discrete_distribution<int>({25, 65, 10})(rng)];
      const char* perilaku = kRatings[std::discrete_distribution<int>({20, 72, 8})(rng)];
      out->body = std::string("{\"hasilKerja\":\"") + hasil + "\",\"perilakuKerja\":\"" +
                  perilaku + "\",\"notes\":\"Penilaian periodik " + calendar_.periods[period] +
                  "\"}";
      return true;
    }
    case Op::kAcceptAppraisal:
    case Op::kFileObjection: {
      const int key = lease_key(recorded_);
      if (key < 0) return false;
      const int p = key / periods;
      // Only where an atasan exists to decide the objection; otherwise the pegawai accepts.
      if (op == Op::kFileObjection && city_.people[p].atasan < 0) op = Op::kAcceptAppraisal;
      *out = Planned{};
      out->op = op;
      out->method = "POST";
      out->person = p;
      out->period = key % periods;
      out->token = &tokens_[p];
      if (op == Op::kAcceptAppraisal) {
        out->target = appraisal_target(key, "/accept");
      } else {
        out->target = appraisal_target(key, "/objection");
        out->body = "{\"reason\":\"Capaian realisasi triwulan belum dipertimbangkan "
                    "sepenuhnya dalam penilaian\"}";
      }
      return true;
    }
    case Op::kDecideObjection: {
      const int key = lease_key(objected_);
      if (key < 0) return false;
      const int p = key / periods;
      *out = Planned{};
      out->op = op;
      out->method = "POST";
      out->person = p;
      out->period = key % periods;
      out->token = &tokens_[city_.people[p].atasan];
      out->target = appraisal_target(key, "/objection/decision");
      out->flag = Chance(0.3, rng) ? 1 : 0;
      out->body = out->flag ? "{\"upheld\":true,\"hasilKerja\":\"DI_ATAS_EKSPEKTASI\","
                              "\"perilakuKerja\":\"SESUAI_EKSPEKTASI\",\"reason\":\"Bukti "
                              "dukung realisasi diterima\"}"
                            : "{\"upheld\":false,\"reason\":\"Penilaian sudah sesuai bukti "
                              "dukung\"}";
      return true;
    }
    case Op::kFinalizeAppraisal: {
      const int key = lease_key(finalisable_);
      if (key < 0) return false;
      const int p = key / periods;
      *out = Planned{};
      out->op = op;
      out->method = "POST";
      out->person = p;
      out->period = key % periods;
      out->token = &tokens_[city_.people[p].supervisor];
      out->target = appraisal_target(key, "/finalize");
      return true;
    }
    case Op::kAssignTraining: {
      const int p = RandomPerson(rng);
      *out = Planned{};
      out->op = op;
      out->method = "POST";
      out->token = &admin_token_;
      out->target = "/v1/trainings";
      out->flag = std::uniform_int_distribution<int>(0, 3)(rng);
      const int jp = 4 + 4 * out->flag;
      out->body = "{\"nip\":\"" + city_.people[p].nip +
                  "\",\"title\":\"Pengembangan kompetensi " + calendar_.month +
                  "\",\"kind\":\"" + kTrainingKinds[out->flag] + "\",\"jp\":" +
                  std::to_string(jp) + ",\"startDate\":\"" + calendar_.days_ago_3 +
                  "\",\"endDate\":\"" + calendar_.today + "\"}";
      return true;
    }
    case Op::kCompleteTraining: {
      if (trainings_.empty()) return false;
      const size_t i = std::uniform_int_distribution<size_t>(0, trainings_.size() - 1)(rng);
      const Training t = trainings_[i];
      trainings_[i] = trainings_.back();
      trainings_.pop_back();
      *out = Planned{};
      out->op = op;
      out->method = "POST";
      out->token = &admin_token_;
      out->target = "/v1/trainings/" + t.id + "/complete";
      out->body = "{\"completedOn\":\"" + calendar_.today + "\",\"jp\":" + std::to_string(t.jp) +
                  ",\"certificate\":\"https://bpsdm.kalbarprov.go.id/sertifikat/" + t.id +
                  ".pdf\"}";
      return true;
    }
    default:
      return false;
  }
}

bool World::TryRead(Op op, std::mt19937_64& rng, Planned* out) {
  const std::string year = std::to_string(calendar_.year);
  switch (op) {
    case Op::kReadEmployee:
    case Op::kReadWorkPlan:
    case Op::kReadAppraisals:
    case Op::kReadTrainings: {
      const int p = RandomPerson(rng);
      const std::string base = "/v1/employees/" + city_.people[p].nip;
      const std::string target =
          op == Op::kReadEmployee      ? base
          : op == Op::kReadWorkPlan    ? base + "/work-plans/" + year
          : op == Op::kReadAppraisals  ? base + "/appraisals?year=" + year
                                       : base + "/trainings?year=" + year;
      *out = Read(op, target, &tokens_[p]);
      return true;
    }
    case Op::kReadInbox: {
      const int s = RandomSupervisor(rng);
      *out = Read(op, "/v1/supervisors/" + city_.people[s].nip + "/inbox", &tokens_[s]);
      return true;
    }
    case Op::kReadSubordinateWorkPlan: {
      const int s = RandomSupervisor(rng);
      const auto& subs = city_.people[s].subordinates;
      if (subs.empty()) return false;
      const int p = Pick(subs, rng);
      *out = Read(op, "/v1/employees/" + city_.people[p].nip + "/work-plans/" + year, &tokens_[s]);
      return true;
    }
    case Op::kReadUnitDashboard: {
      if (city_.members.empty()) return false;
      auto it = city_.members.begin();
      std::advance(it, std::uniform_int_distribution<size_t>(0, city_.members.size() - 1)(rng));
      // The last closed quarter's figures (the year's before April).
      const std::string period =
          calendar_.quarter > 1 ? year + "-Q" + std::to_string(calendar_.quarter - 1) : year;
      *out = Read(op, "/v1/units/" + it->first + "/dashboard?year=" + year + "&period=" + period,
                  Chance(0.5, rng) ? &admin_token_ : &analyst_token_);
      return true;
    }
    case Op::kReadFollowUps:
      *out = Read(op, "/v1/follow-ups?year=" + year + "&status=RECOMMENDED", &admin_token_);
      return true;
    case Op::kReadCityDashboard:
      *out = Read(op, "/v1/dashboard?year=" + year, &analyst_token_);
      return true;
    default:
      return false;
  }
}

Planned World::Next(std::mt19937_64& rng) {
  // Drawn from under mu_ (operator() is not const).
  static std::discrete_distribution<int>* const kDist = [] {
    std::vector<double> w;
    for (const auto& info : kOps) w.push_back(info.weight);
    return new std::discrete_distribution<int>(w.begin(), w.end());
  }();
  std::lock_guard<std::mutex> lock(mu_);
  const Op op = static_cast<Op>((*kDist)(rng));
  Planned out;
  if (InfoOf(op).command) {
    if (TryCommand(op, rng, &out) || TryCommand(Op::kRecordProgress, rng, &out)) return out;
  } else if (TryRead(op, rng, &out)) {
    return out;
  }
  TryRead(Op::kReadEmployee, rng, &out);
  return out;
}

void World::Finish(const Planned& p, int status, const std::string& body) {
  std::lock_guard<std::mutex> lock(mu_);
  if (p.person >= 0) leased_[p.person] = 0;
  if (status < 200 || status >= 300) return;
  switch (p.op) {
    case Op::kSubmitWorkPlan: {
      SkpModel& s = skp_[p.person];
      s.current_version = s.approved_version + 1;
      if (!s.pending && city_.people[p.person].supervisor >= 0) pending_.push_back(p.person);
      s.pending = true;
      break;
    }
    case Op::kApproveWorkPlan: {
      SkpModel& s = skp_[p.person];
      s.approved_version = s.current_version;
      s.pending = false;
      Erase(&pending_, p.person);
      break;
    }
    case Op::kRecordAppraisal:
      MoveStage(p.person, p.period, AppraisalStage::kRecorded);
      break;
    case Op::kAcceptAppraisal:
      MoveStage(p.person, p.period, AppraisalStage::kAccepted);
      break;
    case Op::kFileObjection:
      MoveStage(p.person, p.period, AppraisalStage::kObjected);
      break;
    case Op::kDecideObjection:
      MoveStage(p.person, p.period, AppraisalStage::kDecided);
      break;
    case Op::kFinalizeAppraisal:
      MoveStage(p.person, p.period, AppraisalStage::kFinal);
      break;
    case Op::kAssignTraining: {
      rapidjson::Document doc;
      doc.Parse(body.c_str(), body.size());
      if (!doc.HasParseError() && doc.IsObject() && doc.HasMember("id") && doc["id"].IsString()) {
        trainings_.push_back(Training{doc["id"].GetString(), 4 + 4 * p.flag});
      }
      break;
    }
    default:
      break;
  }
}

void World::MoveStage(int p, int period, AppraisalStage to) {
  const int key = Key(p, period);
  const AppraisalStage from = stage_[key];
  if (from == AppraisalStage::kRecorded) Erase(&recorded_, key);
  if (from == AppraisalStage::kObjected) Erase(&objected_, key);
  if (from == AppraisalStage::kAccepted || from == AppraisalStage::kDecided) {
    Erase(&finalisable_, key);
  }
  stage_[key] = to;
  if (to == AppraisalStage::kRecorded) recorded_.push_back(key);
  if (to == AppraisalStage::kObjected) objected_.push_back(key);
  if (to == AppraisalStage::kAccepted || to == AppraisalStage::kDecided) {
    finalisable_.push_back(key);
  }
}

std::vector<Planned> World::SeedSubmissions() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Planned> out;
  for (int p = 0; p < static_cast<int>(city_.people.size()); ++p) {
    out.push_back(Command(Op::kSubmitWorkPlan, p));
  }
  return out;
}

std::vector<Planned> World::SeedApprovals(double share, std::mt19937_64& rng) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Planned> out;
  for (int p : pending_) {
    if (Chance(share, rng)) out.push_back(Command(Op::kApproveWorkPlan, p));
  }
  return out;
}

std::vector<Planned> World::SeedProgress(const std::string& month, std::mt19937_64& rng) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Planned> out;
  for (int p : with_supervisor_) {
    if (CanRecordProgress(p)) out.push_back(ProgressFor(p, month, rng));
  }
  return out;
}

std::vector<Planned> World::SeedAppraisals(int period, double share, std::mt19937_64& rng) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Planned> out;
  for (int p : with_supervisor_) {
    if (!CanRecordProgress(p) || stage_[Key(p, period)] != AppraisalStage::kNone) continue;
    if (!Chance(share, rng)) continue;
    Planned a;
    a.op = Op::kRecordAppraisal;
    a.method = "POST";
    a.person = p;
    a.period = period;
    a.token = &tokens_[city_.people[p].supervisor];
    a.target = "/v1/employees/" + city_.people[p].nip + "/appraisals/" + calendar_.periods[period];
    a.body = std::string("{\"hasilKerja\":\"") +
             kRatings[std::discrete_distribution<int>({25, 65, 10})(rng)] +
             "\",\"perilakuKerja\":\"" +
             kRatings[std::discrete_distribution<int>({20, 72, 8})(rng)] + "\"}";
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<Planned> World::SeedStage(int period, AppraisalStage from, Op op, double share,
                                      std::mt19937_64& rng) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Planned> out;
  for (int p : with_supervisor_) {
    if (stage_[Key(p, period)] != from || !Chance(share, rng)) continue;
    Planned a;
    a.op = op;
    a.method = "POST";
    a.person = p;
    a.period = period;
    a.token = op == Op::kAcceptAppraisal ? &tokens_[p] : &tokens_[city_.people[p].supervisor];
    a.target = "/v1/employees/" + city_.people[p].nip + "/appraisals/" +
               calendar_.periods[period] +
               (op == Op::kAcceptAppraisal ? "/accept" : "/finalize");
    out.push_back(std::move(a));
  }
  return out;
}

World::Tally World::Count() const {
  std::lock_guard<std::mutex> lock(mu_);
  Tally t;
  for (const auto& s : skp_) t.approved += s.approved_version > 0 ? 1 : 0;
  t.awaiting_approval = static_cast<int>(pending_.size());
  for (auto s : stage_) t.appraisals += s != AppraisalStage::kNone ? 1 : 0;
  t.open_objections = static_cast<int>(objected_.size());
  t.trainings_open = static_cast<int>(trainings_.size());
  return t;
}

}  // namespace kinerja::soak
