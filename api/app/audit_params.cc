#include "api/app/audit_params.h"

#include <limits>

#include "domain/date.h"

namespace kinerja::app {
namespace {

http::Problem Invalid(const char* name, const std::string& detail) {
  return http::Problem::InvalidInput("invalid_query", detail).WithString("parameter", name);
}

bool AllDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// False on overflow.
bool ToUint64(const std::string& digits, uint64_t* out) {
  uint64_t v = 0;
  for (char c : digits) {
    const uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (std::numeric_limits<uint64_t>::max() - d) / 10) return false;
    v = v * 10 + d;
  }
  *out = v;
  return true;
}

}  // namespace

http::Result<uint64_t> ParseUintParam(const char* name, const std::optional<std::string>& text,
                                      uint64_t fallback, uint64_t min, uint64_t max) {
  if (!text) return fallback;
  uint64_t v = 0;
  if (!AllDigits(*text) || !ToUint64(*text, &v) || v < min || v > max) {
    return Invalid(name, std::string("The parameter ") + name + " must be a whole number from " +
                             std::to_string(min) + " to " + std::to_string(max) + ".");
  }
  return v;
}

http::Result<int64_t> ParseTimeParam(const char* name, const std::string& text) {
  auto t = domain::Timestamp::ParseRfc3339(text);
  if (!t.ok()) {
    return Invalid(name, std::string("The parameter ") + name +
                             " must be an RFC 3339 time, e.g. 2026-06-30T23:59:59Z.");
  }
  return t.value().micros;
}

http::Result<eventstore::AsOf> ParseAsOfParam(const std::optional<std::string>& text) {
  eventstore::AsOf as_of;
  if (!text) return as_of;
  if (AllDigits(*text)) {
    uint64_t position = 0;
    if (!ToUint64(*text, &position)) {
      return Invalid("asOf", "The parameter asOf is a log position too large to exist.");
    }
    as_of.position = position;
    return as_of;
  }
  auto t = domain::Timestamp::ParseRfc3339(*text);
  if (!t.ok()) {
    return Invalid("asOf",
                   "The parameter asOf must be a log position (a whole number) or an RFC 3339 "
                   "time, e.g. 2026-06-30T23:59:59Z.");
  }
  as_of.recorded_at = t.value().micros;
  return as_of;
}

}  // namespace kinerja::app
