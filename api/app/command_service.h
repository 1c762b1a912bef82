// Executing a command against one aggregate: load (fold its stream, or only its new events on top
// of a cached state), gather facts, decide, append with the expected version. Shared by every
// command route. Thread-safe as far as the store is: two concurrent commands on one stream race
// on the append and the loser gets 409.
//
// An aggregate is described by a Traits type:
//   struct XTraits {
//     using State = ...; using Command = ...; using Event = ...; using Facts = ...;
//     static domain::json::EncodedEvent Encode(const Event&);
//     static domain::Result<Event> Decode(std::string_view type, int version, std::string_view data);
//   };
// and domain::Decide / domain::Evolve overloads for its State, Command and Event.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/app/aggregate_cache.h"
#include "api/app/error_mapping.h"
#include "api/http/problem.h"
#include "domain/command_context.h"
#include "domain/json/json_writer.h"
#include "eventstore/event_store.h"

namespace kinerja::app {

struct CommandOptions {
  std::optional<uint64_t> if_match;  // If-Match: the stream version the client last saw
  std::string idempotency_key;       // already scoped to the caller ("<actor>:<key>"); empty: none
  std::string fingerprint;           // hash of method + path + body, for the key check
  std::string correlation_id;
  std::string causation_id;
  std::string partition_key;  // the Kafka key: the pegawai's NIP, or the unit id
};

struct CommandOutcome {
  std::string stream;
  uint64_t version = 0;   // the stream version after the command
  uint64_t position = 0;  // read your writes: pass as ?minPosition=
  std::vector<eventstore::RecordedEvent> events;  // empty: nothing needed to change
  bool duplicate = false;  // the stored answer of an earlier request with the same key
};

template <class Traits>
struct Loaded {
  typename Traits::State state;
  uint64_t version = 0;
};

// Folds a stream into its state. A stored event that does not decode is a server fault (500).
template <class Traits>
http::Result<Loaded<Traits>> Load(eventstore::EventReader& reader, const std::string& stream,
                                  const eventstore::AsOf& as_of = {}) {
  eventstore::StreamRead read;
  read.as_of = as_of;
  auto events = reader.ReadStream(stream, read);
  if (!events.ok()) return ProblemFromStore(events.status());
  Loaded<Traits> loaded;
  // Evolve and Decide are found by argument-dependent lookup in kinerja::domain.
  for (const auto& recorded : events.value()) {
    auto event = Traits::Decode(recorded.type, static_cast<int>(recorded.schema_version),
                                recorded.data);
    if (!event.ok()) return http::Problem::Internal();
    loaded.state = Evolve(std::move(loaded.state), event.value());
    loaded.version = recorded.stream_version;
  }
  return loaded;
}

// A state for a command: shared with the cache (read-only) or owned alone.
template <class Traits>
struct SharedLoaded {
  std::shared_ptr<const typename Traits::State> state;
  uint64_t version = 0;
};

// The current state of `stream`, exactly as Load<Traits>(reader, stream) folds it, through
// `cache` (aggregate_cache.h): with an entry at version N it reads the stream from version N,
// checks that event N is still the cached one (else folds the whole stream) and folds only the
// events after it. The result is cached. cache == nullptr: a plain full fold.
template <class Traits>
http::Result<SharedLoaded<Traits>> LoadForCommand(eventstore::EventReader& reader,
                                                  AggregateCache* cache,
                                                  const std::string& stream) {
  using State = typename Traits::State;
  std::optional<AggregateCache::Entry<State>> entry;
  if (cache != nullptr) entry = cache->template Take<State>(stream);
  eventstore::StreamRead read;
  if (entry) read.from_version = entry->version;
  auto events = reader.ReadStream(stream, read);
  if (!events.ok()) return ProblemFromStore(events.status());
  size_t first_new = 0;
  if (entry) {
    const auto& got = events.value();
    if (!got.empty() && got.front().stream_version == entry->version &&
        got.front().position == entry->position && got.front().id == entry->event_id) {
      first_new = 1;
    } else {
      // Not the events the entry was folded from: forget it and fold the whole stream.
      entry.reset();
      events = reader.ReadStream(stream, eventstore::StreamRead{});
      if (!events.ok()) return ProblemFromStore(events.status());
    }
  }
  const auto& recorded = events.value();
  if (!entry) {
    entry.emplace();
    entry->state = std::make_shared<State>();
  } else if (first_new < recorded.size() && entry->state.use_count() > 1) {
    entry->state = std::make_shared<State>(*entry->state);  // someone still reads the old one
  }
  // Evolve and Decide are found by argument-dependent lookup in kinerja::domain.
  for (size_t i = first_new; i < recorded.size(); ++i) {
    const eventstore::RecordedEvent& e = recorded[i];
    auto event = Traits::Decode(e.type, static_cast<int>(e.schema_version), e.data);
    if (!event.ok()) return http::Problem::Internal();
    *entry->state = Evolve(std::move(*entry->state), event.value());
    entry->version = e.stream_version;
    entry->position = e.position;
    entry->event_id = e.id;
    entry->bytes += e.data.size();
  }
  SharedLoaded<Traits> loaded{entry->state, entry->version};
  if (cache != nullptr) cache->Put(stream, std::move(*entry));
  return loaded;
}

// The metadata stored with every event of a command.
std::string CommandMetadata(const CommandOptions& options);

// A retried request with a known idempotency key: its stored outcome, a 422 when the key was used
// for another request, or nullopt when the key is new.
http::Result<std::optional<CommandOutcome>> FindIdempotentOutcome(eventstore::EventStore& store,
                                                                  const CommandOptions& options);

// Appends decided events (encoded by Traits) and builds the outcome.
template <class Traits>
http::Result<CommandOutcome> AppendDecided(eventstore::EventStore& store, const std::string& stream,
                                           uint64_t expected_version,
                                           const std::vector<typename Traits::Event>& decided,
                                           const domain::CommandContext& ctx,
                                           const CommandOptions& options) {
  std::vector<eventstore::NewEvent> events;
  events.reserve(decided.size());
  const std::string metadata = CommandMetadata(options);
  for (const auto& event : decided) {
    domain::json::EncodedEvent encoded = Traits::Encode(event);
    events.push_back(eventstore::NewEvent{"", std::move(encoded.type),
                                          static_cast<uint32_t>(encoded.version),
                                          std::move(encoded.data), metadata});
  }
  eventstore::AppendContext context{ctx.actor, options.correlation_id, options.causation_id,
                                    options.idempotency_key, options.fingerprint};
  auto appended = store.Append(stream, eventstore::ExpectedVersion::Exact(expected_version),
                               std::move(events), context);
  if (!appended.ok()) return ProblemFromStore(appended.status());
  CommandOutcome outcome;
  outcome.stream = stream;
  outcome.version = appended->stream_version;
  outcome.position = appended->last_position;
  outcome.events = std::move(appended->events);
  outcome.duplicate = appended->duplicate;
  return outcome;
}

// Load (through `cache` when not null, see LoadForCommand), check If-Match, gather facts
// (facts_fn(state) -> http::Result<Facts>), decide, append.
template <class Traits, class FactsFn>
http::Result<CommandOutcome> Execute(eventstore::EventStore& store, const std::string& stream,
                                     const typename Traits::Command& command, FactsFn&& facts_fn,
                                     const domain::CommandContext& ctx,
                                     const CommandOptions& options,
                                     AggregateCache* cache = nullptr) {
  auto earlier = FindIdempotentOutcome(store, options);
  if (!earlier.ok()) return earlier.problem();
  if (earlier.value()) return std::move(*earlier.value());

  auto loaded = LoadForCommand<Traits>(store, cache, stream);
  if (!loaded.ok()) return loaded.problem();
  const uint64_t version = loaded.value().version;
  const typename Traits::State& state = *loaded.value().state;
  if (options.if_match && *options.if_match != version) {
    return http::Problem::Make(http::ErrorCategory::kPreconditionFailed, "precondition.failed",
                               "The record changed since you read it (version " +
                                   std::to_string(version) + ").")
        .With("actualVersion", std::to_string(version));
  }
  http::Result<typename Traits::Facts> facts = facts_fn(state);
  if (!facts.ok()) return facts.problem();
  auto decided = Decide(state, command, facts.value(), ctx);
  if (!decided.ok()) return ProblemFromViolation(decided.error());
  if (decided.value().empty()) {
    CommandOutcome unchanged;
    unchanged.stream = stream;
    unchanged.version = version;
    unchanged.position = store.head_position();
    return unchanged;
  }
  return AppendDecided<Traits>(store, stream, version, decided.value(), ctx, options);
}

}  // namespace kinerja::app
