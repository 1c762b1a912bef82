// The one place where the domain's rule violations and the event store's statuses become HTTP
// problems (the category decides the status in api/http/problem.cc). Pure; thread-safe.
#pragma once

#include "api/http/problem.h"
#include "domain/result.h"
#include "eventstore/status.h"

namespace kinerja::app {

// kInvalid 400, kNotFound 404, kForbidden 403, kConflict 409, kRefused 422. The problem carries
// the stable code, `detail` in Indonesian (the users' language) and `detailEn` in English.
http::Problem ProblemFromViolation(const domain::RuleViolation& violation);

// kWrongExpectedVersion 409 (with the actual version), kIdempotencyMismatch 422,
// kUnavailable/kIOError 503, kNotFound 404, kInvalidArgument 400, anything else 500 (no internals).
http::Problem ProblemFromStore(const eventstore::Status& status);

}  // namespace kinerja::app
