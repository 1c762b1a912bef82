#include "api/app/error_mapping.h"

#include <string>

namespace kinerja::app {

http::Problem ProblemFromViolation(const domain::RuleViolation& v) {
  http::ErrorCategory category = http::ErrorCategory::kBusinessRule;
  switch (v.kind) {
    case domain::ViolationKind::kInvalid: category = http::ErrorCategory::kInvalidInput; break;
    case domain::ViolationKind::kNotFound: category = http::ErrorCategory::kNotFound; break;
    case domain::ViolationKind::kForbidden: category = http::ErrorCategory::kForbidden; break;
    case domain::ViolationKind::kConflict: category = http::ErrorCategory::kConflict; break;
    case domain::ViolationKind::kRefused: category = http::ErrorCategory::kBusinessRule; break;
  }
  http::Problem p = http::Problem::Make(category, v.code, v.message_id);
  p.WithString("detailEn", v.message_en);
  return p;
}

http::Problem ProblemFromStore(const eventstore::Status& s) {
  using eventstore::StatusCode;
  switch (s.code()) {
    case StatusCode::kWrongExpectedVersion:
      return http::Problem::Make(http::ErrorCategory::kConflict, "concurrency.conflict",
                                 "Another change was recorded first; reload and try again.")
          .With("actualVersion", std::to_string(s.actual_version()));
    case StatusCode::kIdempotencyMismatch:
      return http::Problem::Make(http::ErrorCategory::kBusinessRule, "idempotency.key_reused",
                                 "This Idempotency-Key was already used with a different request.");
    case StatusCode::kUnavailable:
    case StatusCode::kIOError:
      return http::Problem::Make(http::ErrorCategory::kUnavailable, "storage.unavailable",
                                 "Storage is unavailable; nothing was recorded. Retry later.");
    case StatusCode::kNotFound:
      return http::Problem::Make(http::ErrorCategory::kNotFound, "not_found", "Not found.");
    case StatusCode::kInvalidArgument:
      return http::Problem::Make(http::ErrorCategory::kInvalidInput, "invalid_argument",
                                 "The request could not be stored as given.");
    case StatusCode::kOk:
    case StatusCode::kCorruption:
    case StatusCode::kUnsupportedFormat:
      break;
  }
  return http::Problem::Internal();
}

}  // namespace kinerja::app
