// Tindak lanjut (follow-ups): the policy that reacts to finalised annual appraisals, and the
// follow-up aggregate, stream "followup-<nip>-<year>", that records the recommendation and what an
// admin did about it.
//
// Policy: a FINALISED ANNUAL appraisal with predikat BUTUH_PERBAIKAN, KURANG or SANGAT_KURANG ->
// a pembinaan (coaching/training) recommendation; SANGAT_BAIK -> a penghargaan (recognition)
// recommendation; BAIK -> nothing. Periodic appraisals and unfinalised ones (e.g. while an
// objection is open) -> nothing.
//
// Decide is idempotent so a process manager may replay it after restarts and rebuilds: the same
// recommendation twice records nothing the second time, and acting twice on the same thing (same
// action, same reference) records nothing.
// Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/appraisal.h"
#include "domain/command_context.h"
#include "domain/rating.h"
#include "domain/result.h"

namespace kinerja::domain {

std::string FollowUpStream(const std::string& nip, int year);  // "followup-<nip>-<year>"

enum class FollowUpKind { kPembinaan, kPenghargaan };
const char* ToString(FollowUpKind kind);  // pembinaan, penghargaan
enum class FollowUpAction { kTrainingAssigned, kRecognitionGranted };
Result<FollowUpAction> ParseFollowUpAction(std::string_view text);
const char* ToString(FollowUpAction action);  // training_assigned, recognition_granted

// The follow-up a predikat calls for (none for BAIK).
std::optional<FollowUpKind> FollowUpKindFor(Predikat predikat);

// Commands.
struct RecommendFollowUp {
  std::string nip;
  int year = 0;
  FollowUpKind kind = FollowUpKind::kPembinaan;
  Predikat predikat = Predikat::kButuhPerbaikan;  // the finalised annual predikat
  std::string appraisal_stream;                   // appraisal-<nip>-<year>
};
struct ActOnFollowUp {
  FollowUpAction action = FollowUpAction::kTrainingAssigned;
  // training_assigned: the training id; recognition_granted: the recognition number (decimal) in
  // recognition-<nip>.
  std::string reference;
};
using FollowUpCommand = std::variant<RecommendFollowUp, ActOnFollowUp>;

// The policy. Each returns the command to send to followup-<nip>-<year>, or nothing.
std::optional<RecommendFollowUp> FollowUpPolicy(const AppraisalFinalized& event);
std::optional<RecommendFollowUp> FollowUpPolicy(const AppraisalState& appraisal);
std::optional<RecommendFollowUp> FollowUpPolicy(const std::vector<AppraisalEvent>& events);

// Events.
struct PembinaanRecommended {
  static constexpr const char* kType = "PembinaanRecommended";
  static constexpr int kVersion = 1;
  std::string nip;
  int year = 0;
  Predikat predikat = Predikat::kButuhPerbaikan;
  std::string appraisal_stream;
  friend bool operator==(const PembinaanRecommended& a, const PembinaanRecommended& b) {
    return a.nip == b.nip && a.year == b.year && a.predikat == b.predikat &&
           a.appraisal_stream == b.appraisal_stream;
  }
};
struct PenghargaanRecommended {
  static constexpr const char* kType = "PenghargaanRecommended";
  static constexpr int kVersion = 1;
  std::string nip;
  int year = 0;
  Predikat predikat = Predikat::kSangatBaik;
  std::string appraisal_stream;
  friend bool operator==(const PenghargaanRecommended& a, const PenghargaanRecommended& b) {
    return a.nip == b.nip && a.year == b.year && a.predikat == b.predikat &&
           a.appraisal_stream == b.appraisal_stream;
  }
};
struct FollowUpActedOn {
  static constexpr const char* kType = "FollowUpActedOn";
  static constexpr int kVersion = 1;
  std::string nip;
  int year = 0;
  FollowUpAction action = FollowUpAction::kTrainingAssigned;
  std::string reference;
  friend bool operator==(const FollowUpActedOn& a, const FollowUpActedOn& b) {
    return a.nip == b.nip && a.year == b.year && a.action == b.action &&
           a.reference == b.reference;
  }
};
using FollowUpEvent = std::variant<PembinaanRecommended, PenghargaanRecommended, FollowUpActedOn>;

enum class FollowUpStatus { kNone, kRecommended, kActedOn };
const char* ToString(FollowUpStatus s);  // NONE, RECOMMENDED, ACTED_ON

struct FollowUpState {
  FollowUpStatus status = FollowUpStatus::kNone;
  std::string nip;
  int year = 0;
  std::optional<FollowUpKind> kind;
  Predikat predikat = Predikat::kBaik;
  std::string appraisal_stream;
  struct Act {
    FollowUpAction action;
    std::string reference;
  };
  std::vector<Act> acts;  // in order
};

struct FollowUpFacts {};  // none: the recommendation is self-contained

Result<std::vector<FollowUpEvent>> Decide(const FollowUpState& state,
                                          const FollowUpCommand& command,
                                          const FollowUpFacts& facts, const CommandContext& ctx);
FollowUpState Evolve(FollowUpState state, const FollowUpEvent& event);

}  // namespace kinerja::domain
