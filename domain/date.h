// Calendar dates and UTC instants. The domain never reads a clock: time arrives with the command
// as a Timestamp, and rules that speak of days use Date. Plain values; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/result.h"

namespace kinerja::domain {

// A proleptic Gregorian calendar date, stored as days since 1970-01-01.
class Date {
 public:
  Date() = default;
  // Returns a violation for anything but a real YYYY-MM-DD date with year 1900..9999.
  static Result<Date> Parse(std::string_view text);
  // Returns false (and leaves *out untouched) if y-m-d is not a real calendar date.
  static bool FromYmd(int year, int month, int day, Date* out);
  static Date FromDays(int64_t days_since_epoch) { return Date(days_since_epoch); }

  int year() const;
  int month() const;
  int day() const;
  int64_t days_since_epoch() const { return days_; }
  Date AddDays(int64_t n) const { return Date(days_ + n); }
  // Same day of month `years` later; 29 Feb maps to 28 Feb in a non-leap year.
  Date AddYears(int years) const;
  std::string ToString() const;  // YYYY-MM-DD

  friend bool operator==(Date a, Date b) { return a.days_ == b.days_; }
  friend bool operator!=(Date a, Date b) { return a.days_ != b.days_; }
  friend bool operator<(Date a, Date b) { return a.days_ < b.days_; }
  friend bool operator<=(Date a, Date b) { return a.days_ <= b.days_; }
  friend bool operator>(Date a, Date b) { return a.days_ > b.days_; }
  friend bool operator>=(Date a, Date b) { return a.days_ >= b.days_; }
  friend int64_t DaysBetween(Date from, Date to) { return to.days_ - from.days_; }

 private:
  explicit Date(int64_t days) : days_(days) {}
  int64_t days_ = 0;
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);  // REQUIRES: 1 <= month <= 12

// An instant in UTC, microseconds since the Unix epoch.
struct Timestamp {
  int64_t micros = 0;
  Date date() const;  // the UTC calendar date of this instant
  static Timestamp FromDate(Date d) { return Timestamp{d.days_since_epoch() * 86400LL * 1000000LL}; }
  // RFC 3339 in UTC with microseconds, e.g. 2026-03-01T08:00:00.000000Z.
  std::string ToRfc3339() const;
  // Accepts RFC 3339 with 'Z' or a numeric offset, optional fraction (up to 9 digits).
  static Result<Timestamp> ParseRfc3339(std::string_view text);
  friend bool operator==(Timestamp a, Timestamp b) { return a.micros == b.micros; }
  friend bool operator!=(Timestamp a, Timestamp b) { return a.micros != b.micros; }
  friend bool operator<(Timestamp a, Timestamp b) { return a.micros < b.micros; }
  friend bool operator<=(Timestamp a, Timestamp b) { return a.micros <= b.micros; }
};

}  // namespace kinerja::domain
