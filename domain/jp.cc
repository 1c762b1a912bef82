#include "domain/jp.h"

namespace kinerja::domain {

int JpYearOf(const TrainingState& state) {
  return state.completed_on ? state.completed_on->year() : 0;
}

int TotalJp(const std::vector<TrainingState>& trainings, const std::string& nip, int year) {
  int total = 0;
  for (const TrainingState& t : trainings) {
    if (t.status == TrainingStatus::kCompleted && t.nip == nip && JpYearOf(t) == year) {
      total += t.jp_earned;
    }
  }
  return total;
}

JpCompliance EvaluateJp(const std::string& nip, int year, EmployeeStatus status, int total_jp) {
  JpCompliance c;
  c.nip = nip;
  c.year = year;
  c.status = status;
  c.total_jp = total_jp;
  c.counted = status == EmployeeStatus::kPns;
  c.reached = total_jp >= c.required_jp;
  c.shortfall = c.reached ? 0 : c.required_jp - total_jp;
  return c;
}

JpCompliance EvaluateJp(const std::vector<TrainingState>& trainings, const std::string& nip,
                        int year, EmployeeStatus status) {
  return EvaluateJp(nip, year, status, TotalJp(trainings, nip, year));
}

void JpLedger::Apply(const TrainingEvent& event) {
  const auto* done = std::get_if<TrainingCompleted>(&event);
  if (done == nullptr || by_training_.count(done->id) != 0) return;
  by_training_[done->id] = Entry{done->nip, done->completed_on.year(), done->jp};
  totals_[{done->nip, done->completed_on.year()}] += done->jp;
}

int JpLedger::Total(const std::string& nip, int year) const {
  auto it = totals_.find({nip, year});
  return it == totals_.end() ? 0 : it->second;
}

std::map<int, int> JpLedger::ByYear(const std::string& nip) const {
  std::map<int, int> out;
  for (auto it = totals_.lower_bound({nip, 0}); it != totals_.end() && it->first.first == nip;
       ++it) {
    out[it->first.second] = it->second;
  }
  return out;
}

}  // namespace kinerja::domain
