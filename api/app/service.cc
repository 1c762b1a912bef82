#include "api/app/service.h"

#include <unistd.h>

#include <chrono>
#include <vector>

#include "api/app/audit_log.h"
#include "api/app/audit_proof_routes.h"
#include "api/app/memory_metrics.h"
#include "api/app/memory_trimmer.h"
#include "api/app/openapi_route.h"
#include "api/app/policies.h"
#include "api/app/routes.h"
#include "api/app/storage_monitor.h"
#include "api/http/metrics.h"
#include "eventstore/kafka_mock_cluster.h"
#include "eventstore/kafka_relay.h"
#include "eventstore/memory_event_store.h"
#include "eventstore/merkle_checkpoints.h"
#include "eventstore/merkle_index.h"
#include "eventstore/rocks_event_store.h"
#include "projections/kafka_checkpoint_producer.h"
#include "projections/kafka_log_mirror.h"
#include "projections/projector.h"
#include "projections/view_store.h"

namespace kinerja::app {

struct Service::Parts {
  // Kafka: the embedded cluster outlives every client (destroyed last).
  std::unique_ptr<eventstore::MockCluster> kafka_cluster;
  std::string kafka_bootstrap;
  bool replica = false;
  std::unique_ptr<projections::KafkaCheckpointProducer> checkpoint_producer;
  // A replica's mirror of the event topic (owns the mirror log; replaces `store`).
  std::unique_ptr<projections::KafkaLogMirror> mirror;
  std::unique_ptr<eventstore::RocksEventStore> store;
  // The writer's relay to Kafka (stopped before the store closes).
  std::unique_ptr<eventstore::KafkaRelay> relay;
  // Verifiable log: destroyed before the store (publisher first).
  std::unique_ptr<eventstore::MerkleIndex> merkle_index;
  std::unique_ptr<eventstore::CheckpointSigner> checkpoint_signer;
  std::unique_ptr<eventstore::CheckpointPublisher> checkpoint_publisher;
  std::unique_ptr<projections::Projector> projector;
  std::vector<std::unique_ptr<projections::ProcessManager>> policies;
  std::shared_ptr<http::MetricsRegistry> metrics;
  // Logs when writes to the data directory start failing and recover (stopped first).
  std::unique_ptr<StorageMonitor> storage_monitor;
  // Returns free malloc memory to the kernel now and then (stopped first).
  std::unique_ptr<MemoryTrimmer> memory_trimmer;
  std::unique_ptr<http::Server> server;
};

namespace {

void RegisterStoreMetrics(http::MetricsRegistry& m, eventstore::RocksEventStore* store,
                          projections::Projector* projector) {
  m.SetCallbackGauge("kinerja_event_log_head_position", "Last global position in the event log",
                     {}, [store] { return static_cast<double>(store->head_position()); });
  m.SetCallbackGauge("kinerja_appends_total", "Appends acknowledged by the event store", {},
                     [store] { return static_cast<double>(store->stats().appends); });
  m.SetCallbackGauge("kinerja_events_appended_total", "Events written to the log", {},
                     [store] { return static_cast<double>(store->stats().events); });
  m.SetCallbackGauge("kinerja_group_commits_total",
                     "Write batches (one WAL fsync each with --sync) written by the event store",
                     {}, [store] { return static_cast<double>(store->stats().group_commits); });
  m.SetCallbackGauge("kinerja_projection_applied_position",
                     "Position every read model has applied", {},
                     [projector] { return static_cast<double>(projector->applied_position()); });
  m.SetCallbackGauge("kinerja_projection_lag_events",
                     "Events appended but not yet applied to the read models", {},
                     [store, projector] {
                       const uint64_t head = store->head_position();
                       const uint64_t applied = projector->applied_position();
                       return static_cast<double>(head > applied ? head - applied : 0);
                     });
  // Storage faults (disk full, read-only): writes refused with 503 until RocksDB resumes.
  m.SetCallbackGauge("kinerja_event_store_writable",
                     "1 while the event log accepts writes, 0 after a failed write until one "
                     "succeeds again", {},
                     [store] { return store->stats().writable ? 1.0 : 0.0; });
  m.SetCallbackGauge("kinerja_event_store_write_errors_total",
                     "Event log writes that failed (disk full, read-only, I/O error)", {},
                     [store] { return static_cast<double>(store->stats().write_errors); });
  m.SetCallbackGauge("kinerja_event_store_restart_needed",
                     "1 when the event log cannot resume writing in-process (RocksDB 7.8 would "
                     "reuse the failed WAL): restart kinerjad once the disk is fixed", {},
                     [store] { return store->stats().restart_needed ? 1.0 : 0.0; });
  m.SetCallbackGauge("kinerja_event_store_resumes_total",
                     "Times the event log resumed writing after a failed write", {},
                     [store] { return static_cast<double>(store->stats().resumes); });
  m.SetCallbackGauge("kinerja_view_store_writable",
                     "1 while the read-model store accepts writes, 0 after a failed write", {},
                     [projector] { return projector->views()->writable() ? 1.0 : 0.0; });
  m.SetCallbackGauge("kinerja_view_store_write_errors_total",
                     "Read-model store writes that failed (disk full, read-only, I/O error)", {},
                     [projector] {
                       return static_cast<double>(projector->views()->write_errors());
                     });
  m.SetCallbackGauge("kinerja_projection_poison_events_total",
                     "Events a read model could not fold (kept as dead letters)", {},
                     [projector] { return static_cast<double>(projector->metrics().poison_events); });
}

void RegisterRelayMetrics(http::MetricsRegistry& m, eventstore::KafkaRelay* relay) {
  m.SetCallbackGauge("kinerja_kafka_relayed_position",
                     "Every log position up to here has been delivered to Kafka", {},
                     [relay] { return static_cast<double>(relay->metrics().relayed_position); });
  m.SetCallbackGauge("kinerja_kafka_relay_lag_events",
                     "Events in the log not yet delivered to Kafka", {},
                     [relay] { return static_cast<double>(relay->metrics().lag_events); });
  m.SetCallbackGauge("kinerja_kafka_relay_in_flight",
                     "Events handed to librdkafka without a delivery report yet", {},
                     [relay] { return static_cast<double>(relay->metrics().in_flight); });
  m.SetCallbackGauge(
      "kinerja_kafka_delivery_errors_total", "Failed Kafka delivery reports and produce calls", {},
      [relay] { return static_cast<double>(relay->metrics().delivery_errors_total); });
  m.SetCallbackGauge("kinerja_kafka_relay_rewinds_total",
                     "Re-sends from the relay checkpoint after a failed delivery", {},
                     [relay] { return static_cast<double>(relay->metrics().rewinds_total); });
}

void RegisterMirrorMetrics(http::MetricsRegistry& m, projections::KafkaLogMirror* mirror) {
  m.SetCallbackGauge("kinerja_replica_mirrored_position",
                     "Every position up to here has been mirrored from Kafka", {},
                     [mirror] { return static_cast<double>(mirror->metrics().mirrored_position); });
  m.SetCallbackGauge("kinerja_replica_buffered_events",
                     "Events read from Kafka held until a lower position arrives", {},
                     [mirror] { return static_cast<double>(mirror->metrics().buffered_events); });
  m.SetCallbackGauge("kinerja_replica_kafka_lag_events",
                     "Highest position seen on Kafka minus the mirrored position", {}, [mirror] {
                       auto x = mirror->metrics();
                       return static_cast<double>(x.high_position_seen > x.mirrored_position
                                                      ? x.high_position_seen - x.mirrored_position
                                                      : 0);
                     });
  m.SetCallbackGauge("kinerja_replica_duplicates_total",
                     "Kafka messages dropped as already mirrored (re-sends)", {},
                     [mirror] { return static_cast<double>(mirror->metrics().duplicates_total); });
  m.SetCallbackGauge(
      "kinerja_replica_decode_errors_total", "Kafka messages that are not relay events (skipped)",
      {}, [mirror] { return static_cast<double>(mirror->metrics().decode_errors_total); });
  m.SetCallbackGauge("kinerja_replica_healthy",
                     "1 while the mirror follows the writer's hash chain, 0 once stopped", {},
                     [mirror] { return mirror->metrics().diverged ? 0.0 : 1.0; });
}

std::string DefaultReplicaGroupId() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0 || host[0] == '\0') return "kinerja-replica";
  return std::string("kinerja-replica-") + host;
}

// Command routes on a replica: the same (method, pattern, name, auth) as the writer's, each
// answering 503 problem "replica.read_only", so clients get a clear answer rather than a 404.
void AddReadOnlyCommandRoutes(http::Server& server, AppContext& ctx,
                              const http::ServerOptions& http_options) {
  http::Server probe(http_options, std::make_shared<http::MetricsRegistry>(), nullptr, nullptr);
  AddCommandRoutes(probe, ctx);
  for (const http::RouteInfo& info : probe.routes()) {
    http::Route route;
    route.method = info.method;
    route.pattern = info.pattern;
    route.name = info.name;
    route.auth = info.auth;
    route.handler = [](const http::Request&) -> http::Response {
      return http::Problem::Make(http::ErrorCategory::kUnavailable, "replica.read_only",
                                 "This kinerjad is a query-only read replica fed from Kafka; "
                                 "send commands to the writer instance.");
    };
    server.AddRoute(std::move(route));
  }
}

}  // namespace

std::unique_ptr<Service> Service::Start(ServiceOptions options, std::string* error) {
  std::unique_ptr<Service> service(new Service());
  service->parts_ = std::make_unique<Parts>();
  Parts& parts = *service->parts_;
  if (!options.clock) options.clock = eventstore::SystemClockMicros;
  const bool replica = options.read_model_source == ServiceOptions::ReadModelSource::kKafka;
  parts.replica = replica;
  auto logger = options.logger ? options.logger
                               : http::MakeStdoutLogger("kinerjad", options.log_format);
  const http::LogFormat log_format = options.log_format;
  auto kafka_log = [logger, log_format](const std::string& line) {
    logger->warn("{}", FormatLogLine(log_format, "warn", "kafka", {{"detail", line}}));
  };

  // Kafka first: the embedded cluster must exist before any client.
  if (replica && options.kafka_brokers.empty()) {
    *error = "a read replica (--read-model-source=kafka) needs --kafka-brokers";
    return nullptr;
  }
  if (!options.kafka_brokers.empty() && options.kafka_topic.empty()) {
    *error = "the Kafka topic must not be empty";
    return nullptr;
  }
  if (options.kafka_brokers == "embedded") {
    eventstore::MockClusterOptions cluster_options;
    cluster_options.topics.push_back(eventstore::MockTopicSpec{options.kafka_topic, 6, 1});
    cluster_options.topics.push_back(
        eventstore::MockTopicSpec{options.kafka_topic + ".checkpoints", 1, 1});
    auto cluster = eventstore::MockCluster::Start(cluster_options);
    if (!cluster.ok()) {
      *error = "cannot start the embedded Kafka cluster: " + cluster.status().ToString();
      return nullptr;
    }
    parts.kafka_cluster = std::move(cluster).value();
    parts.kafka_bootstrap = parts.kafka_cluster->bootstrap();
  } else {
    parts.kafka_bootstrap = options.kafka_brokers;
  }

  eventstore::RocksEventStore* log_store = nullptr;
  if (replica) {
    projections::KafkaLogMirrorOptions mirror_options;
    mirror_options.path = options.data_dir + "/events";
    mirror_options.brokers = parts.kafka_bootstrap;
    mirror_options.topic = options.kafka_topic;
    mirror_options.group_id =
        options.kafka_group_id.empty() ? DefaultReplicaGroupId() : options.kafka_group_id;
    mirror_options.extra_config = options.kafka_config;
    mirror_options.log = kafka_log;
    auto mirror = projections::KafkaLogMirror::Open(mirror_options);
    if (!mirror.ok()) {
      *error = "cannot open the replica's mirror log in " + mirror_options.path + ": " +
               mirror.status().ToString();
      return nullptr;
    }
    parts.mirror = std::move(mirror).value();
    log_store = parts.mirror->store();
  } else {
    eventstore::RocksOptions store_options;
    store_options.path = options.data_dir + "/events";
    store_options.sync = options.sync;
    store_options.clock = options.clock;
    auto store = eventstore::RocksEventStore::Open(store_options);
    if (!store.ok()) {
      *error = "cannot open the event log in " + store_options.path + ": " +
               store.status().ToString();
      return nullptr;
    }
    parts.store = std::move(store).value();
    log_store = parts.store.get();
  }

  if (!replica) {
    if (!parts.kafka_bootstrap.empty()) {
      projections::KafkaCheckpointProducerOptions producer_options;
      producer_options.brokers = parts.kafka_bootstrap;
      producer_options.topic = options.kafka_topic + ".checkpoints";
      producer_options.source = options.kafka_source;
      producer_options.log = kafka_log;
      auto producer = projections::KafkaCheckpointProducer::Create(producer_options);
      if (!producer.ok()) {
        *error = "cannot create the Kafka checkpoint producer: " + producer.status().ToString();
        return nullptr;
      }
      parts.checkpoint_producer = std::move(producer).value();
    }
    eventstore::MerkleIndexOptions merkle_options;
    merkle_options.path = options.data_dir + "/merkle";
    auto merkle_index = eventstore::MerkleIndex::Open(parts.store.get(), merkle_options);
    if (!merkle_index.ok()) {
      *error = "cannot open the Merkle index in " + merkle_options.path + ": " +
               merkle_index.status().ToString();
      return nullptr;
    }
    parts.merkle_index = std::move(merkle_index).value();
    auto signer = eventstore::CheckpointSigner::LoadOrCreate(options.data_dir + "/audit",
                                                             options.checkpoint_origin);
    if (!signer.ok()) {
      *error = "cannot load the checkpoint signing key: " + signer.status().ToString();
      return nullptr;
    }
    parts.checkpoint_signer = std::move(signer).value();
    eventstore::CheckpointPublisherOptions publisher_options;
    publisher_options.path = options.data_dir + "/audit/checkpoint.note";
    publisher_options.interval = options.checkpoint_interval;
    publisher_options.every_events = options.checkpoint_every_events;
    publisher_options.clock = options.clock;
    // The caller's seam, then Kafka (the producer outlives the publisher).
    projections::KafkaCheckpointProducer* producer = parts.checkpoint_producer.get();
    auto user_on_checkpoint = options.on_checkpoint;
    if (producer != nullptr || user_on_checkpoint) {
      publisher_options.on_checkpoint = [producer, user_on_checkpoint](
                                            const eventstore::SignedCheckpoint& checkpoint) {
        if (user_on_checkpoint) user_on_checkpoint(checkpoint);
        if (producer != nullptr) producer->Publish(checkpoint);
      };
    }
    auto publisher = eventstore::CheckpointPublisher::Open(
        parts.merkle_index.get(), parts.checkpoint_signer.get(), publisher_options);
    if (!publisher.ok()) {
      *error = "cannot load the latest checkpoint: " + publisher.status().ToString();
      return nullptr;
    }
    parts.checkpoint_publisher = std::move(publisher).value();
    parts.merkle_index->Start();
    parts.checkpoint_publisher->Start();

    if (!parts.kafka_bootstrap.empty()) {
      eventstore::KafkaRelayOptions relay_options;
      relay_options.brokers = parts.kafka_bootstrap;
      relay_options.topic = options.kafka_topic;
      relay_options.source = options.kafka_source;
      relay_options.extra_config = options.kafka_config;
      relay_options.log = kafka_log;
      auto relay = eventstore::KafkaRelay::Start(parts.store.get(), relay_options);
      if (!relay.ok()) {
        *error = "cannot start the Kafka relay: " + relay.status().ToString();
        return nullptr;
      }
      parts.relay = std::move(relay).value();
    }
  }

  projections::ViewStoreOptions view_options;
  view_options.path = options.data_dir + "/views";
  auto views = projections::ViewStore::Open(view_options);
  if (!views.ok()) {
    *error = "cannot open the read models in " + view_options.path + ": " +
             views.status().ToString();
    return nullptr;
  }
  auto projector =
      projections::Projector::Open(log_store, std::move(views).value(), AllProjections());
  if (!projector.ok()) {
    *error = "cannot prepare the read models: " + projector.status().ToString();
    return nullptr;
  }
  parts.projector = std::move(projector).value();
  parts.projector->Start();
  if (parts.mirror) parts.mirror->Start();

  parts.metrics = std::make_shared<http::MetricsRegistry>();
  service->context_ = std::make_unique<AppContext>();
  AppContext& ctx = *service->context_;
  ctx.store = log_store;
  ctx.projector = parts.projector.get();
  ctx.metrics = parts.metrics.get();
  ctx.clock_micros = options.clock;
  ctx.config = options.app;
  ctx.dashboards = std::make_shared<AnswerCache>(options.dashboard_concurrency);
  if (options.aggregate_cache_bytes == 0) {
    ctx.aggregates.reset();
  } else {
    AggregateCache::Options cache_options;
    cache_options.max_bytes = options.aggregate_cache_bytes;
    ctx.aggregates = std::make_shared<AggregateCache>(cache_options);
  }
  RegisterStoreMetrics(*parts.metrics, log_store, parts.projector.get());
  parts.memory_trimmer = std::make_unique<MemoryTrimmer>(options.malloc_trim_interval);
  parts.memory_trimmer->Start();
  RegisterMemoryMetrics(*parts.metrics,
                        MemorySources{log_store, parts.projector->views(), parts.merkle_index.get(),
                                      ctx.aggregates.get(), ctx.dashboards.get(),
                                      parts.memory_trimmer.get()});
  if (parts.relay) RegisterRelayMetrics(*parts.metrics, parts.relay.get());
  if (parts.mirror) RegisterMirrorMetrics(*parts.metrics, parts.mirror.get());
  if (parts.checkpoint_producer) {
    projections::KafkaCheckpointProducer* producer = parts.checkpoint_producer.get();
    parts.metrics->SetCallbackGauge(
        "kinerja_kafka_checkpoints_published_total",
        "Signed checkpoints delivered to the Kafka checkpoint topic", {},
        [producer] { return static_cast<double>(producer->metrics().published_total); });
  }
  if (parts.merkle_index) {
    eventstore::MerkleIndex* index = parts.merkle_index.get();
    eventstore::CheckpointPublisher* publisher = parts.checkpoint_publisher.get();
    parts.metrics->SetCallbackGauge("kinerja_merkle_indexed_size",
                                    "Events in the Merkle index (verifiable log)", {},
                                    [index] { return static_cast<double>(index->size()); });
    parts.metrics->SetCallbackGauge(
        "kinerja_merkle_index_healthy", "1 while the Merkle index accepts the log, 0 once stopped "
        "on a broken chain", {}, [index] { return index->error().ok() ? 1.0 : 0.0; });
    parts.metrics->SetCallbackGauge(
        "kinerja_merkle_index_write_errors_total",
        "Merkle index writes that failed (retried; disk full, read-only)", {},
        [index] { return static_cast<double>(index->write_errors()); });
    parts.metrics->SetCallbackGauge(
        "kinerja_checkpoint_tree_size", "Tree size of the latest signed checkpoint", {},
        [publisher] {
          auto latest = publisher->Latest();
          return latest ? static_cast<double>(latest->tree_size) : 0.0;
        });
  }

  {
    std::vector<StorageProbe> probes;
    probes.push_back({"event log", [log_store] { return log_store->stats().writable; },
                      [log_store] { return log_store->stats().write_errors; }});
    projections::ViewStore* views = parts.projector->views();
    probes.push_back({"read models", [views] { return views->writable(); },
                      [views] { return views->write_errors(); }});
    if (parts.merkle_index) {
      eventstore::MerkleIndex* index = parts.merkle_index.get();
      probes.push_back({"merkle index", [index] { return index->writable(); },
                        [index] { return index->write_errors(); }});
    }
    parts.storage_monitor = std::make_unique<StorageMonitor>(
        std::move(probes),
        [logger, log_format](std::string_view level, std::string_view msg, const LogFields& f) {
          const std::string line = FormatLogLine(log_format, level, msg, f);
          if (level == "error") {
            logger->error("{}", line);
          } else {
            logger->info("{}", line);
          }
        });
    parts.storage_monitor->Start();
  }

  // Policies append events: only on the writer.
  if (!replica) parts.policies = MakePolicies(ctx);
  for (auto& policy : parts.policies) {
    if (auto s = policy->Start(); !s.ok()) {
      *error = "cannot start a policy: " + s.ToString();
      return nullptr;
    }
  }

  std::shared_ptr<const http::JwtVerifier> verifier;
  if (options.jwt) {
    auto created = http::JwtVerifier::Create(*options.jwt);
    if (!created.ok()) {
      *error = "invalid JWT configuration: " + created.problem().detail;
      return nullptr;
    }
    verifier = created.value();
  }
  auto request_logger = std::make_shared<http::RequestLogger>(logger, options.log_format);
  parts.server = std::make_unique<http::Server>(options.http, parts.metrics, verifier,
                                                request_logger);
  if (replica) {
    AddReadOnlyCommandRoutes(*parts.server, ctx, options.http);
    AddQueryRoutes(*parts.server, ctx);
  } else {
    AddCommandRoutes(*parts.server, ctx);
    AddQueryRoutes(*parts.server, ctx);
    AddAuditRoutes(*parts.server, ctx);
    AddAuditProofRoutes(*parts.server, ctx,
                        AuditProofDeps{parts.merkle_index.get(), parts.checkpoint_signer.get(),
                                       parts.checkpoint_publisher.get()});
  }
  AddOpenApiRoute(*parts.server);
  projections::Projector* projector_ptr = parts.projector.get();
  projections::KafkaLogMirror* mirror_ptr = parts.mirror.get();
  // Ready once the read models have caught up with the log (a replica: its mirror) as it was at
  // start, and, on a replica, while the mirror still follows the writer's chain.
  const uint64_t head_at_start = log_store->head_position();
  parts.server->MountBuiltins([projector_ptr, mirror_ptr, head_at_start] {
    if (mirror_ptr != nullptr && mirror_ptr->metrics().diverged) return false;
    return projector_ptr->applied_position() >= head_at_start;
  });
  auto started = parts.server->Start();
  if (!started.ok()) {
    *error = "cannot listen on " + options.http.host + ":" + std::to_string(options.http.port) +
             ": " + started.problem().detail;
    return nullptr;
  }
  return service;
}

Service::~Service() { Stop(); }

const http::Server& Service::server() const { return *parts_->server; }

uint16_t Service::port() const { return parts_->server ? parts_->server->port() : 0; }

const std::string& Service::kafka_bootstrap() const { return parts_->kafka_bootstrap; }

bool Service::is_replica() const { return parts_->replica; }

std::vector<http::RouteInfo> Service::routes() const {
  return parts_->server ? parts_->server->routes() : std::vector<http::RouteInfo>{};
}

void Service::Stop() {
  if (stopped_ || !parts_) return;
  stopped_ = true;
  if (parts_->storage_monitor) parts_->storage_monitor->Stop();
  if (parts_->memory_trimmer) parts_->memory_trimmer->Stop();
  // Appenders first (requests, then policies), then the relay flushes what they appended.
  if (parts_->server) parts_->server->Stop();
  for (auto& policy : parts_->policies) policy->Stop();
  if (parts_->relay) (void)parts_->relay->Stop();  // Undelivered events are re-sent next start.
  if (parts_->mirror) parts_->mirror->Stop();
  if (parts_->projector) parts_->projector->Stop();
  if (parts_->checkpoint_publisher) parts_->checkpoint_publisher->Stop();
  if (parts_->merkle_index) parts_->merkle_index->Stop();
  parts_->server.reset();
  parts_->policies.clear();
  parts_->relay.reset();
  parts_->projector.reset();
  parts_->checkpoint_publisher.reset();
  parts_->checkpoint_producer.reset();
  parts_->checkpoint_signer.reset();
  parts_->merkle_index.reset();
  parts_->store.reset();
  parts_->mirror.reset();
  parts_->kafka_cluster.reset();
}

}  // namespace kinerja::app
