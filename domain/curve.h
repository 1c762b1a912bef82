// The distribution curve (kurva distribusi): the expected shape of a unit's employees' predikat
// given the unit's organisation predikat for the year (DESIGN.md §1). A guideline for dashboards:
// it never blocks anything. Pure; thread-safe.
//
//   ISTIMEWA:        SANGAT_BAIK <= 70%
//   BAIK:            BAIK <= 70%; at least one BUTUH_PERBAIKAN or KURANG
//   BUTUH_PERBAIKAN: BUTUH_PERBAIKAN >= 60%; SANGAT_BAIK <= 10%
//   KURANG:          KURANG >= 60%; BUTUH_PERBAIKAN >= 10%; SANGAT_BAIK <= 10%
//   SANGAT_KURANG:   SANGAT_KURANG >= 60%; KURANG + BUTUH_PERBAIKAN >= 10%; no SANGAT_BAIK
//
// Arithmetic is exact integers: "count <= p% of n" holds iff count*100 <= p*n, "count >= p% of n"
// iff count*100 >= p*n. An empty unit (n = 0) breaches nothing. Each bound is evaluated on its own:
// `breach_people` is the minimum number of employees whose predikat would have to change to satisfy
// THAT bound (bounds of one curve may be jointly unsatisfiable in a very small unit, e.g. KURANG
// at n = 1 needs both 60% KURANG and 10% BUTUH_PERBAIKAN).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "domain/rating.h"

namespace kinerja::domain {

// How many employees of a unit hold each predikat.
struct PredikatCounts {
  std::array<int, 5> by_predikat{};  // indexed by static_cast<int>(Predikat)
  int Of(Predikat p) const { return by_predikat[static_cast<int>(p)]; }
  void Add(Predikat p, int n = 1) { by_predikat[static_cast<int>(p)] += n; }
  int total() const;
};

enum class BoundOp { kAtMost, kAtLeast };
enum class BoundUnit { kPercent, kPeople };

// One bound: the employees whose predikat is in `predikat` (counted together) must be at most / at
// least `limit` percent of the unit (or `limit` people).
struct CurveBound {
  std::vector<Predikat> predikat;
  BoundOp op = BoundOp::kAtMost;
  BoundUnit unit = BoundUnit::kPercent;
  int limit = 0;
  std::string Describe() const;  // e.g. "SANGAT_BAIK <= 70%", "BUTUH_PERBAIKAN+KURANG >= 1"
};

struct BoundEvaluation {
  CurveBound bound;
  int count = 0;           // employees holding one of bound.predikat
  int total = 0;           // employees in the unit
  double percent = 0;      // 100*count/total for display (0 when total is 0); never decides
  int limit_people = 0;    // the bound in people for this unit: max allowed (kAtMost) or min
                           // required (kAtLeast); floor(limit*n/100) resp. ceil(limit*n/100)
  bool holds = true;
  int breach_people = 0;   // 0 when it holds; else employees whose predikat would have to change
};

struct CurveEvaluation {
  OrgPredikat organisation_predikat = OrgPredikat::kBaik;
  PredikatCounts counts;
  std::vector<BoundEvaluation> bounds;  // in the order of CurveBounds()
  bool all_hold = true;
};

// The bounds of the curve for an organisation predikat, in the order listed above.
std::vector<CurveBound> CurveBounds(OrgPredikat organisation_predikat);
BoundEvaluation EvaluateBound(const CurveBound& bound, const PredikatCounts& counts);
CurveEvaluation EvaluateCurve(OrgPredikat organisation_predikat, const PredikatCounts& counts);

}  // namespace kinerja::domain
