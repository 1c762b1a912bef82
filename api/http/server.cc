#include "api/http/server.h"

#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/peer.h>
#include <pistache/router.h>

#include "api/http/dispatcher.h"
#include "api/http/response_wire.h"
#include "api/http/worker_pool.h"

namespace kinerja::http {
namespace {

namespace PH = Pistache::Http;
namespace PR = Pistache::Rest;

constexpr PH::Method kPistacheMethods[] = {PH::Method::Get,     PH::Method::Post,
                                           PH::Method::Put,     PH::Method::Patch,
                                           PH::Method::Delete,  PH::Method::Head,
                                           PH::Method::Options, PH::Method::Trace,
                                           PH::Method::Connect};

bool IContains(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    bool eq = true;
    for (size_t j = 0; j < needle.size() && eq; ++j) {
      eq = std::tolower(static_cast<unsigned char>(hay[i + j])) ==
           std::tolower(static_cast<unsigned char>(needle[j]));
    }
    if (eq) return true;
  }
  return false;
}

std::optional<std::string> RawHeader(const PH::Request& req, const std::string& name) {
  auto raw = req.headers().tryGetRaw(name);
  if (!raw) return std::nullopt;
  return raw->value();
}

// HTTP/1.1: persistent unless "close"; HTTP/1.0: closes unless "keep-alive".
bool WantsKeepAlive(const PH::Request& req) {
  const auto conn = RawHeader(req, "Connection");
  if (req.version() == PH::Version::Http11) {
    return !(conn && IContains(*conn, "close"));
  }
  return conn && IContains(*conn, "keep-alive");
}

bool ValidCorrelationId(const std::string& s) {
  if (s.empty() || s.size() > 128) return false;
  for (char c : s) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                    c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

std::string NewCorrelationId() {
  thread_local std::mt19937_64 rng{std::random_device{}() ^
                                   static_cast<uint64_t>(std::hash<std::thread::id>{}(
                                       std::this_thread::get_id()))};
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(rng()),
                static_cast<unsigned long long>(rng()));
  return buf;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
struct Server::Impl : std::enable_shared_from_this<Server::Impl> {

  // Per-request bookkeeping that travels with the writer (to a worker thread if needed).
  struct Exchange {
    std::shared_ptr<Impl> impl;
    PH::ResponseWriter writer;
    std::chrono::steady_clock::time_point start;
    std::string method;
    std::string path;
    std::string route_name;
    std::string correlation_id;
    std::string actor;
    bool keep_alive = true;
    bool http10 = false;  // the response's status line follows the request's version
    bool sent = false;
    bool counted = true;  // holds one in_flight unit

    Exchange(std::shared_ptr<Impl> i, PH::ResponseWriter w) : impl(std::move(i)), writer(std::move(w)) {}
    ~Exchange() {
      if (!sent) Send(Response(Problem::Internal()));
      if (counted) impl->tracker->FinishOne();
    }
    void Send(const Response& r);
  };

  ServerOptions options;
  std::shared_ptr<MetricsRegistry> metrics;
  std::shared_ptr<const JwtVerifier> verifier;
  std::shared_ptr<RequestLogger> logger;
  std::unique_ptr<Dispatcher> dispatcher;  // the route table and the per-request decisions
  std::shared_ptr<PR::Router> router = std::make_shared<PR::Router>();
  std::unique_ptr<PH::Endpoint> endpoint;
  std::unique_ptr<WorkerPool> workers;
  std::atomic<bool> draining{false};
  // Counts requests between onRequest and their bytes being written. Shared with write-promise
  // callbacks (which may run on a reactor thread after the Server is gone), never Impl itself:
  // the last reference to Impl must not be dropped on a thread that Impl would join.
  // `writing` counts the in-flight requests whose answer is handed to Pistache but whose write
  // promise has not settled yet.
  struct Tracker {
    std::atomic<int> in_flight{0};
    std::atomic<int> writing{0};
    std::mutex mu;
    std::condition_variable cv;
    void Notify() {
      std::lock_guard<std::mutex> lock(mu);
      cv.notify_all();
    }
    void FinishOne() {
      if (in_flight.fetch_sub(1) == 1) Notify();
    }
    void StartWriting() {
      if (writing.fetch_add(1) + 1 == in_flight.load()) Notify();
    }
    void FinishWriting() {
      writing.fetch_sub(1);
      FinishOne();
    }
  };
  std::shared_ptr<Tracker> tracker = std::make_shared<Tracker>();
  bool started = false;
  bool stopped = false;
  uint16_t bound_port = 0;


  void Record(const Exchange& ex, int status) {
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - ex.start).count();
    if (Counter* c = metrics->GetCounter(
            "http_requests_total", "HTTP requests by route, method and status.",
            {{"route", ex.route_name}, {"method", ex.method}, {"status", std::to_string(status)}})) {
      c->Increment();
    }
    if (Histogram* h = metrics->GetHistogram("http_request_duration_seconds",
                                             "HTTP request latency by route, in seconds.",
                                             DefaultLatencyBuckets(), {{"route", ex.route_name}})) {
      h->Observe(secs);
    }
    RequestLogRecord rec;
    rec.method = ex.method;
    rec.path = ex.path;
    rec.status = status;
    rec.latency_ms = secs * 1000.0;
    rec.actor = ex.actor;
    rec.correlation_id = ex.correlation_id;
    rec.route = ex.route_name;
    logger->Log(rec);
  }

  void Dispatch(const PR::Request& req, PH::ResponseWriter writer, const PatternEntry* entry);
  void RunHandler(const std::shared_ptr<Exchange>& ex, const Route& route, Request request);
};

void Server::Impl::Exchange::Send(const Response& r) {
  if (sent) return;
  sent = true;
  try {
    ResponseHead head;
    head.Put("Connection", keep_alive ? "keep-alive" : "close");
    if (!r.content_type().empty()) head.Put("Content-Type", r.content_type());
    head.Put("X-Correlation-Id", correlation_id);
    for (const auto& [name, value] : r.headers()) head.Put(name, value);
    std::string wire = FrameResponse(http10, r.status(), head, r.body());
    // Written with Peer::send, not ResponseWriter::send: see response_wire.h for the race in the
    // latter's promise.
    const std::shared_ptr<Pistache::Tcp::Peer> peer = writer.peer();
    if (!peer) throw std::runtime_error("the client is gone");  // peer() may also return null
    // As ResponseWriter::send does: the connection has no request pending, so Pistache's
    // keep-alive timeout closes it quietly instead of answering 408.
    peer->setIdle(true);
    const size_t size = wire.size();
    auto promise = peer->send(Pistache::RawBuffer(std::move(wire), size));
    // The request stays in flight until its bytes are on the wire (a send from a worker thread
    // is queued to the reactor): Stop() must not shut the endpoint down before that. The
    // continuation runs on the reactor once written, or here if that has already happened.
    const bool was_counted = counted;
    if (was_counted) impl->tracker->StartWriting();
    std::shared_ptr<Pistache::Tcp::Peer> to_close;
    if (!keep_alive) to_close = peer;  // held so the fd stays ours until shutdown
    auto done = [tracker = impl->tracker, to_close, was_counted]() {
      if (to_close) ::shutdown(to_close->fd(), SHUT_WR);
      if (was_counted) tracker->FinishWriting();
    };
    counted = false;
    promise.then([done](ssize_t) { done(); }, [done](std::exception_ptr) { done(); });
  } catch (const std::exception& e) {
    // The peer is gone (broken pipe) or the response could not be framed: nothing to send.
    impl->logger->LogError(correlation_id, std::string("send failed: ") + e.what());
  }
  impl->Record(*this, r.status());
}

void Server::Impl::Dispatch(const PR::Request& req, PH::ResponseWriter writer,
                            const PatternEntry* entry) {
  auto ex = std::make_shared<Exchange>(shared_from_this(), std::move(writer));
  ex->start = std::chrono::steady_clock::now();
  ex->method = PH::methodString(req.method());
  ex->path = req.resource();
  ex->keep_alive = WantsKeepAlive(req) && !draining.load();
  ex->http10 = req.version() == PH::Version::Http10;
  const auto cid = RawHeader(req, "X-Correlation-Id");
  ex->correlation_id = cid && ValidCorrelationId(*cid) ? *cid : NewCorrelationId();
  try {
    auto raw_param = [&req](const std::string& name) {
      return req.param(":" + name).as<std::string>();
    };
    Decision d = dispatcher->Prepare(req, entry, raw_param, ex->correlation_id, draining.load());
    ex->route_name = d.route_name;
    ex->actor = d.actor;
    // Draining may have begun after keep_alive was decided above: a 503 always closes.
    if (d.close) ex->keep_alive = false;
    if (d.answer) {
      ex->Send(*d.answer);
      return;
    }
    const Route& route = *d.route;
    if (route.execution == Execution::kWorker) {
      auto self = shared_from_this();
      const Route* rp = &route;
      auto task = [self, ex, rp, request = std::move(d.request)]() mutable {
        self->RunHandler(ex, *rp, std::move(request));
      };
      if (!workers->Submit(std::move(task))) {
        ex->keep_alive = false;
        ex->Send(Problem::Make(ErrorCategory::kUnavailable, "shutting_down",
                               "The server is shutting down."));
      }
      return;
    }
    RunHandler(ex, route, std::move(d.request));
  } catch (const std::exception& e) {
    logger->LogError(ex->correlation_id, std::string("edge error: ") + e.what());
    ex->Send(Problem::Internal());
  } catch (...) {
    logger->LogError(ex->correlation_id, "edge error: unknown exception");
    ex->Send(Problem::Internal());
  }
}

void Server::Impl::RunHandler(const std::shared_ptr<Exchange>& ex, const Route& route,
                              Request request) {
  ex->Send(RunRoute(route, request, *logger));
}

// ---------------------------------------------------------------------------------------------
namespace {

class EdgeHandler : public PH::Handler {
 public:
  HTTP_PROTOTYPE(EdgeHandler)

  EdgeHandler(std::weak_ptr<Server::Impl> impl, std::shared_ptr<PR::Router> router)
      : impl_(std::move(impl)), router_(std::move(router)) {}

  void onRequest(const PH::Request& req, PH::ResponseWriter response) override {
    auto impl = impl_.lock();
    if (!impl) return;
    impl->tracker->in_flight.fetch_add(1);
    try {
      // A NotFound handler is installed, so every request reaches Dispatch (which owns the
      // in-flight unit from here on). route() still returns NotFound after calling that
      // handler in 0.0.5, so its result says nothing about who answered.
      (void)router_->route(req, std::move(response));
    } catch (const std::exception& e) {
      impl->logger->LogError("-", std::string("router error: ") + e.what());
      impl->tracker->FinishOne();
    }
  }

  void onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override {
    router_->disconnectPeer(peer);
  }

 private:
  std::weak_ptr<Server::Impl> impl_;
  std::shared_ptr<PR::Router> router_;
};

}  // namespace

Server::Server(ServerOptions options, std::shared_ptr<MetricsRegistry> metrics,
               std::shared_ptr<const JwtVerifier> verifier, std::shared_ptr<RequestLogger> logger)
    : impl_(std::make_shared<Impl>()) {
  impl_->options = std::move(options);
  impl_->metrics = metrics ? std::move(metrics) : std::make_shared<MetricsRegistry>();
  impl_->verifier = std::move(verifier);
  impl_->logger = logger ? std::move(logger) : std::make_shared<RequestLogger>(nullptr, LogFormat::kText);
  impl_->dispatcher =
      std::make_unique<Dispatcher>(impl_->options.max_body_bytes, impl_->verifier);
}

Server::~Server() { Stop(); }

void Server::AddRoute(Route route) { impl_->dispatcher->AddRoute(std::move(route)); }

void Server::MountBuiltins(std::function<bool()> ready) {
  AddRoute({Method::kGet, "/health", "health",
            [](const Request&) { return Response::Json(200, "{\"status\":\"ok\"}"); }, Auth::kNone});
  AddRoute({Method::kGet, "/ready", "ready",
            [ready](const Request&) {
              if (!ready || ready()) return Response::Json(200, "{\"status\":\"ready\"}");
              return Response(Problem::Make(ErrorCategory::kUnavailable, "not_ready",
                                            "The server is not ready yet."));
            },
            Auth::kNone});
  std::weak_ptr<MetricsRegistry> weak = impl_->metrics;
  AddRoute({Method::kGet, "/metrics", "metrics",
            [weak](const Request&) {
              auto m = weak.lock();
              return Response::Text(200, m ? m->Render() : std::string(),
                                    "text/plain; version=0.0.4; charset=utf-8");
            },
            Auth::kNone});
}

Result<uint16_t> Server::Start() {
  Impl& impl = *impl_;
  if (impl.started) return Problem::Make(ErrorCategory::kInternal, "already_started", "Started twice.");
  std::weak_ptr<Impl> weak = impl_;
  // Every pattern x every Pistache method: the router's per-method map is complete before the
  // first request, so no request ever inserts into it (the 0.0.5 data race).
  for (const auto& [pattern, entry] : impl.dispatcher->patterns()) {
    const PatternEntry* ep = &entry;
    for (PH::Method pm : kPistacheMethods) {
      impl.router->addRoute(pm, pattern, [weak, ep](const PR::Request req, PH::ResponseWriter w) {
        if (auto i = weak.lock()) i->Dispatch(req, std::move(w), ep);
        return PR::Route::Result::Ok;
      });
    }
  }
  impl.router->addNotFoundHandler([weak](const PR::Request req, PH::ResponseWriter w) {
    if (auto i = weak.lock()) i->Dispatch(req, std::move(w), nullptr);
    return PR::Route::Result::Ok;
  });
  try {
    Pistache::Address addr(impl.options.host, Pistache::Port(impl.options.port));
    impl.endpoint = std::make_unique<PH::Endpoint>(addr);
    auto opts = PH::Endpoint::options()
                    .threads(impl.options.threads)
                    .flags(Pistache::Tcp::Options::ReuseAddr)
                    .maxRequestSize(impl.options.max_body_bytes + impl.options.header_allowance_bytes)
                    .headerTimeout(impl.options.header_timeout)
                    .bodyTimeout(impl.options.body_timeout)
                    .keepaliveTimeout(impl.options.keepalive_timeout);
    impl.endpoint->init(opts);
    impl.endpoint->setHandler(std::make_shared<EdgeHandler>(weak, impl.router));
    impl.workers = std::make_unique<WorkerPool>(impl.options.worker_threads);
    impl.endpoint->serveThreaded();
    impl.bound_port = static_cast<uint16_t>(impl.endpoint->getPort());
  } catch (const std::exception& e) {
    impl.endpoint.reset();
    if (impl.workers) impl.workers->Stop();
    return Problem::Make(ErrorCategory::kUnavailable, "listen_failed",
                         "Cannot listen on " + impl.options.host + ":" +
                             std::to_string(impl.options.port) + ": " + e.what());
  }
  impl.started = true;
  return impl.bound_port;
}

uint16_t Server::port() const { return impl_->bound_port; }

const Dispatcher& Server::dispatcher() const { return *impl_->dispatcher; }

std::vector<RouteInfo> Server::routes() const {
  std::vector<RouteInfo> out;
  for (const auto& [pattern, entry] : impl_->dispatcher->patterns()) {  // sorted by pattern
    for (const auto& [method, route] : entry.routes) {    // std::map: sorted by method
      out.push_back(RouteInfo{method, pattern, route.name, route.auth});
    }
  }
  return out;
}

int Server::in_flight() const { return impl_->tracker->in_flight.load(); }

MetricsRegistry& Server::metrics() { return *impl_->metrics; }

bool Server::Stop() {
  Impl& impl = *impl_;
  if (!impl.started || impl.stopped) return true;
  impl.stopped = true;
  impl.draining.store(true);
  bool drained;
  {
    Impl::Tracker& t = *impl.tracker;
    std::unique_lock<std::mutex> lock(t.mu);
    // First every handler answers (bounded by drain_timeout) ...
    drained = t.cv.wait_for(lock, impl.options.drain_timeout,
                            [&] { return t.in_flight.load() <= t.writing.load(); });
    // ... then the answers reach the wire. Pistache 0.0.5 may never settle the write promise of a
    // peer that went away meanwhile, so this second wait is short.
    const auto write_grace = std::min<std::chrono::milliseconds>(impl.options.drain_timeout,
                                                                 std::chrono::milliseconds(1000));
    t.cv.wait_for(lock, write_grace, [&] { return t.in_flight.load() == 0; });
  }
  impl.workers->Stop();  // runs what is queued while the transport is still alive
  impl.endpoint->shutdown();
  return drained;
}

}  // namespace kinerja::http
