// The soak's model of the city's SKPs, appraisals and trainings, and the month-end mix built on
// it. The World remembers what the server has acknowledged (which SKPs are approved or awaiting
// approval, which appraisals are recorded, accepted, objected or decided, which trainings are
// assigned), so each planned request is one the server should accept, sent by the actor the
// rules require (the pegawai, their pejabat penilai, the atasan, an admin or an analyst).
//
// The mix (weights per mille of all requests; the README explains the choice):
//   reads 700: own dashboard 215, own SKP 140, own appraisals 60, own trainings 30, supervisor's
//     inbox 130, a subordinate's SKP 75, unit dashboard 30, follow-ups 18, city dashboard 2;
//   commands 300: RecordProgress with evidence 200, GiveFeedback 35, SubmitWorkPlan (revision)
//     8, ApproveWorkPlan 8, RecordAppraisal 25, AcceptAppraisal 12, FileObjection 2,
//     DecideObjection 2, FinalizeAppraisal 5, AssignTraining 2, CompleteTraining 1.
// A command whose precondition no pegawai meets at the moment (nothing awaiting approval, no
// objection open) is replaced by a RecordProgress, a read by an own-dashboard read, so the
// read/command split stays at 70/30.
//
// Concurrency: a command leases the pegawai whose streams it appends to until its answer is
// back (Finish), so two connections never race on one stream: a month-end user does not submit
// twice at once, and the rare 409 that remains is reported, not designed in.
//
// Thread-safety: every public method may be called from any thread (one mutex).
#pragma once

#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "ops/soak-src/city.h"

namespace kinerja::soak {

enum class Op : int {
  kReadEmployee,
  kReadWorkPlan,
  kReadAppraisals,
  kReadTrainings,
  kReadInbox,
  kReadSubordinateWorkPlan,
  kReadUnitDashboard,
  kReadFollowUps,
  kReadCityDashboard,
  kSubmitWorkPlan,
  kApproveWorkPlan,
  kRecordProgress,
  kGiveFeedback,
  kRecordAppraisal,
  kAcceptAppraisal,
  kFileObjection,
  kDecideObjection,
  kFinalizeAppraisal,
  kAssignTraining,
  kCompleteTraining,
  kCount
};
constexpr int kOpCount = static_cast<int>(Op::kCount);

struct OpInfo {
  const char* name;  // short, for the report: "read.inbox", "cmd.progress"
  bool command;
  int weight;        // per mille of the load mix
};
const OpInfo& InfoOf(Op op);

// Dates the requests use: the server's clock is the real one, so these come from it too.
struct Calendar {
  int year = 0;
  int quarter = 0;            // 1..4, today's
  std::string month;          // "2026-11", today's
  std::vector<std::string> history_months;  // the months before `month` in this year, oldest first
  std::string today;          // "2026-11-28"
  std::string days_ago_3;     // a training's start date
  // The appraisal periods the soak records, in order: the quarters up to today's, then the year.
  std::vector<std::string> periods;
  static Calendar Now();
};

struct Planned {
  Op op = Op::kReadEmployee;
  std::string method;  // GET or POST
  std::string target;  // path and query
  std::string body;
  const std::string* token = nullptr;
  int person = -1;      // the leased pegawai (commands), -1: none
  int period = -1;      // appraisal period index
  int flag = 0;         // op-specific: the ratings recorded (3 * hasil + perilaku, indexes of
                        // kRatings), objection upheld, training kind
};

enum class AppraisalStage : uint8_t { kNone, kRecorded, kAccepted, kObjected, kDecided, kFinal };

class World {
 public:
  // `tokens[i]` is people[i]'s pegawai token; admin and analyst tokens for the aggregate reads.
  World(const City& city, Calendar calendar, std::vector<std::string> tokens,
        std::string admin_token, std::string analyst_token);

  // Replaces the mix's weights (per mille, one per Op, as InfoOf(op).weight by default); false
  // when there are not kOpCount of them, one is negative or all are 0. Call before the load.
  bool SetWeights(const std::vector<int>& weights);

  // The next request of the load mix.
  Planned Next(std::mt19937_64& rng);
  // Records the server's answer: state advances on a 2xx; the lease is released either way.
  // `body` is the answer (AssignTraining's id is read from it).
  void Finish(const Planned& p, int status, const std::string& body);

  // Seeding, in order (each call returns the requests of one phase, at most one per pegawai so
  // a phase never races on a stream; send them, Finish each):
  //   1. SeedSubmissions: every pegawai submits version 1 of their SKP;
  //   2. SeedApprovals: supervisors approve `share` of their subordinates' SKPs (the rest stay
  //      in the inboxes; unit heads' SKPs stay SUBMITTED: their pejabat penilai is outside the
  //      city's data);
  //   3. SeedProgress, once per month of `calendar().history_months` wanted: one progress
  //      report of that month per approved SKP;
  //   4. SeedAppraisals(period, share) for the quarters before the last closed one (Q1 and Q2
  //      at the end of November: Q3's are the backlog the load records), then SeedStage
  //      to accept (kAcceptAppraisal from kRecorded) or finalise (kFinalizeAppraisal from
  //      kAccepted) `share` of them.
  std::vector<Planned> SeedSubmissions();
  std::vector<Planned> SeedApprovals(double share, std::mt19937_64& rng);
  std::vector<Planned> SeedProgress(const std::string& month, std::mt19937_64& rng);
  std::vector<Planned> SeedAppraisals(int period, double share, std::mt19937_64& rng);
  std::vector<Planned> SeedStage(int period, AppraisalStage from, Op op, double share,
                                 std::mt19937_64& rng);

  const City& city() const { return city_; }
  const Calendar& calendar() const { return calendar_; }

  // Counts for the report.
  struct Tally {
    int approved = 0, awaiting_approval = 0, appraisals = 0, open_objections = 0;
    int trainings_open = 0;
  };
  Tally Count() const;

 private:
  struct SkpModel {
    int approved_version = 0;  // 0: none in force
    int current_version = 0;   // latest submitted
    bool pending = false;      // current_version awaits approval
    int revisions = 0;         // plans submitted (makes every revision differ)
    uint32_t progress = 0;     // progress entries recorded (makes every realisasi differ)
    uint32_t feedback = 0;
  };
  struct Training {
    std::string id;
    int jp;
  };

  // Builders (mutex held). `p` is the person whose streams change.
  Planned Command(Op op, int p);
  Planned Read(Op op, const std::string& target, const std::string* token);
  std::string PlanBody(int p, int revision) const;
  Planned ProgressFor(int p, const std::string& period, std::mt19937_64& rng);
  Planned AppraisalFor(int p, int period, std::mt19937_64& rng);
  bool TryCommand(Op op, std::mt19937_64& rng, Planned* out);
  bool TryRead(Op op, std::mt19937_64& rng, Planned* out);
  int RandomPerson(std::mt19937_64& rng) const;
  int RandomSupervisor(std::mt19937_64& rng) const;
  // Picks a free (unleased) pegawai in `pool` and leases them; -1 after a few misses.
  int LeaseFrom(const std::vector<int>& pool, std::mt19937_64& rng);
  int LeaseAny(std::mt19937_64& rng, bool (World::*eligible)(int) const);
  bool CanRecordProgress(int p) const;
  bool CanBeAppraised(int p) const;
  int NextPeriodToAppraise(int p) const;
  // Keys "person * periods + period" in the per-stage pools.
  int Key(int p, int period) const;
  void MoveStage(int p, int period, AppraisalStage to);
  static void Erase(std::vector<int>* pool, int value);

  const City city_;
  const Calendar calendar_;
  const std::vector<std::string> tokens_;
  const std::string admin_token_, analyst_token_;
  std::vector<int> with_supervisor_;  // people who have a pejabat penilai
  std::vector<int> supervisors_;      // people who have subordinates

  mutable std::mutex mu_;
  std::vector<int> weights_;                // per Op
  std::discrete_distribution<int> mix_;     // drawn from weights_ (operator() is not const)
  std::vector<SkpModel> skp_;
  std::vector<AppraisalStage> stage_;  // [Key(p, period)]
  std::vector<uint8_t> ratings_;       // [Key(p, period)]: 3 * hasil + perilaku as recorded
  std::vector<char> leased_;
  std::vector<int> pending_;           // people whose SKP awaits approval (and have a supervisor)
  std::vector<int> recorded_;          // appraisal keys RECORDED (may be accepted or objected)
  std::vector<int> objected_;          // keys OBJECTED whose pegawai has an atasan
  std::vector<int> finalisable_;       // keys ACCEPTED or DECIDED
  std::vector<Training> trainings_;    // assigned, not completed
  uint64_t serial_ = 0;                // unique suffixes (idempotency keys, texts)
};

}  // namespace kinerja::soak
