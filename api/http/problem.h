// RFC 9457 problem details and the ONE mapping from an error category to an HTTP status.
//
// Every error that leaves the API is a Problem: a category (which decides the status), a stable
// machine-readable `code`, a human `title`/`detail` and optional extra members (already-encoded
// JSON values). The domain's rule violations and the event store's statuses are mapped into
// ErrorCategory by the route layer; nothing else decides a status code.
//
// Thread-safety: plain values; distinct objects may be used from any thread.
#ifndef KINERJA_API_HTTP_PROBLEM_H_
#define KINERJA_API_HTTP_PROBLEM_H_

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace kinerja::http {

enum class ErrorCategory {
  kInvalidInput,          // 400: malformed JSON, wrong types, missing fields, invalid values
  kUnauthenticated,       // 401: no/invalid bearer token (adds WWW-Authenticate: Bearer)
  kForbidden,             // 403: authenticated but not allowed
  kNotFound,              // 404: unknown route or resource
  kMethodNotAllowed,      // 405: known path, other method (adds Allow)
  kConflict,              // 409: state conflict (concurrent append lost, wrong state)
  kPreconditionFailed,    // 412: If-Match did not match
  kPayloadTooLarge,       // 413: body above --max-body-bytes
  kUnsupportedMediaType,  // 415: a body that is not application/json
  kBusinessRule,          // 422: the decider refuses it (a rule of the domain)
  kTooManyRequests,       // 429
  kUnavailable,           // 503: storage unavailable, draining
  kInternal,              // 500: a bug; never shows internals
};

// The single category -> status mapping.
int HttpStatusFor(ErrorCategory category);
// The reason phrase used as default title ("Not Found", ...).
const char* ReasonPhrase(int status);

struct Problem {
  ErrorCategory category = ErrorCategory::kInternal;
  std::string code;    // stable string, e.g. "invalid_json", "skp.not_submitted"
  std::string detail;  // sentence for humans; never internals
  std::string title;   // default: the reason phrase of the status
  std::string type;    // default: "about:blank"
  // Extra members: name -> already-encoded JSON value (e.g. {"pointer", "\"/nip\""}).
  std::vector<std::pair<std::string, std::string>> extra;

  int status() const { return HttpStatusFor(category); }
  Problem& With(std::string name, std::string encoded_json_value);
  Problem& WithString(std::string name, std::string_view value);
  // application/problem+json body.
  std::string ToJson() const;

  static Problem Make(ErrorCategory category, std::string code, std::string detail);
  static Problem InvalidInput(std::string code, std::string detail) {
    return Make(ErrorCategory::kInvalidInput, std::move(code), std::move(detail));
  }
  static Problem Internal() {
    return Make(ErrorCategory::kInternal, "internal", "The server could not complete the request.");
  }
};

// A value or a Problem. [[nodiscard]] so a failure is never dropped silently.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Problem problem) : v_(std::move(problem)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  const Problem& problem() const { return std::get<1>(v_); }

 private:
  std::variant<T, Problem> v_;
};

}  // namespace kinerja::http

#endif  // KINERJA_API_HTTP_PROBLEM_H_
