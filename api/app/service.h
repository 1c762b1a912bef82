// Service: the composition root of kinerjad. Opens the event store and the read models in one
// data directory, starts the projector and the policies, builds the HTTP server with every route
// group, and stops it all gracefully. kinerjad's main() and the API integration tests use it the
// same way.
// Thread-safety: Start/Stop from one controlling thread; context() is usable from any thread
// between them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
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
  // How often the memory glibc keeps free is handed back to the kernel (memory_trimmer.h);
  // 0: never. Default: 10 s.
  std::chrono::milliseconds malloc_trim_interval{10000};
  // Budget of the aggregate state cache (aggregate_cache.h: bytes of event data folded into the
  // kept states; the states themselves take a few times that); 0: no cache, every command folds
  // its streams from the log. Default: 32 MiB.
  size_t aggregate_cache_bytes = size_t{32} << 20;
  // Most unit and city dashboard computations running at once (answer_cache.h says why); the
  // others wait for a turn. 0: no limit. Default: 2.
  size_t dashboard_concurrency = 2;
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

  // Kafka (DESIGN.md §2; ops/kafka/README.md for the message format).
  // --kafka-brokers: empty = Kafka off; "embedded" = an in-process librdkafka mock cluster
  // (eventstore::MockCluster, topic created with 6 partitions; kafka_bootstrap() tells where);
  // otherwise bootstrap.servers. Default: empty.
  std::string kafka_brokers;
  // --kafka-topic: the event topic. Signed checkpoints go to "<topic>.checkpoints".
  // Default: "kinerja.events".
  std::string kafka_topic = "kinerja.events";
  // --kafka-source: CloudEvents ce_source. Default: "kinerja/pontianak".
  std::string kafka_source = "kinerja/pontianak";
  // Extra librdkafka properties for the relay, the checkpoint producer and the replica consumer
  // (security.protocol, ssl.*). Default: none.
  std::vector<std::pair<std::string, std::string>> kafka_config;
  // --read-model-source: kLog (default) = this instance writes: commands append to the local log,
  // the read models follow it, and the relay ships it to Kafka when kafka_brokers is set.
  // kKafka = a QUERY-ONLY replica (projections/kafka_log_mirror.h): the events topic is mirrored
  // into <dir>/events and the read models follow that mirror; command routes answer 503
  // "replica.read_only"; no policies, no relay, no Merkle index; the audit routes are not mounted.
  enum class ReadModelSource { kLog, kKafka };
  ReadModelSource read_model_source = ReadModelSource::kLog;
  // --kafka-group-id: consumer group under which a replica commits its offsets (one per replica).
  // Default: "kinerja-replica-<hostname>".
  std::string kafka_group_id;
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
  // The HTTP server, e.g. to answer requests in-process through server().dispatcher()
  // (tests/fuzz/fuzz_http_request). REQUIRES: a started service.
  const http::Server& server() const;
  // Every route the server has mounted (for the OpenAPI coverage test).
  std::vector<http::RouteInfo> routes() const;
  AppContext& context() { return *context_; }
  // The Kafka bootstrap address in use ("" when Kafka is off): the embedded cluster's when
  // kafka_brokers was "embedded".
  const std::string& kafka_bootstrap() const;
  bool is_replica() const;
  // Stops accepting, drains in-flight requests, stops the policies, flushes and stops the Kafka
  // relay (so every event appended before the stop is delivered or kept for the next start),
  // stops the projector (a replica: the mirror consumer first), closes the stores, and last the
  // embedded Kafka cluster. Idempotent.
  void Stop();

  struct Parts;  // implementation detail

 private:
  Service() = default;
  std::unique_ptr<Parts> parts_;
  std::unique_ptr<AppContext> context_;
  bool stopped_ = false;
};

}  // namespace kinerja::app
