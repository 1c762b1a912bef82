#include "domain/date.h"

#include <cstdio>

namespace kinerja::domain {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned dd = doy - (153 * mp + 2) / 5 + 1;
  const unsigned mm = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int>(yy + (mm <= 2));
  *m = static_cast<int>(mm);
  *d = static_cast<int>(dd);
}

bool ParseDigits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

RuleViolation BadDate(std::string_view text) {
  return Violation(ViolationKind::kInvalid, "date.invalid",
                   "Tanggal tidak valid (format YYYY-MM-DD): '" + std::string(text) + "'",
                   "Invalid date (expected YYYY-MM-DD): '" + std::string(text) + "'");
}

RuleViolation BadTime(std::string_view text) {
  return Violation(ViolationKind::kInvalid, "time.invalid",
                   "Waktu tidak valid (format RFC 3339): '" + std::string(text) + "'",
                   "Invalid time (expected RFC 3339): '" + std::string(text) + "'");
}

constexpr int64_t kMicrosPerDay = 86400LL * 1000000LL;

}  // namespace

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

bool Date::FromYmd(int year, int month, int day, Date* out) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  if (day > DaysInMonth(year, month)) return false;
  *out = Date(DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)));
  return true;
}

Result<Date> Date::Parse(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !ParseDigits(text, 0, 4, &y) ||
      !ParseDigits(text, 5, 2, &m) || !ParseDigits(text, 8, 2, &d) || y < 1900) {
    return BadDate(text);
  }
  Date out;
  if (!FromYmd(y, m, d, &out)) return BadDate(text);
  return out;
}

int Date::year() const { int y, m, d; CivilFromDays(days_, &y, &m, &d); return y; }
int Date::month() const { int y, m, d; CivilFromDays(days_, &y, &m, &d); return m; }
int Date::day() const { int y, m, d; CivilFromDays(days_, &y, &m, &d); return d; }

Date Date::AddYears(int years) const {
  int y, m, d;
  CivilFromDays(days_, &y, &m, &d);
  y += years;
  if (m == 2 && d == 29 && !IsLeapYear(y)) d = 28;
  return Date(DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
}

std::string Date::ToString() const {
  int y, m, d;
  CivilFromDays(days_, &y, &m, &d);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

Date Timestamp::date() const {
  int64_t days = micros / kMicrosPerDay;
  if (micros % kMicrosPerDay < 0) --days;
  return Date::FromDays(days);
}

std::string Timestamp::ToRfc3339() const {
  const Date d = date();
  int64_t in_day = micros - d.days_since_epoch() * kMicrosPerDay;
  const int64_t secs = in_day / 1000000;
  const int64_t frac = in_day % 1000000;
  char buf[96];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d.%06dZ", d.ToString().c_str(),
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                static_cast<int>(secs % 60), static_cast<int>(frac));
  return buf;
}

Result<Timestamp> Timestamp::ParseRfc3339(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)
  if (text.size() < 20) return BadTime(text);
  auto date = Date::Parse(text.substr(0, 10));
  if (!date.ok() || (text[10] != 'T' && text[10] != 't')) return BadTime(text);
  int hh = 0, mm = 0, ss = 0;
  if (!ParseDigits(text, 11, 2, &hh) || text[13] != ':' || !ParseDigits(text, 14, 2, &mm) ||
      text[16] != ':' || !ParseDigits(text, 17, 2, &ss) || hh > 23 || mm > 59 || ss > 59) {
    return BadTime(text);
  }
  size_t pos = 19;
  int64_t frac_micros = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    size_t digits = 0;
    int64_t scale = 100000;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 6) {
        frac_micros += (text[pos] - '0') * scale;
        scale /= 10;
      }
      ++digits;
      ++pos;
    }
    if (digits == 0 || digits > 9) return BadTime(text);
  }
  int64_t offset_secs = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int oh = 0, om = 0;
    if (!ParseDigits(text, pos + 1, 2, &oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !ParseDigits(text, pos + 4, 2, &om) || oh > 23 || om > 59) {
      return BadTime(text);
    }
    offset_secs = (oh * 3600 + om * 60) * (text[pos] == '+' ? 1 : -1);
    pos += 6;
  } else {
    return BadTime(text);
  }
  if (pos != text.size()) return BadTime(text);
  const int64_t secs = date.value().days_since_epoch() * 86400LL + hh * 3600 + mm * 60 + ss -
                       offset_secs;
  return Timestamp{secs * 1000000LL + frac_micros};
}

}  // namespace kinerja::domain
