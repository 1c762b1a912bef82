// Query parameters of the audit API, parsed strictly: a bad value is a 400 problem naming the
// parameter (code "invalid_query"), never a silent default.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "api/http/problem.h"
#include "eventstore/types.h"

namespace kinerja::app {

// A decimal integer in [min, max] (no sign, no spaces); nullopt input -> `fallback`.
http::Result<uint64_t> ParseUintParam(const char* name, const std::optional<std::string>& text,
                                      uint64_t fallback, uint64_t min, uint64_t max);
// An RFC 3339 time (Z or offset, optional fraction) -> microseconds since the epoch, UTC.
http::Result<int64_t> ParseTimeParam(const char* name, const std::string& text);

// ?asOf=: a log position (digits only: 0 = before the first event) or an RFC 3339 time
// (inclusive: an event recorded exactly then is admitted). Absent: no bound.
http::Result<eventstore::AsOf> ParseAsOfParam(const std::optional<std::string>& text);

}  // namespace kinerja::app
