#include "domain/curve.h"

#include <cstdint>

namespace kinerja::domain {
namespace {

using P = Predikat;

CurveBound AtMostPct(std::vector<Predikat> p, int pct) {
  return CurveBound{std::move(p), BoundOp::kAtMost, BoundUnit::kPercent, pct};
}
CurveBound AtLeastPct(std::vector<Predikat> p, int pct) {
  return CurveBound{std::move(p), BoundOp::kAtLeast, BoundUnit::kPercent, pct};
}
CurveBound AtLeastPeople(std::vector<Predikat> p, int n) {
  return CurveBound{std::move(p), BoundOp::kAtLeast, BoundUnit::kPeople, n};
}
CurveBound AtMostPeople(std::vector<Predikat> p, int n) {
  return CurveBound{std::move(p), BoundOp::kAtMost, BoundUnit::kPeople, n};
}

}  // namespace

int PredikatCounts::total() const {
  int n = 0;
  for (int c : by_predikat) n += c;
  return n;
}

std::string CurveBound::Describe() const {
  std::string out;
  for (Predikat p : predikat) out += (out.empty() ? "" : "+") + std::string(ToString(p));
  if (op == BoundOp::kAtMost && unit == BoundUnit::kPeople && limit == 0) return "no " + out;
  out += op == BoundOp::kAtMost ? " <= " : " >= ";
  out += std::to_string(limit);
  if (unit == BoundUnit::kPercent) out += "%";
  return out;
}

std::vector<CurveBound> CurveBounds(OrgPredikat organisation_predikat) {
  switch (organisation_predikat) {
    case OrgPredikat::kIstimewa:
      return {AtMostPct({P::kSangatBaik}, 70)};
    case OrgPredikat::kBaik:
      return {AtMostPct({P::kBaik}, 70), AtLeastPeople({P::kButuhPerbaikan, P::kKurang}, 1)};
    case OrgPredikat::kButuhPerbaikan:
      return {AtLeastPct({P::kButuhPerbaikan}, 60), AtMostPct({P::kSangatBaik}, 10)};
    case OrgPredikat::kKurang:
      return {AtLeastPct({P::kKurang}, 60), AtLeastPct({P::kButuhPerbaikan}, 10),
              AtMostPct({P::kSangatBaik}, 10)};
    case OrgPredikat::kSangatKurang:
      return {AtLeastPct({P::kSangatKurang}, 60),
              AtLeastPct({P::kKurang, P::kButuhPerbaikan}, 10), AtMostPeople({P::kSangatBaik}, 0)};
  }
  return {};
}

BoundEvaluation EvaluateBound(const CurveBound& bound, const PredikatCounts& counts) {
  BoundEvaluation ev;
  ev.bound = bound;
  ev.total = counts.total();
  for (Predikat p : bound.predikat) ev.count += counts.Of(p);
  if (ev.total == 0) return ev;  // an empty unit breaches nothing
  ev.percent = 100.0 * ev.count / ev.total;
  const int64_t n = ev.total;
  const int64_t limit = bound.limit;
  if (bound.unit == BoundUnit::kPeople) {
    ev.limit_people = bound.limit;
  } else if (bound.op == BoundOp::kAtMost) {
    ev.limit_people = static_cast<int>(limit * n / 100);  // largest c with c*100 <= limit*n
  } else {
    ev.limit_people = static_cast<int>((limit * n + 99) / 100);  // smallest c with c*100 >= limit*n
  }
  if (bound.op == BoundOp::kAtMost) {
    ev.breach_people = ev.count > ev.limit_people ? ev.count - ev.limit_people : 0;
  } else {
    ev.breach_people = ev.count < ev.limit_people ? ev.limit_people - ev.count : 0;
  }
  ev.holds = ev.breach_people == 0;
  return ev;
}

CurveEvaluation EvaluateCurve(OrgPredikat organisation_predikat, const PredikatCounts& counts) {
  CurveEvaluation out;
  out.organisation_predikat = organisation_predikat;
  out.counts = counts;
  for (const CurveBound& b : CurveBounds(organisation_predikat)) {
    out.bounds.push_back(EvaluateBound(b, counts));
    out.all_hold = out.all_hold && out.bounds.back().holds;
  }
  return out;
}

}  // namespace kinerja::domain
