// NIP (Nomor Induk Pegawai, PNS) and NI (Nomor Induk PPPK): 18-digit identifiers with structure.
//
//   digits 1-8   birth date YYYYMMDD (a real calendar date)
//   digits 9-14  TMT (appointment) YYYYMM; for PNS the CPNS TMT, month 01..12. For PPPK the NI
//                carries the appointment year and month 01..12, or the PPPK code 21 in place of
//                the month (as BKN issues them). TMT is never before the 18th birthday.
//   digit 15     gender: 1 male, 2 female
//   digits 16-18 sequence, 001..999
// Plain value; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "domain/date.h"
#include "domain/result.h"

namespace kinerja::domain {

enum class EmployeeStatus { kPns, kPppk };
Result<EmployeeStatus> ParseEmployeeStatus(std::string_view text);  // "PNS" | "PPPK"
const char* ToString(EmployeeStatus status);

enum class Gender { kMale, kFemale };

class Nip {
 public:
  Nip() = default;
  // Validates structure for the given status (PNS NIP or PPPK NI).
  static Result<Nip> Parse(std::string_view text, EmployeeStatus status);
  // Validates as either kind: accepted if it is a valid PNS NIP or a valid PPPK NI.
  static Result<Nip> ParseAny(std::string_view text);

  const std::string& str() const { return digits_; }
  Date birth_date() const { return birth_date_; }
  int tmt_year() const { return tmt_year_; }
  int tmt_month() const { return tmt_month_; }  // 21 for the PPPK code
  Gender gender() const { return gender_; }
  int sequence() const { return sequence_; }

  friend bool operator==(const Nip& a, const Nip& b) { return a.digits_ == b.digits_; }
  friend bool operator!=(const Nip& a, const Nip& b) { return a.digits_ != b.digits_; }
  friend bool operator<(const Nip& a, const Nip& b) { return a.digits_ < b.digits_; }

 private:
  std::string digits_;
  Date birth_date_;
  int tmt_year_ = 0;
  int tmt_month_ = 0;
  Gender gender_ = Gender::kMale;
  int sequence_ = 0;
};

}  // namespace kinerja::domain
