// The month-end mix: which request comes next (World::Next, TryCommand, TryRead).
#include <iterator>

#include "ops/soak-src/world.h"
#include "ops/soak-src/world_support.h"

namespace kinerja::soak {

using internal::Chance;
using internal::Json;
using internal::Pick;

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

const char* const kTrainingKinds[] = {"pelatihan_klasikal", "e_learning", "workshop", "coaching"};

}  // namespace

const OpInfo& InfoOf(Op op) { return kOps[static_cast<int>(op)]; }

bool World::TryCommand(Op op, std::mt19937_64& rng, Planned* out) {
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
      *out = AppraisalFor(p, NextPeriodToAppraise(p), rng);
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
      // Upheld (30%): one rating one step better than recorded, as the objection asked; an
      // objection to two "above expectations" ratings is rejected.
      int hasil = ratings_[key] / 3, perilaku = ratings_[key] % 3;
      const bool upheld = Chance(0.3, rng) && (hasil > 0 || perilaku > 0);
      if (upheld) (hasil > 0 ? hasil : perilaku) -= 1;
      out->flag = upheld ? 1 : 0;
      out->body = upheld ? std::string("{\"upheld\":true,\"hasilKerja\":\"") +
                               internal::kRatings[hasil] + "\",\"perilakuKerja\":\"" +
                               internal::kRatings[perilaku] +
                               "\",\"reason\":\"Bukti dukung realisasi diterima\"}"
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
  std::lock_guard<std::mutex> lock(mu_);
  const Op op = static_cast<Op>(mix_(rng));
  Planned out;
  // A command that cannot be made stands in for a RecordProgress while the mix has those.
  const bool progress_in_mix = weights_[static_cast<int>(Op::kRecordProgress)] > 0;
  if (InfoOf(op).command) {
    if (TryCommand(op, rng, &out)) return out;
    if (progress_in_mix && TryCommand(Op::kRecordProgress, rng, &out)) return out;
  } else if (TryRead(op, rng, &out)) {
    return out;
  }
  TryRead(Op::kReadEmployee, rng, &out);
  return out;
}

}  // namespace kinerja::soak
