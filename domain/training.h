// The training (pengembangan kompetensi) aggregate: stream "training-<id>", one assigned training
// of one pegawai. AssignTraining -> CompleteTraining (JP earned, certificate) or CancelTraining.
// The id is chosen by the caller (the API generates a UUID) so Decide stays pure. Which actor may
// assign, complete or cancel is checked by the API's roles (admin); the domain checks the data.
// Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/command_context.h"
#include "domain/date.h"
#include "domain/result.h"

namespace kinerja::domain {

// Training ids: lowercase letters, digits and '-', 1..64 characters (a UUID fits).
Status ValidateTrainingId(const std::string& id);
std::string TrainingStream(const std::string& id);  // "training-<id>"

// JP (jam pelajaran) of one training: 1..kMaxTrainingJp.
constexpr int kMaxTrainingJp = 1000;

enum class TrainingKind {
  kPelatihanKlasikal,
  kPelatihanNonklasikal,
  kWorkshop,
  kSeminar,
  kCoaching,
  kMentoring,
  kELearning,
  kMagang,
};
Result<TrainingKind> ParseTrainingKind(std::string_view text);  // pelatihan_klasikal, ...
const char* ToString(TrainingKind kind);

enum class TrainingStatus { kNone, kAssigned, kCompleted, kCancelled };
const char* ToString(TrainingStatus s);  // NONE, ASSIGNED, COMPLETED, CANCELLED

// Commands.
struct AssignTraining {
  std::string id;  // chosen by the caller
  std::string nip;
  std::string title;
  TrainingKind kind = TrainingKind::kPelatihanKlasikal;
  int jp = 0;
  Date start_date;
  Date end_date;
  std::optional<std::string> reason;
  // The follow-up it acts on: the pembinaan recommended in followup-<nip>-<year>.
  std::optional<int> follow_up_year;
};
struct CompleteTraining {
  Date completed_on;
  int jp = 0;  // JP earned
  std::optional<std::string> certificate;
};
struct CancelTraining {
  std::string reason;
};
using TrainingCommand = std::variant<AssignTraining, CompleteTraining, CancelTraining>;

// Events.
struct TrainingAssigned {
  static constexpr const char* kType = "TrainingAssigned";
  static constexpr int kVersion = 1;
  std::string id;
  std::string nip;
  std::string title;
  TrainingKind kind = TrainingKind::kPelatihanKlasikal;
  int jp = 0;
  Date start_date;
  Date end_date;
  std::optional<std::string> reason;
  std::optional<int> follow_up_year;
  friend bool operator==(const TrainingAssigned& a, const TrainingAssigned& b);
};
struct TrainingCompleted {
  static constexpr const char* kType = "TrainingCompleted";
  static constexpr int kVersion = 1;
  std::string id;
  std::string nip;
  Date completed_on;  // its year is the JP year (see domain/jp.h)
  int jp = 0;
  std::optional<std::string> certificate;
  friend bool operator==(const TrainingCompleted& a, const TrainingCompleted& b) {
    return a.id == b.id && a.nip == b.nip && a.completed_on == b.completed_on && a.jp == b.jp &&
           a.certificate == b.certificate;
  }
};
struct TrainingCancelled {
  static constexpr const char* kType = "TrainingCancelled";
  static constexpr int kVersion = 1;
  std::string id;
  std::string nip;
  std::string reason;
  friend bool operator==(const TrainingCancelled& a, const TrainingCancelled& b) {
    return a.id == b.id && a.nip == b.nip && a.reason == b.reason;
  }
};
using TrainingEvent = std::variant<TrainingAssigned, TrainingCompleted, TrainingCancelled>;

struct TrainingState {
  TrainingStatus status = TrainingStatus::kNone;
  std::string id;
  std::string nip;
  std::string title;
  TrainingKind kind = TrainingKind::kPelatihanKlasikal;
  int jp_planned = 0;
  Date start_date;
  Date end_date;
  std::optional<std::string> reason;
  std::optional<int> follow_up_year;
  std::optional<Date> completed_on;
  int jp_earned = 0;  // 0 unless completed
  std::optional<std::string> certificate;
  std::optional<std::string> cancel_reason;
  bool exists() const { return status != TrainingStatus::kNone; }
};

struct TrainingFacts {
  // AssignTraining: is AssignTraining::nip a registered pegawai?
  bool pegawai_registered = false;
  // AssignTraining with follow_up_year: does followup-<nip>-<follow_up_year> hold a pembinaan
  // recommendation? (FollowUpState::kind == kPembinaan)
  bool follow_up_pembinaan_recommended = false;
};

Result<std::vector<TrainingEvent>> Decide(const TrainingState& state,
                                          const TrainingCommand& command,
                                          const TrainingFacts& facts, const CommandContext& ctx);
TrainingState Evolve(TrainingState state, const TrainingEvent& event);

}  // namespace kinerja::domain
