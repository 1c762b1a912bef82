#include "domain/training.h"

#include <tuple>

#include "domain/nip.h"
#include "domain/overloaded.h"
#include "domain/period.h"
#include "domain/text.h"

namespace kinerja::domain {
namespace {

using Events = std::vector<TrainingEvent>;

struct KindName {
  TrainingKind kind;
  const char* name;
};
constexpr KindName kKinds[] = {
    {TrainingKind::kPelatihanKlasikal, "pelatihan_klasikal"},
    {TrainingKind::kPelatihanNonklasikal, "pelatihan_nonklasikal"},
    {TrainingKind::kWorkshop, "workshop"},
    {TrainingKind::kSeminar, "seminar"},
    {TrainingKind::kCoaching, "coaching"},
    {TrainingKind::kMentoring, "mentoring"},
    {TrainingKind::kELearning, "e_learning"},
    {TrainingKind::kMagang, "magang"},
};

RuleViolation NotFound() {
  return Violation(ViolationKind::kNotFound, "training.not_found", "Pelatihan tidak ditemukan",
                   "Training not found");
}

Status CheckJp(int jp) {
  if (jp < 1 || jp > kMaxTrainingJp) {
    return Violation(ViolationKind::kInvalid, "training.jp_invalid",
                     "JP harus antara 1 dan " + std::to_string(kMaxTrainingJp),
                     "JP must be between 1 and " + std::to_string(kMaxTrainingJp));
  }
  return OkStatus();
}

Result<Events> DecideAssign(const TrainingState& state, const AssignTraining& cmd,
                            const TrainingFacts& facts) {
  if (auto s = ValidateTrainingId(cmd.id); !s.ok()) return s.error();
  if (auto nip = Nip::ParseAny(cmd.nip); !nip.ok()) return nip.error();
  if (auto s = CheckText("title", cmd.title, 1, 300); !s.ok()) return s.error();
  if (auto s = CheckJp(cmd.jp); !s.ok()) return s.error();
  if (auto s = CheckYear(cmd.start_date.year()); !s.ok()) return s.error();
  if (auto s = CheckYear(cmd.end_date.year()); !s.ok()) return s.error();
  if (cmd.end_date < cmd.start_date) {
    return Violation(ViolationKind::kInvalid, "training.end_before_start",
                     "Tanggal selesai tidak boleh sebelum tanggal mulai",
                     "The end date cannot be before the start date");
  }
  if (cmd.reason) {
    if (auto s = CheckText("reason", *cmd.reason, 0, 2000); !s.ok()) return s.error();
  }
  if (cmd.follow_up_year) {
    if (auto s = CheckYear(*cmd.follow_up_year); !s.ok()) return s.error();
  }
  TrainingAssigned e{cmd.id,       cmd.nip,      cmd.title,  cmd.kind,          cmd.jp,
                     cmd.start_date, cmd.end_date, cmd.reason, cmd.follow_up_year};
  if (state.exists()) {
    const TrainingAssigned current{state.id,         state.nip,      state.title,
                                   state.kind,       state.jp_planned, state.start_date,
                                   state.end_date,   state.reason,   state.follow_up_year};
    if (current == e) return Events{};  // the same assignment again: nothing to record
    return Violation(ViolationKind::kConflict, "training.already_exists",
                     "Pelatihan '" + cmd.id + "' sudah ada", "Training '" + cmd.id +
                         "' already exists");
  }
  if (!facts.pegawai_registered) {
    return Violation(ViolationKind::kNotFound, "training.pegawai_not_found",
                     "Pegawai " + cmd.nip + " tidak terdaftar",
                     "Pegawai " + cmd.nip + " is not registered");
  }
  if (cmd.follow_up_year && !facts.follow_up_pembinaan_recommended) {
    return Violation(ViolationKind::kRefused, "training.follow_up_not_pembinaan",
                     "Tidak ada rekomendasi pembinaan tahun " +
                         std::to_string(*cmd.follow_up_year) + " untuk pegawai ini",
                     "There is no pembinaan recommendation for this pegawai in " +
                         std::to_string(*cmd.follow_up_year));
  }
  return Events{e};
}

Result<Events> DecideComplete(const TrainingState& state, const CompleteTraining& cmd,
                              const CommandContext& ctx) {
  if (auto s = CheckJp(cmd.jp); !s.ok()) return s.error();
  if (auto s = CheckYear(cmd.completed_on.year()); !s.ok()) return s.error();
  if (cmd.certificate) {
    if (auto s = CheckText("certificate", *cmd.certificate, 1, 500); !s.ok()) return s.error();
  }
  if (!state.exists()) return NotFound();
  if (state.status == TrainingStatus::kCompleted) {
    if (state.completed_on == cmd.completed_on && state.jp_earned == cmd.jp &&
        state.certificate == cmd.certificate) {
      return Events{};
    }
    return Violation(ViolationKind::kConflict, "training.already_completed",
                     "Pelatihan sudah diselesaikan", "The training is already completed");
  }
  if (state.status == TrainingStatus::kCancelled) {
    return Violation(ViolationKind::kConflict, "training.cancelled", "Pelatihan sudah dibatalkan",
                     "The training was cancelled");
  }
  if (cmd.completed_on < state.start_date) {
    return Violation(ViolationKind::kRefused, "training.completed_before_start",
                     "Tanggal selesai tidak boleh sebelum pelatihan dimulai (" +
                         state.start_date.ToString() + ")",
                     "The completion date cannot be before the training starts (" +
                         state.start_date.ToString() + ")");
  }
  if (cmd.completed_on > ctx.today()) {
    return Violation(ViolationKind::kRefused, "training.completed_in_future",
                     "Tanggal selesai tidak boleh di masa depan",
                     "The completion date cannot be in the future");
  }
  return Events{TrainingCompleted{state.id, state.nip, cmd.completed_on, cmd.jp, cmd.certificate}};
}

Result<Events> DecideCancel(const TrainingState& state, const CancelTraining& cmd) {
  if (auto s = CheckText("reason", cmd.reason, 1, 2000); !s.ok()) return s.error();
  if (!state.exists()) return NotFound();
  if (state.status == TrainingStatus::kCancelled) return Events{};
  if (state.status == TrainingStatus::kCompleted) {
    return Violation(ViolationKind::kConflict, "training.already_completed",
                     "Pelatihan yang sudah selesai tidak dapat dibatalkan",
                     "A completed training cannot be cancelled");
  }
  return Events{TrainingCancelled{state.id, state.nip, cmd.reason}};
}

}  // namespace

bool operator==(const TrainingAssigned& a, const TrainingAssigned& b) {
  return std::tie(a.id, a.nip, a.title, a.kind, a.jp, a.start_date, a.end_date, a.reason,
                  a.follow_up_year) == std::tie(b.id, b.nip, b.title, b.kind, b.jp, b.start_date,
                                                b.end_date, b.reason, b.follow_up_year);
}

Status ValidateTrainingId(const std::string& id) {
  bool ok = !id.empty() && id.size() <= 64;
  for (char c : id) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
  if (!ok) {
    return Violation(ViolationKind::kInvalid, "training.id_invalid",
                     "Id pelatihan hanya boleh huruf kecil, angka dan '-' (1-64 karakter)",
                     "A training id may contain only lowercase letters, digits and '-' (1-64)");
  }
  return OkStatus();
}

std::string TrainingStream(const std::string& id) { return "training-" + id; }

Result<TrainingKind> ParseTrainingKind(std::string_view text) {
  for (const auto& k : kKinds) {
    if (text == k.name) return k.kind;
  }
  return Violation(ViolationKind::kInvalid, "training.kind_invalid",
                   "Jenis pelatihan tidak valid: '" + std::string(text) + "'",
                   "Invalid training kind: '" + std::string(text) +
                       "' (allowed: pelatihan_klasikal, pelatihan_nonklasikal, workshop, seminar, "
                       "coaching, mentoring, e_learning, magang)");
}

const char* ToString(TrainingKind kind) {
  for (const auto& k : kKinds) {
    if (k.kind == kind) return k.name;
  }
  return "";
}

const char* ToString(TrainingStatus s) {
  switch (s) {
    case TrainingStatus::kNone: return "NONE";
    case TrainingStatus::kAssigned: return "ASSIGNED";
    case TrainingStatus::kCompleted: return "COMPLETED";
    case TrainingStatus::kCancelled: return "CANCELLED";
  }
  return "";
}

Result<std::vector<TrainingEvent>> Decide(const TrainingState& state,
                                          const TrainingCommand& command,
                                          const TrainingFacts& facts, const CommandContext& ctx) {
  return std::visit(Overloaded{
                        [&](const AssignTraining& c) { return DecideAssign(state, c, facts); },
                        [&](const CompleteTraining& c) { return DecideComplete(state, c, ctx); },
                        [&](const CancelTraining& c) { return DecideCancel(state, c); },
                    },
                    command);
}

TrainingState Evolve(TrainingState state, const TrainingEvent& event) {
  std::visit(Overloaded{
                 [&](const TrainingAssigned& e) {
                   state.status = TrainingStatus::kAssigned;
                   state.id = e.id;
                   state.nip = e.nip;
                   state.title = e.title;
                   state.kind = e.kind;
                   state.jp_planned = e.jp;
                   state.start_date = e.start_date;
                   state.end_date = e.end_date;
                   state.reason = e.reason;
                   state.follow_up_year = e.follow_up_year;
                 },
                 [&](const TrainingCompleted& e) {
                   state.status = TrainingStatus::kCompleted;
                   state.completed_on = e.completed_on;
                   state.jp_earned = e.jp;
                   state.certificate = e.certificate;
                 },
                 [&](const TrainingCancelled& e) {
                   state.status = TrainingStatus::kCancelled;
                   state.cancel_reason = e.reason;
                 },
             },
             event);
  return state;
}

}  // namespace kinerja::domain
