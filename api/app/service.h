// Service: the composition root of kinerjad. Opens the event store and the read models in one
// data directory, starts the projector and the policies, builds the HTTP server with every route
// group, and stops it all gracefully. kinerjad's main() and the API integration tests use it the
// same way.
// Thread-safety: Start/Stop from one controlling thread; context() is usable from any thread
// between them.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/app/app_context.h"
#include "api/http/jwt.h"
#include "api/http/request_log.h"
#include "api/http/server.h"
#include "eventstore/checkpoint_signer.h"

namespace kinerja::app {

struct ServiceOptions {
  // Data directory: the event log in <dir>/events, the read models in <dir>/views.
  // Default: none (required).
  std::string data_dir;
  // fsync the WAL before acknowledging an append (--sync). Off loses the last appends on a power
  // failure (never on a process crash). Default: true.
  bool sync = true;
  // HTTP: host, port (0 = pick a free one), reactor threads, body limit (--max-body-bytes) ...
  http::ServerOptions http;
  // JWT verification (--jwt-secret / --jwt-public-key, --jwt-issuer, --jwt-audience). With no
  // secret and no key configured every authenticated route answers 401. Default: unconfigured.
  std::optional<http::JwtVerifierOptions> jwt;
  // Request log format (--log-format). Default: text.
  http::LogFormat log_format = http::LogFormat::kText;
  // spdlog logger for request and service logs; null: stdout in log_format.
  std::shared_ptr<spdlog::logger> logger;
  AppConfig app;
  // UTC now in microseconds, for the domain and the event store. Default: the system clock.
  std::function<int64_t()> clock;
  // Verifiable log (eventstore/merkle_index.h, merkle_checkpoints.h): the Merkle index follows
  // the log in <dir>/merkle; the Ed25519 key and the latest signed checkpoint live in <dir>/audit.
  // Checkpoint origin and key name, "kinerja/<instansi>". Default: "kinerja/pontianak".
  std::string checkpoint_origin = "kinerja/pontianak";
  // Publish a signed checkpoint at least this often while the log grows. Default: 10 s.
  std::chrono::milliseconds checkpoint_interval{10000};
  // ...and as soon as this many events were indexed since the last one. Default: 10000.
  uint64_t checkpoint_every_events = 10000;
  // Called with every newly published checkpoint, on the publisher's thread (the seam for
  // publishing checkpoints to Kafka). Default: none.
  std::function<void(const eventstore::SignedCheckpoint&)> on_checkpoint;
};

class Service {
 public:
  // Opens storage, starts the projector, the policies and the server. On failure returns null
  // and sets *error to a sentence for the operator.
  static std::unique_ptr<Service> Start(ServiceOptions options, std::string* error);
  ~Service();  // Stop()
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  uint16_t port() const;
  // Every route the server has mounted (for the OpenAPI coverage test).
  std::vector<http::RouteInfo> routes() const;
  AppContext& context() { return *context_; }
  // Stops accepting, drains in-flight requests, stops the policies and the projector, closes the
  // stores. Idempotent.
  void Stop();

  struct Parts;  // implementation detail

 private:
  Service() = default;
  std::unique_ptr<Parts> parts_;
  std::unique_ptr<AppContext> context_;
  bool stopped_ = false;
};

}  // namespace kinerja::app
