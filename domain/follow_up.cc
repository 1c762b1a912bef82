#include "domain/follow_up.h"

#include "domain/nip.h"
#include "domain/overloaded.h"
#include "domain/period.h"
#include "domain/text.h"

namespace kinerja::domain {
namespace {

using Events = std::vector<FollowUpEvent>;

Result<Events> DecideRecommend(const FollowUpState& state, const RecommendFollowUp& cmd) {
  if (auto nip = Nip::ParseAny(cmd.nip); !nip.ok()) return nip.error();
  if (auto s = CheckYear(cmd.year); !s.ok()) return s.error();
  if (FollowUpKindFor(cmd.predikat) != cmd.kind) {
    return Violation(ViolationKind::kInvalid, "followup.kind_mismatch",
                     std::string("Predikat ") + ToString(cmd.predikat) + " tidak memerlukan " +
                         ToString(cmd.kind),
                     std::string("Predikat ") + ToString(cmd.predikat) + " does not call for " +
                         ToString(cmd.kind));
  }
  if (cmd.appraisal_stream != AppraisalStream(cmd.nip, Period::Annual(cmd.year))) {
    return Violation(ViolationKind::kInvalid, "followup.appraisal_stream_invalid",
                     "Tindak lanjut mengacu pada penilaian tahunan pegawai yang sama",
                     "A follow-up refers to the same pegawai's annual appraisal");
  }
  if (state.status != FollowUpStatus::kNone) {
    if (state.nip == cmd.nip && state.year == cmd.year && state.kind == cmd.kind &&
        state.predikat == cmd.predikat && state.appraisal_stream == cmd.appraisal_stream) {
      return Events{};  // already recommended: a replay records nothing
    }
    return Violation(ViolationKind::kConflict, "followup.already_recommended",
                     "Tindak lanjut tahun ini sudah direkomendasikan dengan isi lain",
                     "A different follow-up was already recommended for this year");
  }
  if (cmd.kind == FollowUpKind::kPembinaan) {
    return Events{PembinaanRecommended{cmd.nip, cmd.year, cmd.predikat, cmd.appraisal_stream}};
  }
  return Events{PenghargaanRecommended{cmd.nip, cmd.year, cmd.predikat, cmd.appraisal_stream}};
}

Result<Events> DecideAct(const FollowUpState& state, const ActOnFollowUp& cmd) {
  if (auto s = CheckText("reference", cmd.reference, 1, 128); !s.ok()) return s.error();
  if (state.status == FollowUpStatus::kNone) {
    return Violation(ViolationKind::kNotFound, "followup.not_recommended",
                     "Belum ada rekomendasi tindak lanjut", "No follow-up was recommended");
  }
  const FollowUpAction expected = *state.kind == FollowUpKind::kPembinaan
                                      ? FollowUpAction::kTrainingAssigned
                                      : FollowUpAction::kRecognitionGranted;
  if (cmd.action != expected) {
    return Violation(ViolationKind::kRefused, "followup.action_mismatch",
                     std::string("Rekomendasi ") + ToString(*state.kind) +
                         " ditindaklanjuti dengan " + ToString(expected),
                     std::string("A ") + ToString(*state.kind) +
                         " recommendation is acted on by " + ToString(expected));
  }
  for (const auto& act : state.acts) {
    if (act.action == cmd.action && act.reference == cmd.reference) return Events{};
  }
  return Events{FollowUpActedOn{state.nip, state.year, cmd.action, cmd.reference}};
}

}  // namespace

std::string FollowUpStream(const std::string& nip, int year) {
  return "followup-" + nip + "-" + std::to_string(year);
}

const char* ToString(FollowUpKind kind) {
  return kind == FollowUpKind::kPembinaan ? "pembinaan" : "penghargaan";
}

Result<FollowUpAction> ParseFollowUpAction(std::string_view text) {
  if (text == "training_assigned") return FollowUpAction::kTrainingAssigned;
  if (text == "recognition_granted") return FollowUpAction::kRecognitionGranted;
  return Violation(ViolationKind::kInvalid, "followup.action_invalid",
                   "Tindakan tidak valid: '" + std::string(text) + "'",
                   "Invalid action: '" + std::string(text) +
                       "' (allowed: training_assigned, recognition_granted)");
}

const char* ToString(FollowUpAction action) {
  return action == FollowUpAction::kTrainingAssigned ? "training_assigned"
                                                     : "recognition_granted";
}

const char* ToString(FollowUpStatus s) {
  switch (s) {
    case FollowUpStatus::kNone: return "NONE";
    case FollowUpStatus::kRecommended: return "RECOMMENDED";
    case FollowUpStatus::kActedOn: return "ACTED_ON";
  }
  return "";
}

std::optional<FollowUpKind> FollowUpKindFor(Predikat predikat) {
  switch (predikat) {
    case Predikat::kSangatBaik: return FollowUpKind::kPenghargaan;
    case Predikat::kBaik: return std::nullopt;
    case Predikat::kButuhPerbaikan:
    case Predikat::kKurang:
    case Predikat::kSangatKurang: return FollowUpKind::kPembinaan;
  }
  return std::nullopt;
}

std::optional<RecommendFollowUp> FollowUpPolicy(const AppraisalFinalized& event) {
  if (!event.period.is_annual()) return std::nullopt;
  auto kind = FollowUpKindFor(event.predikat);
  if (!kind) return std::nullopt;
  return RecommendFollowUp{event.nip, event.period.year(), *kind, event.predikat,
                           AppraisalStream(event.nip, event.period)};
}

std::optional<RecommendFollowUp> FollowUpPolicy(const AppraisalState& appraisal) {
  if (appraisal.status != AppraisalStatus::kFinal || appraisal.objection_open()) {
    return std::nullopt;
  }
  AppraisalFinalized e;
  e.nip = appraisal.nip;
  e.period = appraisal.period;
  e.predikat = appraisal.predikat();
  return FollowUpPolicy(e);
}

std::optional<RecommendFollowUp> FollowUpPolicy(const std::vector<AppraisalEvent>& events) {
  AppraisalState state;
  for (const AppraisalEvent& e : events) state = Evolve(std::move(state), e);
  return FollowUpPolicy(state);
}

Result<std::vector<FollowUpEvent>> Decide(const FollowUpState& state,
                                          const FollowUpCommand& command, const FollowUpFacts&,
                                          const CommandContext&) {
  return std::visit(Overloaded{
                        [&](const RecommendFollowUp& c) { return DecideRecommend(state, c); },
                        [&](const ActOnFollowUp& c) { return DecideAct(state, c); },
                    },
                    command);
}

FollowUpState Evolve(FollowUpState state, const FollowUpEvent& event) {
  auto recommend = [&](const std::string& nip, int year, FollowUpKind kind, Predikat predikat,
                       const std::string& stream) {
    state.status = FollowUpStatus::kRecommended;
    state.nip = nip;
    state.year = year;
    state.kind = kind;
    state.predikat = predikat;
    state.appraisal_stream = stream;
  };
  std::visit(Overloaded{
                 [&](const PembinaanRecommended& e) {
                   recommend(e.nip, e.year, FollowUpKind::kPembinaan, e.predikat,
                             e.appraisal_stream);
                 },
                 [&](const PenghargaanRecommended& e) {
                   recommend(e.nip, e.year, FollowUpKind::kPenghargaan, e.predikat,
                             e.appraisal_stream);
                 },
                 [&](const FollowUpActedOn& e) {
                   state.status = FollowUpStatus::kActedOn;
                   state.acts.push_back(FollowUpState::Act{e.action, e.reference});
                 },
             },
             event);
  return state;
}

}  // namespace kinerja::domain
