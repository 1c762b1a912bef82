// An appraisal period: a month ("2026-01".."2026-12"), a quarter ("2026-Q1".."2026-Q4") or the
// year ("2026"). Plain value; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "domain/date.h"
#include "domain/result.h"

namespace kinerja::domain {

enum class PeriodKind { kMonthly, kQuarterly, kAnnual };

class Period {
 public:
  Period() = default;
  static Result<Period> Parse(std::string_view text);  // years 2000..2100
  static Period Month(int year, int month);             // REQUIRES: 1 <= month <= 12
  static Period Quarter(int year, int quarter);         // REQUIRES: 1 <= quarter <= 4
  static Period Annual(int year);

  PeriodKind kind() const { return kind_; }
  int year() const { return year_; }
  int index() const { return index_; }  // month 1..12, quarter 1..4, 0 for the year
  bool is_annual() const { return kind_ == PeriodKind::kAnnual; }
  Date first_day() const;
  Date last_day() const;
  bool Contains(Date d) const { return first_day() <= d && d <= last_day(); }
  std::string ToString() const;

  friend bool operator==(const Period& a, const Period& b) {
    return a.kind_ == b.kind_ && a.year_ == b.year_ && a.index_ == b.index_;
  }
  friend bool operator!=(const Period& a, const Period& b) { return !(a == b); }
  // Orders by year, then annual after its months/quarters, then kind, then index.
  friend bool operator<(const Period& a, const Period& b);

 private:
  PeriodKind kind_ = PeriodKind::kAnnual;
  int year_ = 0;
  int index_ = 0;
};

// A year as used in paths and bodies (SKP year, JP year): 2000..2100.
Result<int> ParseYear(std::string_view text);
Status CheckYear(int year);

}  // namespace kinerja::domain
