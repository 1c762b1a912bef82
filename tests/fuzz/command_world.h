// The command side of tests/fuzz: a World of one state per aggregate and Apply(), which runs one
// command line ("<command letter><actor digit><JSON body>", see fuzz_command_json.cc) the way its
// route does: body decoded by the codec, the route's own checks, Decide against the state with
// permissive facts, each decided event encoded, decoded back (FUZZ_CHECK) and evolved. Also used
// by fuzz_make_seeds to turn the command seeds into real stored events.
// Header-only; one World per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "api/app/aggregates.h"
#include "api/http/json.h"
#include "domain/nip.h"
#include "domain/unit.h"
#include "tests/fuzz/fuzz_check.h"

namespace kinerja::fuzz {

namespace d = kinerja::domain;
namespace dj = kinerja::domain::json;
namespace app = kinerja::app;
using std::string;

// Receives every decided event (stream, the command's context, the encoded event).
using EventSink =
    std::function<void(const string&, const d::CommandContext&, const dj::EncodedEvent&)>;
inline EventSink*& Sink() {
  static EventSink* sink = nullptr;
  return sink;
}

inline const string kP = "199001012015031001";  // the pegawai
inline const string kS = "198505052010012002";  // P's pejabat penilai
inline const string kA = "197003032000031003";  // S's pejabat penilai (P's atasan pejabat penilai)
inline const string kTrainingId = "0b7c2f7e-5a1d-4c8e-9f00-1234567890ab";
inline const string kInnovationId = "5e0c1f2a-3b4d-4e5f-8a6b-7c8d9e0f1a2b";
constexpr int kYear = 2026;

inline d::Timestamp Now() {
  static const d::Timestamp now = d::Timestamp::ParseRfc3339("2026-06-15T03:00:00Z").value();
  return now;
}

inline const d::Period& Quarter() {
  static const d::Period period = d::Period::Parse("2026-Q1").value();
  return period;
}

inline void CheckRefusal(const d::RuleViolation& v) {
  FUZZ_CHECK(!v.code.empty(), "a refusal has a code");
  FUZZ_CHECK(!v.message_en.empty() && !v.message_id.empty(), "a refusal says why: " + v.code);
}

// Decide, check the events' codec round trip, evolve.
template <class Traits>
inline void Run(typename Traits::State& state, const typename Traits::Command& command,
                const typename Traits::Facts& facts, const d::CommandContext& ctx,
                const std::string& stream) {
  auto decided = d::Decide(state, command, facts, ctx);
  if (!decided.ok()) {
    CheckRefusal(decided.error());
    return;
  }
  for (const auto& event : decided.value()) {
    const dj::EncodedEvent encoded = Traits::Encode(event);
    auto back = Traits::Decode(encoded.type, encoded.version, encoded.data);
    FUZZ_CHECK(back.ok(), "a decided " + encoded.type + " decodes: " + encoded.data + " -> " +
                              (back.ok() ? string() : back.error().code));
    const dj::EncodedEvent again = Traits::Encode(back.value());
    FUZZ_CHECK(
        again.type == encoded.type && again.version == encoded.version &&
            again.data == encoded.data,
        encoded.type + " re-encodes to the same JSON:\n  " + encoded.data + "\n  " + again.data);
    state = d::Evolve(std::move(state), event);
    if (EventSink* sink = Sink()) (*sink)(stream, ctx, encoded);
  }
}

// What a sequence of commands acts on: one state per aggregate.
struct World {
  d::UnitState unit;
  d::PegawaiState pegawai;
  d::SkpState skp;
  d::AppraisalState appraisal;
  d::TrainingState training;
  d::RecognitionState recognition;
  d::InnovationState innovation;
  d::DisciplineState discipline;
  d::FollowUpState follow_up;
};

inline d::PegawaiFacts PegawaiFacts() {
  d::PegawaiFacts f;
  f.unit_exists = true;
  f.supervisor_registered = true;
  f.supervisor_chain = {kA};
  return f;
}

inline d::SkpFacts SkpFacts() {
  d::SkpFacts f;
  f.current_supervisor_nip = kS;
  f.supervisor_approved_rhk_ids = {"rhk-s-1", "rhk-s-2"};
  return f;
}

inline d::AppraisalFacts AppraisalFacts() {
  d::AppraisalFacts f;
  f.pegawai_registered = true;
  f.pejabat_penilai_nip = kS;
  f.atasan_pejabat_penilai_nip = kA;
  f.approved_skp_version = 1;
  f.periodic_kind = d::PeriodKind::kQuarterly;
  return f;
}

template <class Cmd>
inline bool Decoded(const d::Result<Cmd>& r) {
  if (!r.ok()) CheckRefusal(r.error());
  return r.ok();
}

inline void Apply(World& w, char letter, const d::CommandContext& ctx,
                  const rapidjson::Value& body) {
  switch (letter) {
    case 'a': {  // POST /v1/units
      auto c = dj::DecodeRegisterUnit(body);
      if (!Decoded(c) || !d::ValidateUnitId(c.value().id).ok()) return;
      return Run<app::UnitTraits>(w.unit, c.value(), d::UnitFacts{true}, ctx,
                                  d::UnitStream("dinas-kominfo"));
    }
    case 'b': {  // POST /v1/units/:id/organisation-predikat
      auto c = dj::DecodeSetOrganisationPredikat(body);
      if (!Decoded(c)) return;
      return Run<app::UnitTraits>(w.unit, c.value(), d::UnitFacts{}, ctx,
                                  d::UnitStream("dinas-kominfo"));
    }
    case 'c': {  // POST /v1/employees
      auto c = dj::DecodeRegisterEmployee(body);
      if (!Decoded(c) || !d::Nip::Parse(c.value().nip, c.value().status).ok()) return;
      return Run<app::PegawaiTraits>(w.pegawai, c.value(), PegawaiFacts(), ctx,
                                     d::PegawaiStream(kP));
    }
    case 'd': {  // POST /v1/employees/:nip/assignment
      auto c = dj::DecodeChangeAssignment(body);
      if (!Decoded(c)) return;
      return Run<app::PegawaiTraits>(w.pegawai, c.value(), PegawaiFacts(), ctx,
                                     d::PegawaiStream(kP));
    }
    case 'e': {  // POST /v1/employees/:nip/work-plans/:year
      auto c = dj::DecodeWorkPlanBody(kP, kYear, body);
      if (!Decoded(c)) return;
      return Run<app::SkpTraits>(w.skp, c.value(), SkpFacts(), ctx, d::SkpStream(kP, kYear));
    }
    case 'f':  // .../approve
      return Run<app::SkpTraits>(w.skp, dj::MakeApproveWorkPlan(kP, kYear), SkpFacts(), ctx,
                                 d::SkpStream(kP, kYear));
    case 'g': {  // .../return
      auto c = dj::DecodeReturnWorkPlan(kP, kYear, body);
      if (!Decoded(c)) return;
      return Run<app::SkpTraits>(w.skp, c.value(), SkpFacts(), ctx, d::SkpStream(kP, kYear));
    }
    case 'h': {  // .../progress
      auto c = dj::DecodeRecordProgress(kP, kYear, body);
      if (!Decoded(c)) return;
      return Run<app::SkpTraits>(w.skp, c.value(), SkpFacts(), ctx, d::SkpStream(kP, kYear));
    }
    case 'i': {  // .../feedback
      auto c = dj::DecodeGiveFeedback(kP, kYear, body);
      if (!Decoded(c)) return;
      return Run<app::SkpTraits>(w.skp, c.value(), SkpFacts(), ctx, d::SkpStream(kP, kYear));
    }
    case 'j': {  // POST /v1/employees/:nip/appraisals/:period
      auto c = dj::DecodeRecordAppraisal(kP, Quarter(), body);
      if (!Decoded(c)) return;
      return Run<app::AppraisalTraits>(w.appraisal, c.value(), AppraisalFacts(), ctx,
                                       d::AppraisalStream(kP, Quarter()));
    }
    case 'k':  // .../accept
      return Run<app::AppraisalTraits>(w.appraisal, d::AcceptAppraisal{}, AppraisalFacts(), ctx,
                                       d::AppraisalStream(kP, Quarter()));
    case 'l': {  // .../objection
      auto c = dj::DecodeFileObjection(body);
      if (!Decoded(c)) return;
      return Run<app::AppraisalTraits>(w.appraisal, c.value(), AppraisalFacts(), ctx,
                                       d::AppraisalStream(kP, Quarter()));
    }
    case 'm': {  // .../objection/decision
      auto c = dj::DecodeDecideObjection(body);
      if (!Decoded(c)) return;
      return Run<app::AppraisalTraits>(w.appraisal, c.value(), AppraisalFacts(), ctx,
                                       d::AppraisalStream(kP, Quarter()));
    }
    case 'n': {  // .../finalize, then the follow-up policy on the finalised appraisal
      Run<app::AppraisalTraits>(w.appraisal, d::FinalizeAppraisal{}, AppraisalFacts(), ctx,
                                d::AppraisalStream(kP, Quarter()));
      if (auto recommend = d::FollowUpPolicy(w.appraisal)) {
        Run<app::FollowUpTraits>(w.follow_up, *recommend, d::FollowUpFacts{}, ctx,
                                 d::FollowUpStream(kP, kYear));
      }
      return;
    }
    case 'o': {  // POST /v1/trainings
      auto c = dj::DecodeAssignTraining(kTrainingId, body);
      if (!Decoded(c) || !d::Nip::ParseAny(c.value().nip).ok()) return;
      return Run<app::TrainingTraits>(w.training, c.value(), d::TrainingFacts{true, true}, ctx,
                                      d::TrainingStream(kTrainingId));
    }
    case 'p': {  // POST /v1/trainings/:id/complete
      auto c = dj::DecodeCompleteTraining(body);
      if (!Decoded(c)) return;
      return Run<app::TrainingTraits>(w.training, c.value(), d::TrainingFacts{}, ctx,
                                      d::TrainingStream(kTrainingId));
    }
    case 'q': {  // POST /v1/trainings/:id/cancel
      auto c = dj::DecodeCancelTraining(body);
      if (!Decoded(c)) return;
      return Run<app::TrainingTraits>(w.training, c.value(), d::TrainingFacts{}, ctx,
                                      d::TrainingStream(kTrainingId));
    }
    case 'r': {  // POST /v1/employees/:nip/recognitions
      auto c = dj::DecodeGrantRecognition(kP, body);
      if (!Decoded(c)) return;
      return Run<app::RecognitionTraits>(w.recognition, c.value(), d::RecognitionFacts{true, true},
                                         ctx, d::RecognitionStream(kP));
    }
    case 's': {  // POST /v1/employees/:nip/innovations
      auto c = dj::DecodeRecordInnovation(kInnovationId, kP, body);
      if (!Decoded(c)) return;
      return Run<app::InnovationTraits>(w.innovation, c.value(), d::InnovationFacts{true, kS}, ctx,
                                        d::InnovationStream(kInnovationId));
    }
    case 't':  // .../innovations/:id/acknowledge
      return Run<app::InnovationTraits>(w.innovation, d::AcknowledgeInnovation{},
                                        d::InnovationFacts{true, kS}, ctx,
                                        d::InnovationStream(kInnovationId));
    case 'u': {  // POST /v1/employees/:nip/disciplinary-actions
      auto c = dj::DecodeRecordDisciplinaryAction(kP, body);
      if (!Decoded(c)) return;
      return Run<app::DisciplineTraits>(w.discipline, c.value(), d::DisciplineFacts{true}, ctx,
                                        d::DisciplineStream(kP));
    }
    case 'v': {  // the follow-up of a training or recognition (sent by the policies)
      auto c = dj::DecodeActOnFollowUp(body);
      if (!Decoded(c)) return;
      return Run<app::FollowUpTraits>(w.follow_up, c.value(), d::FollowUpFacts{}, ctx,
                                      d::FollowUpStream(kP, kYear));
    }
    default:
      return;
  }
}

inline const string& Actor(char digit) {
  static const string kAdmin = "admin";
  switch (digit) {
    case '1':
      return kS;
    case '2':
      return kA;
    case '3':
      return kAdmin;
    default:
      return kP;
  }
}

// Runs every line of `input` (at most 16 commands) on a fresh World.
inline void RunCommandLines(std::string_view in) {
  World world;
  int commands = 0;
  while (!in.empty() && commands++ < 16) {
    const size_t eol = in.find('\n');
    std::string_view line = in.substr(0, eol);
    in = eol == std::string_view::npos ? std::string_view() : in.substr(eol + 1);
    if (line.size() < 2) continue;
    const d::CommandContext ctx{Now(), Actor(line[1])};
    std::string_view text = line.substr(2);
    if (text.empty()) text = "{}";  // the routes take an empty body as {}
    auto body = kinerja::http::ParseJsonBody(text);
    if (!body.ok()) continue;                 // the edge answers 400
    if (!body.value()->IsObject()) continue;  // the routes answer 400 wrong_type
    Apply(world, line[0], ctx, *body.value());
  }
}

}  // namespace kinerja::fuzz
