// The follow-up policy (domain/follow_up.h) as a process manager on the log:
//   AppraisalFinalized of an ANNUAL period -> load appraisal-<nip>-<year> as of that event,
//     FollowUpPolicy(state) -> RecommendFollowUp on followup-<nip>-<year>;
//   TrainingAssigned / RecognitionGranted naming a follow-up year -> ActOnFollowUp on
//     followup-<nip>-<year> (reference: the training id / the recognition number).
// Idempotent under at-least-once delivery twice over: the follow-up aggregate decides nothing for
// a repeat, and the appended events get ids derived from the source event's id, so an append that
// was durable but not checkpointed is recognised by the store as a duplicate.
#include "api/app/policies.h"

#include <spdlog/spdlog.h>

#include <string>
#include <vector>

#include "api/app/aggregates.h"
#include "api/app/command_service.h"
#include "eventstore/hash_chain.h"

namespace kinerja::app {
namespace {

constexpr const char* kPolicyName = "follow-up-policy";

// A UUID (RFC 4122 layout, version 5 bits) derived from the source event id and the index of the
// appended event: the same source event always yields the same ids.
std::string DerivedEventId(const std::string& source_id, size_t index) {
  std::string raw = eventstore::Sha256Raw(std::string(kPolicyName) + "\n" + source_id + "\n" +
                                          std::to_string(index));
  raw.resize(16);
  raw[6] = static_cast<char>((static_cast<unsigned char>(raw[6]) & 0x0f) | 0x50);
  raw[8] = static_cast<char>((static_cast<unsigned char>(raw[8]) & 0x3f) | 0x80);
  const std::string hex = eventstore::ToHex(raw);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

eventstore::Status StatusFromProblem(const http::Problem& problem) {
  if (problem.status() == 503) return eventstore::Status::Unavailable(problem.detail);
  return eventstore::Status::InvalidArgument(problem.code + ": " + problem.detail);
}

// Decides `command` on followup-<nip>-<year> and appends what it decided with derived ids.
eventstore::Status Apply(eventstore::EventStore& store, const AppContext& ctx,
                         const eventstore::RecordedEvent& source, const std::string& nip, int year,
                         const domain::FollowUpCommand& command) {
  const std::string stream = domain::FollowUpStream(nip, year);
  auto loaded = Load<FollowUpTraits>(store, stream);
  if (!loaded.ok()) return StatusFromProblem(loaded.problem());
  const domain::CommandContext command_ctx = ctx.CommandContextFor(kPolicyName);
  auto decided = Decide(loaded.value().state, command, domain::FollowUpFacts{}, command_ctx);
  if (!decided.ok()) {
    return eventstore::Status::InvalidArgument(decided.error().code + ": " +
                                               decided.error().message_en);
  }
  if (decided.value().empty()) return eventstore::Status::Ok();  // already recorded
  CommandOptions options;
  options.partition_key = nip;
  const std::string metadata = CommandMetadata(options);
  std::vector<eventstore::NewEvent> events;
  for (size_t i = 0; i < decided.value().size(); ++i) {
    auto encoded = FollowUpTraits::Encode(decided.value()[i]);
    events.push_back(eventstore::NewEvent{DerivedEventId(source.id, i), std::move(encoded.type),
                                          static_cast<uint32_t>(encoded.version),
                                          std::move(encoded.data), metadata});
  }
  eventstore::AppendContext context{kPolicyName, source.correlation_id, source.id, "", ""};
  auto appended = store.Append(stream, eventstore::ExpectedVersion::Exact(loaded.value().version),
                               std::move(events), context);
  return appended.ok() ? eventstore::Status::Ok() : appended.status();
}

eventstore::Status OnAppraisalFinalized(eventstore::EventStore& store, const AppContext& ctx,
                                        const eventstore::RecordedEvent& e) {
  eventstore::AsOf as_of;
  as_of.position = e.position;
  auto appraisal = Load<AppraisalTraits>(store, e.stream, as_of);
  if (!appraisal.ok()) return StatusFromProblem(appraisal.problem());
  const auto recommend = domain::FollowUpPolicy(appraisal.value().state);
  if (!recommend) return eventstore::Status::Ok();  // periodic, BAIK, or not final
  return Apply(store, ctx, e, recommend->nip, recommend->year, *recommend);
}

eventstore::Status OnTrainingAssigned(eventstore::EventStore& store, const AppContext& ctx,
                                      const eventstore::RecordedEvent& e) {
  auto event = TrainingTraits::Decode(e.type, static_cast<int>(e.schema_version), e.data);
  if (!event.ok()) return eventstore::Status::InvalidArgument(event.error().code);
  const auto* assigned = std::get_if<domain::TrainingAssigned>(&event.value());
  if (assigned == nullptr || !assigned->follow_up_year) return eventstore::Status::Ok();
  return Apply(store, ctx, e, assigned->nip, *assigned->follow_up_year,
               domain::ActOnFollowUp{domain::FollowUpAction::kTrainingAssigned, assigned->id});
}

eventstore::Status OnRecognitionGranted(eventstore::EventStore& store, const AppContext& ctx,
                                        const eventstore::RecordedEvent& e) {
  auto event = RecognitionTraits::Decode(e.type, static_cast<int>(e.schema_version), e.data);
  if (!event.ok()) return eventstore::Status::InvalidArgument(event.error().code);
  const auto& granted = std::get<domain::RecognitionGranted>(event.value());
  if (!granted.follow_up_year) return eventstore::Status::Ok();
  return Apply(store, ctx, e, granted.nip, *granted.follow_up_year,
               domain::ActOnFollowUp{domain::FollowUpAction::kRecognitionGranted,
                                     std::to_string(granted.number)});
}

}  // namespace

std::vector<std::unique_ptr<projections::ProcessManager>> MakePolicies(AppContext& ctx) {
  eventstore::EventStore* store = ctx.store;
  const AppContext* context = &ctx;
  projections::ProcessManagerOptions options;
  options.name = kPolicyName;
  options.on_failure = [](const projections::ProcessFailure& f) {
    spdlog::warn("follow-up-policy skipped event {} ({}) at position {}: {}", f.event_id, f.type,
                 f.position, f.error);
  };
  auto handler = [store, context](const eventstore::RecordedEvent& e) -> eventstore::Status {
    if (e.type == domain::AppraisalFinalized::kType) return OnAppraisalFinalized(*store, *context, e);
    if (e.type == domain::TrainingAssigned::kType) return OnTrainingAssigned(*store, *context, e);
    if (e.type == domain::RecognitionGranted::kType) {
      return OnRecognitionGranted(*store, *context, e);
    }
    return eventstore::Status::Ok();
  };
  std::vector<std::unique_ptr<projections::ProcessManager>> policies;
  policies.push_back(
      std::make_unique<projections::ProcessManager>(store, std::move(options), std::move(handler)));
  return policies;
}

}  // namespace kinerja::app
