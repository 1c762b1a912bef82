#include "api/app/service.h"

#include <chrono>
#include <vector>

#include "api/app/audit_proof_routes.h"
#include "api/app/openapi_route.h"
#include "api/app/policies.h"
#include "api/app/routes.h"
#include "api/http/metrics.h"
#include "eventstore/memory_event_store.h"
#include "eventstore/merkle_checkpoints.h"
#include "eventstore/merkle_index.h"
#include "eventstore/rocks_event_store.h"
#include "projections/projector.h"
#include "projections/view_store.h"

namespace kinerja::app {

struct Service::Parts {
  std::unique_ptr<eventstore::RocksEventStore> store;
  // Verifiable log: destroyed before the store (publisher first).
  std::unique_ptr<eventstore::MerkleIndex> merkle_index;
  std::unique_ptr<eventstore::CheckpointSigner> checkpoint_signer;
  std::unique_ptr<eventstore::CheckpointPublisher> checkpoint_publisher;
  std::unique_ptr<projections::Projector> projector;
  std::vector<std::unique_ptr<projections::ProcessManager>> policies;
  std::shared_ptr<http::MetricsRegistry> metrics;
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
  m.SetCallbackGauge("kinerja_projection_poison_events_total",
                     "Events a read model could not fold (kept as dead letters)", {},
                     [projector] { return static_cast<double>(projector->metrics().poison_events); });
}

}  // namespace

std::unique_ptr<Service> Service::Start(ServiceOptions options, std::string* error) {
  std::unique_ptr<Service> service(new Service());
  service->parts_ = std::make_unique<Parts>();
  Parts& parts = *service->parts_;
  if (!options.clock) options.clock = eventstore::SystemClockMicros;

  eventstore::RocksOptions store_options;
  store_options.path = options.data_dir + "/events";
  store_options.sync = options.sync;
  store_options.clock = options.clock;
  auto store = eventstore::RocksEventStore::Open(store_options);
  if (!store.ok()) {
    *error = "cannot open the event log in " + store_options.path + ": " + store.status().ToString();
    return nullptr;
  }
  parts.store = std::move(store).value();

  eventstore::MerkleIndexOptions merkle_options;
  merkle_options.path = options.data_dir + "/merkle";
  auto merkle_index = eventstore::MerkleIndex::Open(parts.store.get(), merkle_options);
  if (!merkle_index.ok()) {
    *error = "cannot open the Merkle index in " + merkle_options.path + ": " +
             merkle_index.status().ToString();
    return nullptr;
  }
  parts.merkle_index = std::move(merkle_index).value();
  auto signer =
      eventstore::CheckpointSigner::LoadOrCreate(options.data_dir + "/audit", options.checkpoint_origin);
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
  publisher_options.on_checkpoint = options.on_checkpoint;
  auto publisher = eventstore::CheckpointPublisher::Open(
      parts.merkle_index.get(), parts.checkpoint_signer.get(), publisher_options);
  if (!publisher.ok()) {
    *error = "cannot load the latest checkpoint: " + publisher.status().ToString();
    return nullptr;
  }
  parts.checkpoint_publisher = std::move(publisher).value();
  parts.merkle_index->Start();
  parts.checkpoint_publisher->Start();

  projections::ViewStoreOptions view_options;
  view_options.path = options.data_dir + "/views";
  auto views = projections::ViewStore::Open(view_options);
  if (!views.ok()) {
    *error = "cannot open the read models in " + view_options.path + ": " +
             views.status().ToString();
    return nullptr;
  }
  auto projector =
      projections::Projector::Open(parts.store.get(), std::move(views).value(), AllProjections());
  if (!projector.ok()) {
    *error = "cannot prepare the read models: " + projector.status().ToString();
    return nullptr;
  }
  parts.projector = std::move(projector).value();
  parts.projector->Start();

  parts.metrics = std::make_shared<http::MetricsRegistry>();
  service->context_ = std::make_unique<AppContext>();
  AppContext& ctx = *service->context_;
  ctx.store = parts.store.get();
  ctx.projector = parts.projector.get();
  ctx.metrics = parts.metrics.get();
  ctx.clock_micros = options.clock;
  ctx.config = options.app;
  RegisterStoreMetrics(*parts.metrics, parts.store.get(), parts.projector.get());
  {
    eventstore::MerkleIndex* index = parts.merkle_index.get();
    eventstore::CheckpointPublisher* publisher = parts.checkpoint_publisher.get();
    parts.metrics->SetCallbackGauge("kinerja_merkle_indexed_size",
                                    "Events in the Merkle index (verifiable log)", {},
                                    [index] { return static_cast<double>(index->size()); });
    parts.metrics->SetCallbackGauge(
        "kinerja_merkle_index_healthy", "1 while the Merkle index accepts the log, 0 once stopped "
        "on a broken chain", {}, [index] { return index->error().ok() ? 1.0 : 0.0; });
    parts.metrics->SetCallbackGauge(
        "kinerja_checkpoint_tree_size", "Tree size of the latest signed checkpoint", {},
        [publisher] {
          auto latest = publisher->Latest();
          return latest ? static_cast<double>(latest->tree_size) : 0.0;
        });
  }

  parts.policies = MakePolicies(ctx);
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
  auto logger = options.logger ? options.logger
                               : http::MakeStdoutLogger("kinerjad", options.log_format);
  auto request_logger = std::make_shared<http::RequestLogger>(logger, options.log_format);
  parts.server = std::make_unique<http::Server>(options.http, parts.metrics, verifier,
                                                request_logger);
  AddCommandRoutes(*parts.server, ctx);
  AddQueryRoutes(*parts.server, ctx);
  AddAuditRoutes(*parts.server, ctx);
  AddAuditProofRoutes(*parts.server, ctx,
                      AuditProofDeps{parts.merkle_index.get(), parts.checkpoint_signer.get(),
                                     parts.checkpoint_publisher.get()});
  AddOpenApiRoute(*parts.server);
  projections::Projector* projector_ptr = parts.projector.get();
  eventstore::RocksEventStore* store_ptr = parts.store.get();
  // Ready once the read models have caught up with the log as it was at start.
  const uint64_t head_at_start = store_ptr->head_position();
  parts.server->MountBuiltins(
      [projector_ptr, head_at_start] { return projector_ptr->applied_position() >= head_at_start; });
  auto started = parts.server->Start();
  if (!started.ok()) {
    *error = "cannot listen on " + options.http.host + ":" + std::to_string(options.http.port) +
             ": " + started.problem().detail;
    return nullptr;
  }
  return service;
}

Service::~Service() { Stop(); }

uint16_t Service::port() const { return parts_->server ? parts_->server->port() : 0; }

std::vector<http::RouteInfo> Service::routes() const {
  return parts_->server ? parts_->server->routes() : std::vector<http::RouteInfo>{};
}

void Service::Stop() {
  if (stopped_ || !parts_) return;
  stopped_ = true;
  if (parts_->server) parts_->server->Stop();
  for (auto& policy : parts_->policies) policy->Stop();
  if (parts_->projector) parts_->projector->Stop();
  if (parts_->checkpoint_publisher) parts_->checkpoint_publisher->Stop();
  if (parts_->merkle_index) parts_->merkle_index->Stop();
  parts_->server.reset();
  parts_->policies.clear();
  parts_->projector.reset();
  parts_->checkpoint_publisher.reset();
  parts_->checkpoint_signer.reset();
  parts_->merkle_index.reset();
  parts_->store.reset();
}

}  // namespace kinerja::app
