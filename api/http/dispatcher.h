// Dispatcher: the transport-free half of http::Server (server.h). It holds the route table and
// decides what happens to one parsed request: 404 when no pattern matched, 405 with Allow for a
// method the pattern does not serve, 503 while draining, 413 above the body limit, %-decoded path
// and query parameters (400 on a malformed escape), 415 for a body that is not JSON, the bearer
// token (401), and then which route handler runs with which Request. RunRoute runs a handler
// with the catch-all (an exception becomes a generic 500, logged, never sent).
//
// The server feeds it Pistache's parsed request and the router's raw path parameters and does
// the socket, keep-alive, worker threads, logging and metrics around it; tests/fuzz feeds it
// requests parsed in-process, so both answer a request the same way.
//
// Thread-safety: AddRoute only before the first Prepare, from one thread; Prepare is const and
// may run concurrently on any number of threads.
#ifndef KINERJA_API_HTTP_DISPATCHER_H_
#define KINERJA_API_HTTP_DISPATCHER_H_

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/http/jwt.h"
#include "api/http/request_log.h"
#include "api/http/route.h"

namespace Pistache::Http {
class Request;
}  // namespace Pistache::Http

namespace kinerja::http {

// Every route declared under one pattern ("/v1/employees/:nip").
struct PatternEntry {
  std::string pattern;
  std::vector<std::string> param_names;  // without the colon, in path order
  std::map<Method, Route> routes;
  std::string allow;  // "GET, POST"
};

// The decision for one request: either an answer made here, or a route to run.
struct Decision {
  std::string route_name;  // the route's name, or "unmatched" / "method_not_allowed"
  std::string actor;       // the token's subject once authenticated
  bool close = false;      // the answer must close the connection (draining, 413)
  std::optional<Response> answer;  // set: send it; unset: RunRoute(*route, request)
  const Route* route = nullptr;
  Request request;
};

class Dispatcher {
 public:
  // Bodies above `max_body_bytes` get 413; `verifier` may be null (then every token is refused).
  Dispatcher(size_t max_body_bytes, std::shared_ptr<const JwtVerifier> verifier);

  // REQUIRES: before the first Prepare.
  void AddRoute(Route route);
  // Sorted by pattern; entries stay where they are (the router keeps pointers to them).
  const std::map<std::string, PatternEntry>& patterns() const { return patterns_; }

  // `entry`: the pattern the router matched, or null; `raw_param(name)`: the router's raw (still
  // %-encoded) value of the path parameter `name` of that pattern. May throw what Pistache's
  // request accessors throw (the server answers 500).
  Decision Prepare(const Pistache::Http::Request& req, const PatternEntry* entry,
                   const std::function<std::string(const std::string&)>& raw_param,
                   const std::string& correlation_id, bool draining) const;

 private:
  size_t max_body_bytes_;
  std::shared_ptr<const JwtVerifier> verifier_;
  std::map<std::string, PatternEntry> patterns_;
};

// route.handler(request); an exception becomes Problem::Internal(), logged with the correlation id.
Response RunRoute(const Route& route, const Request& request, RequestLogger& logger);

}  // namespace kinerja::http

#endif  // KINERJA_API_HTTP_DISPATCHER_H_
