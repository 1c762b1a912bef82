// What every route handler of kinerjad shares: the event store, the read models, the clock and
// the instansi's configuration. Built once by kinerjad (or a test) and outlives the server.
// Thread-safety: the pointed-to objects are thread-safe; the struct itself is read-only after
// start-up.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include "api/app/aggregate_cache.h"
#include "api/app/answer_cache.h"
#include "domain/command_context.h"
#include "domain/period.h"
#include "eventstore/event_store.h"

namespace kinerja::projections {
class Projector;
}
namespace kinerja::http {
class MetricsRegistry;
}

namespace kinerja::app {

struct AppConfig {
  // The instansi's choice of periodic appraisal (the annual one is always allowed).
  // Default: quarterly.
  domain::PeriodKind periodic_kind = domain::PeriodKind::kQuarterly;
  // Longest a read waits for ?minPosition= / X-Min-Position to be applied before it answers
  // 503 "read_model.behind" with Retry-After: 1.
  // Default: 2 s.
  std::chrono::milliseconds min_position_wait{2000};
  // How long a unit or city dashboard answer is reused (answer_cache.h); requests whose
  // minPosition is beyond the kept answer's position always get a fresh one. 0: never reused.
  // Default: 2 s.
  std::chrono::milliseconds dashboard_max_age{2000};
};

struct AppContext {
  eventstore::EventStore* store = nullptr;         // the log; commands append here
  projections::Projector* projector = nullptr;     // read models; queries read here
  // The dashboards' answers kept for config.dashboard_max_age (shared by copies of the context).
  std::shared_ptr<AnswerCache> dashboards = std::make_shared<AnswerCache>();
  http::MetricsRegistry* metrics = nullptr;        // may be null in tests
  std::function<int64_t()> clock_micros;           // UTC now in microseconds; tests inject
  AppConfig config;
  // Folded aggregate states kept between commands on `store` (aggregate_cache.h); null: every
  // command folds its whole stream. Entries are checked against `store` on every use.
  std::shared_ptr<AggregateCache> aggregates = std::make_shared<AggregateCache>();

  domain::Timestamp Now() const { return domain::Timestamp{clock_micros()}; }
  domain::CommandContext CommandContextFor(const std::string& actor) const {
    return domain::CommandContext{Now(), actor};
  }
};

}  // namespace kinerja::app
