// The HTTP server of kinerja: Pistache 0.0.5 (Http::Endpoint + Rest::Router) wrapped so that the
// package's measured pitfalls cannot reach the routes (../shared/PITFALLS.md):
//  - keep-alive: Pistache 0.0.5 copies the request's Connection header into the response and,
//    when there is none, writes "Connection: Close" (Http::Handler::onInput), which makes
//    HTTP/1.1 clients drop the socket after every answer. The server rewrites the header before
//    every send: HTTP/1.1 persists unless the request says "close"; HTTP/1.0 closes unless it says
//    "keep-alive". When it closes, the server also shuts the socket's write side after the reply.
//  - router race: every pattern is registered for EVERY Pistache method (unused ones answer 405
//    with Allow), so Router::route never inserts into its per-method map at run time.
//  - exceptions: every handler runs inside catch-all; a generic 500 problem is sent (once) and the
//    exception is logged with the correlation id, never sent to the client.
//  - body limit: Pistache's maxRequestSize counts headers too; it is set to max_body_bytes +
//    header_allowance_bytes and the body limit is enforced here (413 problem, connection closed).
//    A request larger than max_body_bytes + header_allowance_bytes never reaches the server:
//    Pistache itself answers "413 Request exceeded maximum buffer size" (text/plain), since its
//    Http::Handler::onInput is private and cannot be wrapped.
//  - blocking handlers: Route::execution = kWorker runs the handler on a worker pool; the
//    ResponseWriter moves to that thread and the reply is sent from there.
//  - shutdown: Stop() refuses new requests (503 problem, Connection: close), waits (bounded) for
//    in-flight ones, then shuts the endpoint down.
// Every request is logged (request_log.h) and counted (http_requests_total{route,method,status},
// http_request_duration_seconds{route}); X-Correlation-Id is taken or generated and echoed.
//
// Thread-safety: AddRoute/Mount*/Start/Stop are called from one controlling thread; AddRoute and
// Mount* only before Start(). Handlers run concurrently on reactor and worker threads.
#ifndef KINERJA_API_HTTP_SERVER_H_
#define KINERJA_API_HTTP_SERVER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/http/dispatcher.h"
#include "api/http/jwt.h"
#include "api/http/metrics.h"
#include "api/http/problem.h"
#include "api/http/request_log.h"
#include "api/http/route.h"

namespace kinerja::http {

struct ServerOptions {
  // Address to listen on. Default: 127.0.0.1
  std::string host = "127.0.0.1";
  // Port; 0 picks a free one (read it back with Server::port()). Default: 8080
  uint16_t port = 8080;
  // Pistache reactor threads. Default: 2
  int threads = 2;
  // Worker threads for Execution::kWorker routes. Default: 64. A command's worker sleeps through
  // the group commit's fsync; the more commands wait on one fsync, the more share it (ops/bench-http
  // measured 22–24 commands per fsync with 64 workers against 4–5 with 8, and 1.5–4× the rate).
  int worker_threads = 64;
  // Largest accepted request body (--max-body-bytes); above it: 413. Default: 1 MiB
  size_t max_body_bytes = 1024 * 1024;
  // Room for the request line and headers on top of the body. Default: 16 KiB
  size_t header_allowance_bytes = 16 * 1024;
  // Pistache closes a connection (408) whose headers / body do not arrive in time.
  // Defaults: 10 s / 30 s.
  std::chrono::milliseconds header_timeout{10000};
  std::chrono::milliseconds body_timeout{30000};
  // Idle keep-alive connections are closed after this. Default: 60 s
  std::chrono::milliseconds keepalive_timeout{60000};
  // How long Stop() waits for in-flight requests. Default: 10 s
  std::chrono::milliseconds drain_timeout{10000};
};

// One declared route, as listed by Server::routes() (no handler).
struct RouteInfo {
  Method method = Method::kGet;
  std::string pattern;  // "/v1/employees/:nip"
  std::string name;
  Auth auth = Auth::kRequired;
};

class Server {
 public:
  // `metrics` shared with the rest of the process; `verifier` may be null (then every
  // Auth::kRequired route answers 401); `logger` per request_log.h.
  Server(ServerOptions options, std::shared_ptr<MetricsRegistry> metrics,
         std::shared_ptr<const JwtVerifier> verifier, std::shared_ptr<RequestLogger> logger);
  ~Server();  // Stop()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Declares a route. REQUIRES: before Start(); (method, pattern) not declared yet.
  void AddRoute(Route route);
  // GET /health -> 200 {"status":"ok"}; GET /ready -> 200 {"status":"ready"} or 503 problem
  // ("not_ready") per `ready` (null: always ready); GET /metrics -> Prometheus text.
  void MountBuiltins(std::function<bool()> ready);

  // Binds and starts serving on background threads.
  [[nodiscard]] Result<uint16_t> Start();
  // The bound port (after a successful Start()).
  uint16_t port() const;
  // Graceful stop; idempotent. Returns true when every in-flight request finished in time.
  bool Stop();

  // Every declared route (including the builtins once mounted), sorted by pattern, then method.
  // Read-only; call from the controlling thread, or from any thread after Start().
  std::vector<RouteInfo> routes() const;

  // The route table and per-request decisions (dispatcher.h), for answering requests
  // in-process without a socket (tests/fuzz/fuzz_http_request). Complete once Start() was called.
  const Dispatcher& dispatcher() const;

  // Requests currently being handled (for tests and /ready).
  int in_flight() const;
  MetricsRegistry& metrics();

  struct Impl;  // implementation detail (public only so server.cc's Pistache handler sees it)

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace kinerja::http

#endif  // KINERJA_API_HTTP_SERVER_H_
