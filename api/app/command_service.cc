#include "api/app/command_service.h"

namespace kinerja::app {

std::string CommandMetadata(const CommandOptions& options) {
  return domain::json::WriteObject([&](domain::json::Writer& w) {
    if (!options.partition_key.empty()) domain::json::Put(w, "partitionKey", options.partition_key);
  });
}

http::Result<std::optional<CommandOutcome>> FindIdempotentOutcome(eventstore::EventStore& store,
                                                                  const CommandOptions& options) {
  if (options.idempotency_key.empty()) return std::optional<CommandOutcome>{};
  auto found = store.FindIdempotentAppend(options.idempotency_key);
  if (!found.ok()) return ProblemFromStore(found.status());
  if (!found.value()) return std::optional<CommandOutcome>{};
  const eventstore::IdempotentAppend& earlier = *found.value();
  if (earlier.fingerprint != options.fingerprint) {
    return ProblemFromStore(eventstore::Status::IdempotencyMismatch("key reused"));
  }
  CommandOutcome outcome;
  outcome.stream = earlier.result.stream;
  outcome.version = earlier.result.stream_version;
  outcome.position = earlier.result.last_position;
  outcome.events = earlier.result.events;
  outcome.duplicate = true;
  return std::optional<CommandOutcome>(std::move(outcome));
}

}  // namespace kinerja::app
