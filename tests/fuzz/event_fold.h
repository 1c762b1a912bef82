// The read side of tests/fuzz: what happens to one RecordedEvent read back from RocksDB or Kafka.
// Its JSON is decoded (and older schema versions upcast) by the aggregate codec that owns the
// type, evolved into a fresh state, re-encoded and decoded again (FUZZ_CHECK: same JSON); then
// every read model of kinerjad (app::AllProjections) folds it with the projector's semantics
// (a poison event or an exception rolls its writes back).
// Header-only; an EventFolder belongs to one thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api/app/aggregates.h"
#include "api/app/routes.h"
#include "eventstore/types.h"
#include "projections/memory_documents.h"
#include "tests/fuzz/fuzz_check.h"

namespace kinerja::fuzz {

// Decodes with Traits when `type` is one of its events; checks the re-encoding round trip.
template <class Traits>
void DecodeDomainEvent(const eventstore::RecordedEvent& e) {
  auto decoded = Traits::Decode(e.type, static_cast<int>(e.schema_version), e.data);
  if (!decoded.ok()) {
    FUZZ_CHECK(!decoded.error().code.empty(), "a refused event has a code");
    return;
  }
  (void)domain::Evolve(typename Traits::State{}, decoded.value());
  const auto encoded = Traits::Encode(decoded.value());
  auto again = Traits::Decode(encoded.type, encoded.version, encoded.data);
  FUZZ_CHECK(again.ok(), e.type + " as re-encoded decodes: " + encoded.data);
  const auto encoded_again = Traits::Encode(again.value());
  FUZZ_CHECK(encoded_again.data == encoded.data && encoded_again.type == encoded.type &&
                 encoded_again.version == encoded.version,
             e.type + " re-encodes stably:\n  " + encoded.data + "\n  " + encoded_again.data);
}

inline void DecodeAnyDomainEvent(const eventstore::RecordedEvent& e) {
  namespace dj = domain::json;
  if (dj::IsUnitEventType(e.type)) DecodeDomainEvent<app::UnitTraits>(e);
  if (dj::IsPegawaiEventType(e.type)) DecodeDomainEvent<app::PegawaiTraits>(e);
  if (dj::IsSkpEventType(e.type)) DecodeDomainEvent<app::SkpTraits>(e);
  if (dj::IsAppraisalEventType(e.type)) DecodeDomainEvent<app::AppraisalTraits>(e);
  if (dj::IsTrainingEventType(e.type)) DecodeDomainEvent<app::TrainingTraits>(e);
  if (dj::IsRecognitionEventType(e.type)) DecodeDomainEvent<app::RecognitionTraits>(e);
  if (dj::IsInnovationEventType(e.type)) DecodeDomainEvent<app::InnovationTraits>(e);
  if (dj::IsDisciplineEventType(e.type)) DecodeDomainEvent<app::DisciplineTraits>(e);
  if (dj::IsFollowUpEventType(e.type)) DecodeDomainEvent<app::FollowUpTraits>(e);
}

// Every read model over one in-memory document set per input.
class EventFolder {
 public:
  EventFolder() : docs_(Projections().size()) {}

  void Apply(const eventstore::RecordedEvent& e) {
    DecodeAnyDomainEvent(e);
    const auto& all = Projections();
    for (size_t i = 0; i < all.size(); ++i) (void)projections::Fold(*all[i], e, &docs_[i]);
  }

 private:
  static const std::vector<std::unique_ptr<projections::Projection>>& Projections() {
    static const auto* all =
        new std::vector<std::unique_ptr<projections::Projection>>(app::AllProjections());
    return *all;
  }
  std::vector<projections::MemoryDocuments> docs_;
};

}  // namespace kinerja::fuzz
