// JP (jam pelajaran) per pegawai per year and the 20 JP rule (pengembangan kompetensi).
//
// Attribution: a completed training's earned JP count in the year of its completedOn date (the
// day the training ended), regardless of its start: a training spanning two years counts in the
// year it ends. Assigned and cancelled trainings count nothing.
// The rule: every PNS must reach kRequiredJpPerYear (20) JP a year. PPPK totals are shown but a
// PPPK is never counted as non-compliant (counted = false).
// Pure functions and a small value-type fold; a JpLedger is not synchronised (one thread at a time).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "domain/nip.h"
#include "domain/training.h"

namespace kinerja::domain {

constexpr int kRequiredJpPerYear = 20;

struct JpCompliance {
  std::string nip;
  int year = 0;
  EmployeeStatus status = EmployeeStatus::kPns;
  int total_jp = 0;
  int required_jp = kRequiredJpPerYear;
  bool counted = true;     // false for PPPK: shown, not counted
  bool reached = false;    // total_jp >= required_jp
  int shortfall = 0;       // max(0, required_jp - total_jp)
  bool non_compliant() const { return counted && !reached; }
};

// The JP year of a completed training (REQUIRES: state.status == kCompleted).
int JpYearOf(const TrainingState& state);
// Sum of earned JP of `nip`'s trainings completed in `year`.
int TotalJp(const std::vector<TrainingState>& trainings, const std::string& nip, int year);
JpCompliance EvaluateJp(const std::string& nip, int year, EmployeeStatus status, int total_jp);
JpCompliance EvaluateJp(const std::vector<TrainingState>& trainings, const std::string& nip,
                        int year, EmployeeStatus status);

// A fold over training events from any number of training streams: JP per (nip, year). Keyed by
// training id, so applying the same completion twice counts it once.
class JpLedger {
 public:
  void Apply(const TrainingEvent& event);
  int Total(const std::string& nip, int year) const;
  // All years with JP for a pegawai, ascending.
  std::map<int, int> ByYear(const std::string& nip) const;

 private:
  struct Entry {
    std::string nip;
    int year = 0;
    int jp = 0;
  };
  std::map<std::string, Entry> by_training_;            // training id -> completion
  std::map<std::pair<std::string, int>, int> totals_;  // (nip, year) -> JP
};

}  // namespace kinerja::domain
