// The routing vocabulary of the API: a Route is (method, path pattern with :params, name for
// metrics, auth requirement, where it runs, handler). A handler receives a Request view and
// RETURNS a Response (or a Problem, which converts to one); it never writes the socket. The
// Server (server.h) does the socket, errors, logging, metrics and keep-alive.
//
// Thread-safety: Request and Response are values owned by one request; a handler may run on a
// reactor thread or on a worker thread (Route::execution) and must be thread-safe itself.
#ifndef KINERJA_API_HTTP_ROUTE_H_
#define KINERJA_API_HTTP_ROUTE_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/http/jwt.h"
#include "api/http/problem.h"

namespace kinerja::http {

enum class Method { kGet, kPost, kPut, kPatch, kDelete, kHead, kOptions };
const char* MethodName(Method m);
inline constexpr Method kAllMethods[] = {Method::kGet,    Method::kPost, Method::kPut,
                                         Method::kPatch,  Method::kDelete, Method::kHead,
                                         Method::kOptions};

// A read-only view of one request. Everything is copied out of Pistache, so a Request may be
// moved to a worker thread.
class Request {
 public:
  Method method() const { return method_; }
  const std::string& path() const { return path_; }        // without the query string
  const std::string& body() const { return body_; }
  const std::string& route_name() const { return route_name_; }
  const std::string& correlation_id() const { return correlation_id_; }
  // The authenticated caller; empty on Auth::kNone routes and anonymous kOptional calls.
  const std::optional<Principal>& principal() const { return principal_; }

  // Path parameter by name without the colon ("nip" for ":nip"). Percent-decoded.
  std::optional<std::string> Param(std::string_view name) const;
  // Query parameter (first value), percent-decoded ('+' is a space).
  std::optional<std::string> Query(std::string_view name) const;
  // Header by case-insensitive name (first value).
  std::optional<std::string> Header(std::string_view name) const;

  // Builders used by the server (and by tests that call handlers directly).
  Request& set_method(Method m) { method_ = m; return *this; }
  Request& set_path(std::string p) { path_ = std::move(p); return *this; }
  Request& set_body(std::string b) { body_ = std::move(b); return *this; }
  Request& set_route_name(std::string n) { route_name_ = std::move(n); return *this; }
  Request& set_correlation_id(std::string c) { correlation_id_ = std::move(c); return *this; }
  Request& set_principal(std::optional<Principal> p) { principal_ = std::move(p); return *this; }
  Request& AddParam(std::string name, std::string value);
  Request& AddQuery(std::string name, std::string value);
  Request& AddHeader(std::string name, std::string value);  // name stored lower-case

 private:
  Method method_ = Method::kGet;
  std::string path_;
  std::string body_;
  std::string route_name_;
  std::string correlation_id_;
  std::optional<Principal> principal_;
  std::vector<std::pair<std::string, std::string>> params_;
  std::vector<std::pair<std::string, std::string>> query_;
  std::vector<std::pair<std::string, std::string>> headers_;
};

class Response {
 public:
  Response() = default;
  Response(const Problem& problem);  // NOLINT: a handler may `return problem;`

  static Response Json(int status, std::string json_body);
  static Response Text(int status, std::string body, std::string content_type = "text/plain");
  static Response Empty(int status);  // e.g. 204

  Response& SetHeader(std::string name, std::string value);  // replaces same name
  Response& SetETag(std::string_view version);                // ETag: "<version>"
  Response& SetLocation(std::string location);

  int status() const { return status_; }
  const std::string& body() const { return body_; }
  const std::string& content_type() const { return content_type_; }
  const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }
  std::optional<std::string> Header(std::string_view name) const;
  // Set when built from a Problem (for logging the code).
  const std::string& problem_code() const { return problem_code_; }

 private:
  int status_ = 200;
  std::string body_;
  std::string content_type_;
  std::string problem_code_;
  std::vector<std::pair<std::string, std::string>> headers_;
};

enum class Auth {
  kNone,      // no token needed; an Authorization header is ignored
  kOptional,  // a token is verified if present (401 if invalid), else anonymous
  kRequired,  // 401 without a valid token
};

enum class Execution {
  kReactor,  // runs on the Pistache reactor thread: only for quick, non-blocking work
  kWorker,   // runs on the server's worker pool (fsync, waits); the reply is sent from there
};

using Handler = std::function<Response(const Request&)>;

struct Route {
  Method method = Method::kGet;
  std::string pattern;  // "/v1/employees/:nip/work-plans/:year"
  std::string name;     // metrics/log label, e.g. "employees.work_plan.submit"
  Handler handler;
  Auth auth = Auth::kRequired;
  Execution execution = Execution::kReactor;
};

// Percent-decoding; nullopt on a malformed escape. `plus_is_space` for query strings.
std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space);

}  // namespace kinerja::http

#endif  // KINERJA_API_HTTP_ROUTE_H_
