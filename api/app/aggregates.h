// The Traits of every aggregate, for command_service.h: which state, command, event and facts
// types belong together, and which codec stores its events. Pure declarations.
#pragma once

#include <string_view>

#include "domain/appraisal.h"
#include "domain/discipline.h"
#include "domain/follow_up.h"
#include "domain/innovation.h"
#include "domain/json/appraisal_codec.h"
#include "domain/json/discipline_codec.h"
#include "domain/json/follow_up_codec.h"
#include "domain/json/innovation_codec.h"
#include "domain/json/pegawai_codec.h"
#include "domain/json/recognition_codec.h"
#include "domain/json/skp_codec.h"
#include "domain/json/training_codec.h"
#include "domain/json/unit_codec.h"
#include "domain/pegawai.h"
#include "domain/recognition.h"
#include "domain/skp.h"
#include "domain/training.h"
#include "domain/unit.h"

namespace kinerja::app {

template <class S, class C, class E, class F, domain::json::EncodedEvent (*kEncode)(const E&),
          domain::Result<E> (*kDecode)(std::string_view, int, std::string_view)>
struct AggregateTraits {
  using State = S;
  using Command = C;
  using Event = E;
  using Facts = F;
  static domain::json::EncodedEvent Encode(const Event& e) { return kEncode(e); }
  static domain::Result<Event> Decode(std::string_view type, int version, std::string_view data) {
    return kDecode(type, version, data);
  }
};

namespace d = domain;
namespace dj = domain::json;

using UnitTraits = AggregateTraits<d::UnitState, d::UnitCommand, d::UnitEvent, d::UnitFacts,
                                   &dj::EncodeUnitEvent, &dj::DecodeUnitEvent>;
using PegawaiTraits =
    AggregateTraits<d::PegawaiState, d::PegawaiCommand, d::PegawaiEvent, d::PegawaiFacts,
                    &dj::EncodePegawaiEvent, &dj::DecodePegawaiEvent>;
using SkpTraits = AggregateTraits<d::SkpState, d::SkpCommand, d::SkpEvent, d::SkpFacts,
                                  &dj::EncodeSkpEvent, &dj::DecodeSkpEvent>;
using AppraisalTraits =
    AggregateTraits<d::AppraisalState, d::AppraisalCommand, d::AppraisalEvent, d::AppraisalFacts,
                    &dj::EncodeAppraisalEvent, &dj::DecodeAppraisalEvent>;
using TrainingTraits =
    AggregateTraits<d::TrainingState, d::TrainingCommand, d::TrainingEvent, d::TrainingFacts,
                    &dj::EncodeTrainingEvent, &dj::DecodeTrainingEvent>;
using RecognitionTraits = AggregateTraits<d::RecognitionState, d::RecognitionCommand,
                                          d::RecognitionEvent, d::RecognitionFacts,
                                          &dj::EncodeRecognitionEvent, &dj::DecodeRecognitionEvent>;
using InnovationTraits =
    AggregateTraits<d::InnovationState, d::InnovationCommand, d::InnovationEvent,
                    d::InnovationFacts, &dj::EncodeInnovationEvent, &dj::DecodeInnovationEvent>;
using DisciplineTraits =
    AggregateTraits<d::DisciplineState, d::DisciplineCommand, d::DisciplineEvent,
                    d::DisciplineFacts, &dj::EncodeDisciplineEvent, &dj::DecodeDisciplineEvent>;
using FollowUpTraits =
    AggregateTraits<d::FollowUpState, d::FollowUpCommand, d::FollowUpEvent, d::FollowUpFacts,
                    &dj::EncodeFollowUpEvent, &dj::DecodeFollowUpEvent>;

}  // namespace kinerja::app
