#include "domain/period.h"

#include <cstdio>
#include <tuple>

namespace kinerja::domain {
namespace {

constexpr int kMinYear = 2000;
constexpr int kMaxYear = 2100;

RuleViolation BadPeriod(std::string_view text) {
  return Violation(ViolationKind::kInvalid, "period.invalid",
                   "Periode tidak valid: '" + std::string(text) +
                       "' (contoh: 2026-01, 2026-Q1, 2026)",
                   "Invalid period: '" + std::string(text) + "' (e.g. 2026-01, 2026-Q1, 2026)");
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

Result<int> ParseYear(std::string_view text) {
  if (text.size() != 4 || !AllDigits(text)) {
    return Violation(ViolationKind::kInvalid, "year.invalid",
                     "Tahun tidak valid: '" + std::string(text) + "'",
                     "Invalid year: '" + std::string(text) + "'");
  }
  const int year = ToInt(text);
  auto status = CheckYear(year);
  if (!status.ok()) return status.error();
  return year;
}

Status CheckYear(int year) {
  if (year < kMinYear || year > kMaxYear) {
    return Violation(ViolationKind::kInvalid, "year.invalid",
                     "Tahun harus antara 2000 dan 2100", "The year must be between 2000 and 2100");
  }
  return OkStatus();
}

Result<Period> Period::Parse(std::string_view text) {
  if (text.size() < 4 || !AllDigits(text.substr(0, 4))) return BadPeriod(text);
  const int year = ToInt(text.substr(0, 4));
  if (year < kMinYear || year > kMaxYear) return BadPeriod(text);
  if (text.size() == 4) return Annual(year);
  if (text[4] != '-') return BadPeriod(text);
  const std::string_view rest = text.substr(5);
  if (rest.size() == 2 && AllDigits(rest)) {
    const int month = ToInt(rest);
    if (month < 1 || month > 12) return BadPeriod(text);
    return Month(year, month);
  }
  if (rest.size() == 2 && rest[0] == 'Q' && rest[1] >= '1' && rest[1] <= '4') {
    return Quarter(year, rest[1] - '0');
  }
  return BadPeriod(text);
}

Period Period::Month(int year, int month) {
  Period p;
  p.kind_ = PeriodKind::kMonthly;
  p.year_ = year;
  p.index_ = month;
  return p;
}

Period Period::Quarter(int year, int quarter) {
  Period p;
  p.kind_ = PeriodKind::kQuarterly;
  p.year_ = year;
  p.index_ = quarter;
  return p;
}

Period Period::Annual(int year) {
  Period p;
  p.kind_ = PeriodKind::kAnnual;
  p.year_ = year;
  p.index_ = 0;
  return p;
}

Date Period::first_day() const {
  int month = 1;
  if (kind_ == PeriodKind::kMonthly) month = index_;
  if (kind_ == PeriodKind::kQuarterly) month = (index_ - 1) * 3 + 1;
  Date d;
  Date::FromYmd(year_, month, 1, &d);
  return d;
}

Date Period::last_day() const {
  int month = 12;
  if (kind_ == PeriodKind::kMonthly) month = index_;
  if (kind_ == PeriodKind::kQuarterly) month = index_ * 3;
  Date d;
  Date::FromYmd(year_, month, DaysInMonth(year_, month), &d);
  return d;
}

std::string Period::ToString() const {
  char buf[40];
  switch (kind_) {
    case PeriodKind::kMonthly:
      std::snprintf(buf, sizeof buf, "%04d-%02d", year_, index_);
      break;
    case PeriodKind::kQuarterly:
      std::snprintf(buf, sizeof buf, "%04d-Q%d", year_, index_);
      break;
    case PeriodKind::kAnnual:
      std::snprintf(buf, sizeof buf, "%04d", year_);
      break;
  }
  return buf;
}

bool operator<(const Period& a, const Period& b) {
  auto key = [](const Period& p) {
    return std::make_tuple(p.year_, p.kind_ == PeriodKind::kAnnual ? 1 : 0,
                           static_cast<int>(p.kind_), p.index_);
  };
  return key(a) < key(b);
}

}  // namespace kinerja::domain
