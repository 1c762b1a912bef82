// The World's model of the city: state transitions on answers, request builders, seeding.
#include "ops/soak-src/world.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <ctime>
#include <iterator>

#include "ops/soak-src/world_support.h"

namespace kinerja::soak {

using internal::Chance;
using internal::DrawRating;
using internal::Json;
using internal::Pick;

namespace {

// The indikator a progress report may name: (rhk id, indikator index) of PlanBody's plan.
const std::pair<const char*, int> kIndikator[] = {{"rhk-1", 0}, {"rhk-1", 1}, {"rhk-2", 0},
                                                  {"rhk-3", 0}};

std::string Date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace

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
  ratings_.assign(stage_.size(), 4);  // (as expected, as expected) until recorded
  leased_.assign(n, 0);
  std::vector<int> weights;
  for (int op = 0; op < kOpCount; ++op) weights.push_back(InfoOf(static_cast<Op>(op)).weight);
  SetWeights(weights);
}

bool World::SetWeights(const std::vector<int>& weights) {
  if (weights.size() != static_cast<size_t>(kOpCount)) return false;
  int total = 0;
  for (int w : weights) {
    if (w < 0) return false;
    total += w;
  }
  if (total == 0) return false;
  std::lock_guard<std::mutex> lock(mu_);
  weights_ = weights;
  mix_ = std::discrete_distribution<int>(weights_.begin(), weights_.end());
  return true;
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
      ratings_[Key(p.person, p.period)] = static_cast<uint8_t>(p.flag);
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
    out.push_back(AppraisalFor(p, period, rng));
  }
  return out;
}

Planned World::AppraisalFor(int p, int period, std::mt19937_64& rng) {
  const int hasil = DrawRating(rng, 25, 65, 10), perilaku = DrawRating(rng, 20, 72, 8);
  Planned a;
  a.op = Op::kRecordAppraisal;
  a.method = "POST";
  a.person = p;
  a.period = period;
  a.flag = 3 * hasil + perilaku;
  a.token = &tokens_[city_.people[p].supervisor];
  a.target = "/v1/employees/" + city_.people[p].nip + "/appraisals/" + calendar_.periods[period];
  a.body = std::string("{\"hasilKerja\":\"") + internal::kRatings[hasil] +
           "\",\"perilakuKerja\":\"" + internal::kRatings[perilaku] +
           "\",\"notes\":\"Penilaian periodik " + calendar_.periods[period] + "\"}";
  return a;
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
