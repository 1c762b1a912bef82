// Distribution curve: every bound of every organisation predikat, for units of 1..10 people and
// large units, with the breach in people computed by hand in the comments.
#include "domain/curve.h"

#include <gtest/gtest.h>

#include <vector>

namespace kinerja::domain {
namespace {

using P = Predikat;

PredikatCounts Counts(int sangat_baik, int baik, int butuh_perbaikan, int kurang,
                      int sangat_kurang) {
  PredikatCounts c;
  c.Add(P::kSangatBaik, sangat_baik);
  c.Add(P::kBaik, baik);
  c.Add(P::kButuhPerbaikan, butuh_perbaikan);
  c.Add(P::kKurang, kurang);
  c.Add(P::kSangatKurang, sangat_kurang);
  return c;
}

// Hand tables for n = 1..10 (index n-1):
//   floor(70% n): 0 1 2 2 3 4 4 5 6 7      ceil(60% n): 1 2 2 3 3 4 5 5 6 6
//   floor(10% n): 0 0 0 0 0 0 0 0 0 1      ceil(10% n): 1 1 1 1 1 1 1 1 1 1
const int kAtMost70[] = {0, 1, 2, 2, 3, 4, 4, 5, 6, 7};
const int kAtLeast60[] = {1, 2, 2, 3, 3, 4, 5, 5, 6, 6};
const int kAtMost10[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

void ExpectBound(const BoundEvaluation& b, int count, int limit_people, int breach) {
  EXPECT_EQ(b.count, count) << b.bound.Describe() << " n=" << b.total;
  EXPECT_EQ(b.limit_people, limit_people) << b.bound.Describe() << " n=" << b.total;
  EXPECT_EQ(b.breach_people, breach) << b.bound.Describe() << " n=" << b.total;
  EXPECT_EQ(b.holds, breach == 0) << b.bound.Describe() << " n=" << b.total;
}

TEST(Curve, BoundsAreTheDesignsBounds) {
  auto describe = [](OrgPredikat o) {
    std::vector<std::string> out;
    for (const auto& b : CurveBounds(o)) out.push_back(b.Describe());
    return out;
  };
  EXPECT_EQ(describe(OrgPredikat::kIstimewa), std::vector<std::string>{"SANGAT_BAIK <= 70%"});
  EXPECT_EQ(describe(OrgPredikat::kBaik),
            (std::vector<std::string>{"BAIK <= 70%", "BUTUH_PERBAIKAN+KURANG >= 1"}));
  EXPECT_EQ(describe(OrgPredikat::kButuhPerbaikan),
            (std::vector<std::string>{"BUTUH_PERBAIKAN >= 60%", "SANGAT_BAIK <= 10%"}));
  EXPECT_EQ(describe(OrgPredikat::kKurang),
            (std::vector<std::string>{"KURANG >= 60%", "BUTUH_PERBAIKAN >= 10%",
                                      "SANGAT_BAIK <= 10%"}));
  EXPECT_EQ(describe(OrgPredikat::kSangatKurang),
            (std::vector<std::string>{"SANGAT_KURANG >= 60%", "KURANG+BUTUH_PERBAIKAN >= 10%",
                                      "no SANGAT_BAIK"}));
}

TEST(Curve, AnEmptyUnitBreachesNothing) {
  for (OrgPredikat o : {OrgPredikat::kIstimewa, OrgPredikat::kBaik, OrgPredikat::kButuhPerbaikan,
                        OrgPredikat::kKurang, OrgPredikat::kSangatKurang}) {
    CurveEvaluation ev = EvaluateCurve(o, PredikatCounts{});
    EXPECT_TRUE(ev.all_hold);
    for (const auto& b : ev.bounds) {
      EXPECT_TRUE(b.holds);
      EXPECT_EQ(b.breach_people, 0);
      EXPECT_EQ(b.percent, 0);
    }
  }
}

TEST(Curve, IstimewaAtSizes1To10) {
  for (int n = 1; n <= 10; ++n) {
    // Everyone SANGAT_BAIK: breached by n - floor(70% n) (1 1 1 2 2 2 3 3 3 3).
    auto all = EvaluateCurve(OrgPredikat::kIstimewa, Counts(n, 0, 0, 0, 0));
    ExpectBound(all.bounds[0], n, kAtMost70[n - 1], n - kAtMost70[n - 1]);
    EXPECT_FALSE(all.all_hold);
    // Exactly floor(70% n) SANGAT_BAIK, the rest BAIK: holds.
    const int sb = kAtMost70[n - 1];
    auto edge = EvaluateCurve(OrgPredikat::kIstimewa, Counts(sb, n - sb, 0, 0, 0));
    ExpectBound(edge.bounds[0], sb, sb, 0);
    EXPECT_TRUE(edge.all_hold);
  }
  const int expected[] = {1, 1, 1, 2, 2, 2, 3, 3, 3, 3};
  for (int n = 1; n <= 10; ++n) {
    EXPECT_EQ(EvaluateCurve(OrgPredikat::kIstimewa, Counts(n, 0, 0, 0, 0)).bounds[0].breach_people,
              expected[n - 1]);
  }
}

TEST(Curve, IstimewaAtTheExactSeventyPercentEdge) {
  // 7 of 10 is exactly 70%: holds; 8 of 10 breaches by one; 2 of 3 (66.7%) holds.
  ExpectBound(EvaluateCurve(OrgPredikat::kIstimewa, Counts(7, 3, 0, 0, 0)).bounds[0], 7, 7, 0);
  ExpectBound(EvaluateCurve(OrgPredikat::kIstimewa, Counts(8, 2, 0, 0, 0)).bounds[0], 8, 7, 1);
  ExpectBound(EvaluateCurve(OrgPredikat::kIstimewa, Counts(2, 1, 0, 0, 0)).bounds[0], 2, 2, 0);
  EXPECT_DOUBLE_EQ(
      EvaluateCurve(OrgPredikat::kIstimewa, Counts(7, 3, 0, 0, 0)).bounds[0].percent, 70.0);
}

TEST(Curve, BaikAtSizes1To10) {
  for (int n = 1; n <= 10; ++n) {
    // Everyone BAIK: BAIK <= 70% breached by n - floor(70% n); "at least one BP or K" by 1.
    auto all = EvaluateCurve(OrgPredikat::kBaik, Counts(0, n, 0, 0, 0));
    ExpectBound(all.bounds[0], n, kAtMost70[n - 1], n - kAtMost70[n - 1]);
    ExpectBound(all.bounds[1], 0, 1, 1);
    // One KURANG, the rest BAIK: the second bound holds; the first holds iff n-1 <= floor(70% n).
    auto one = EvaluateCurve(OrgPredikat::kBaik, Counts(0, n - 1, 0, 1, 0));
    const int over = (n - 1) - kAtMost70[n - 1];
    ExpectBound(one.bounds[0], n - 1, kAtMost70[n - 1], over > 0 ? over : 0);
    ExpectBound(one.bounds[1], 1, 1, 0);
  }
  // n = 1 with one BUTUH_PERBAIKAN: both hold (0 BAIK, one BP).
  EXPECT_TRUE(EvaluateCurve(OrgPredikat::kBaik, Counts(0, 0, 1, 0, 0)).all_hold);
  // n = 10: 7 BAIK, 2 SANGAT_BAIK, 1 BUTUH_PERBAIKAN: both hold.
  EXPECT_TRUE(EvaluateCurve(OrgPredikat::kBaik, Counts(2, 7, 1, 0, 0)).all_hold);
}

TEST(Curve, ButuhPerbaikanAtSizes1To10) {
  for (int n = 1; n <= 10; ++n) {
    // Everyone SANGAT_BAIK: BP >= 60% short by ceil(60% n); SB <= 10% over by n - floor(10% n).
    auto all = EvaluateCurve(OrgPredikat::kButuhPerbaikan, Counts(n, 0, 0, 0, 0));
    ExpectBound(all.bounds[0], 0, kAtLeast60[n - 1], kAtLeast60[n - 1]);
    ExpectBound(all.bounds[1], n, kAtMost10[n - 1], n - kAtMost10[n - 1]);
    // Exactly ceil(60% n) BUTUH_PERBAIKAN, the rest BAIK: holds.
    const int bp = kAtLeast60[n - 1];
    EXPECT_TRUE(EvaluateCurve(OrgPredikat::kButuhPerbaikan, Counts(0, n - bp, bp, 0, 0)).all_hold)
        << n;
    // One fewer: short by one.
    auto fewer = EvaluateCurve(OrgPredikat::kButuhPerbaikan, Counts(0, n - bp + 1, bp - 1, 0, 0));
    ExpectBound(fewer.bounds[0], bp - 1, bp, 1);
  }
  // 6 of 10 is exactly 60%: holds; 1 SANGAT_BAIK of 10 is exactly 10%: holds; 2 breach by one.
  EXPECT_TRUE(EvaluateCurve(OrgPredikat::kButuhPerbaikan, Counts(1, 3, 6, 0, 0)).all_hold);
  ExpectBound(EvaluateCurve(OrgPredikat::kButuhPerbaikan, Counts(2, 2, 6, 0, 0)).bounds[1], 2, 1,
              1);
}

TEST(Curve, KurangAtSizes1To10) {
  for (int n = 1; n <= 10; ++n) {
    // Everyone BAIK: K >= 60% short by ceil(60% n); BP >= 10% short by 1; SB <= 10% holds.
    auto all = EvaluateCurve(OrgPredikat::kKurang, Counts(0, n, 0, 0, 0));
    ExpectBound(all.bounds[0], 0, kAtLeast60[n - 1], kAtLeast60[n - 1]);
    ExpectBound(all.bounds[1], 0, 1, 1);
    ExpectBound(all.bounds[2], 0, kAtMost10[n - 1], 0);
  }
  // n = 1: the two "at least" bounds cannot both hold; each is reported on its own.
  auto one = EvaluateCurve(OrgPredikat::kKurang, Counts(0, 0, 0, 1, 0));
  ExpectBound(one.bounds[0], 1, 1, 0);
  ExpectBound(one.bounds[1], 0, 1, 1);
  // n = 10: 6 K, 1 BP, 1 SB, 2 BAIK: every bound holds at its edge.
  EXPECT_TRUE(EvaluateCurve(OrgPredikat::kKurang, Counts(1, 2, 1, 6, 0)).all_hold);
}

TEST(Curve, SangatKurangAtSizes1To10) {
  for (int n = 1; n <= 10; ++n) {
    // One SANGAT_BAIK, the rest SANGAT_KURANG:
    //   SK >= 60%: n-1 against ceil(60% n): short by 1 at n = 1 and 2, holds from n = 3;
    //   K+BP >= 10%: short by 1; no SANGAT_BAIK: over by 1.
    auto ev = EvaluateCurve(OrgPredikat::kSangatKurang, Counts(1, 0, 0, 0, n - 1));
    ExpectBound(ev.bounds[0], n - 1, kAtLeast60[n - 1], n <= 2 ? 1 : 0);
    ExpectBound(ev.bounds[1], 0, 1, 1);
    ExpectBound(ev.bounds[2], 1, 0, 1);
    EXPECT_FALSE(ev.all_hold);
  }
  // n = 10: 6 SK, 1 K, 3 BAIK: all hold.
  EXPECT_TRUE(EvaluateCurve(OrgPredikat::kSangatKurang, Counts(0, 3, 0, 1, 6)).all_hold);
}

TEST(Curve, LargeUnitsCountedByHand) {
  // n = 1000, ISTIMEWA, 712 SANGAT_BAIK: 70% of 1000 = 700 allowed, breached by 12.
  ExpectBound(EvaluateCurve(OrgPredikat::kIstimewa, Counts(712, 288, 0, 0, 0)).bounds[0], 712,
              700, 12);
  // n = 1234, KURANG, with SB 200, BAIK 234, BP 100, K 700:
  //   K >= 60%: ceil(740.4) = 741, short by 41; BP >= 10%: ceil(123.4) = 124, short by 24;
  //   SB <= 10%: floor(123.4) = 123, over by 77.
  auto k = EvaluateCurve(OrgPredikat::kKurang, Counts(200, 234, 100, 700, 0));
  ASSERT_EQ(k.counts.total(), 1234);
  ExpectBound(k.bounds[0], 700, 741, 41);
  ExpectBound(k.bounds[1], 100, 124, 24);
  ExpectBound(k.bounds[2], 200, 123, 77);
  // n = 7350 (the city), BAIK: 5200 BAIK > floor(5145) by 55; 10 BP/K hold the second bound.
  auto b = EvaluateCurve(OrgPredikat::kBaik, Counts(2140, 5200, 6, 4, 0));
  ExpectBound(b.bounds[0], 5200, 5145, 55);
  ExpectBound(b.bounds[1], 10, 1, 0);
  // 70 * n beyond INT_MAX: 40,000,000 people, 28,000,001 SANGAT_BAIK: over by 1.
  ExpectBound(
      EvaluateCurve(OrgPredikat::kIstimewa, Counts(28000001, 11999999, 0, 0, 0)).bounds[0],
      28000001, 28000000, 1);
}

}  // namespace
}  // namespace kinerja::domain
