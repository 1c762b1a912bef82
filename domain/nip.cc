#include "domain/nip.h"

namespace kinerja::domain {
namespace {

RuleViolation BadNip(std::string_view text, const std::string& why_id, const std::string& why_en) {
  return Violation(ViolationKind::kInvalid, "nip.invalid",
                   "NIP/NI '" + std::string(text) + "' tidak valid: " + why_id,
                   "NIP/NI '" + std::string(text) + "' is invalid: " + why_en);
}

int Digits(std::string_view s, size_t pos, size_t n) {
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

}  // namespace

Result<EmployeeStatus> ParseEmployeeStatus(std::string_view text) {
  if (text == "PNS") return EmployeeStatus::kPns;
  if (text == "PPPK") return EmployeeStatus::kPppk;
  return Violation(ViolationKind::kInvalid, "status.invalid",
                   "Status kepegawaian harus PNS atau PPPK", "Employee status must be PNS or PPPK");
}

const char* ToString(EmployeeStatus status) {
  return status == EmployeeStatus::kPns ? "PNS" : "PPPK";
}

Result<Nip> Nip::Parse(std::string_view text, EmployeeStatus status) {
  if (text.size() != 18) {
    return BadNip(text, "harus 18 digit", "must be 18 digits");
  }
  for (char c : text) {
    if (c < '0' || c > '9') return BadNip(text, "hanya boleh angka", "must contain only digits");
  }
  Nip nip;
  if (!Date::FromYmd(Digits(text, 0, 4), Digits(text, 4, 2), Digits(text, 6, 2),
                     &nip.birth_date_) ||
      nip.birth_date_.year() < 1900) {
    return BadNip(text, "tanggal lahir tidak valid", "the birth date is not a real date");
  }
  nip.tmt_year_ = Digits(text, 8, 4);
  nip.tmt_month_ = Digits(text, 12, 2);
  const bool pppk_code = status == EmployeeStatus::kPppk && nip.tmt_month_ == 21;
  if (nip.tmt_year_ < 1900 || (!pppk_code && (nip.tmt_month_ < 1 || nip.tmt_month_ > 12))) {
    return BadNip(text, "TMT (tahun/bulan pengangkatan) tidak valid",
                  "the appointment (TMT) year/month is not valid");
  }
  // The appointment month must not precede the month of the 18th birthday.
  const Date adult = nip.birth_date_.AddYears(18);
  const int tmt_month_for_check = pppk_code ? 12 : nip.tmt_month_;
  if (nip.tmt_year_ * 12 + tmt_month_for_check < adult.year() * 12 + adult.month()) {
    return BadNip(text, "TMT sebelum usia 18 tahun", "the TMT is before the 18th birthday");
  }
  const int gender = text[14] - '0';
  if (gender != 1 && gender != 2) {
    return BadNip(text, "digit jenis kelamin harus 1 atau 2", "the gender digit must be 1 or 2");
  }
  nip.gender_ = gender == 1 ? Gender::kMale : Gender::kFemale;
  nip.sequence_ = Digits(text, 15, 3);
  if (nip.sequence_ == 0) {
    return BadNip(text, "nomor urut harus 001 atau lebih", "the sequence must be 001 or more");
  }
  nip.digits_ = std::string(text);
  return nip;
}

Result<Nip> Nip::ParseAny(std::string_view text) {
  auto pns = Parse(text, EmployeeStatus::kPns);
  if (pns.ok()) return pns;
  auto pppk = Parse(text, EmployeeStatus::kPppk);
  if (pppk.ok()) return pppk;
  return pns;
}

}  // namespace kinerja::domain
