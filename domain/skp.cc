#include "domain/skp.h"

#include <cmath>

#include "domain/nip.h"
#include "domain/overloaded.h"
#include "domain/text.h"

namespace kinerja::domain {
namespace {

using Events = std::vector<SkpEvent>;

RuleViolation NotFound() {
  return Violation(ViolationKind::kNotFound, "skp.not_found", "SKP tidak ditemukan",
                   "Work plan not found");
}

Status CheckIdentity(const SkpState& state, const std::string& nip, int year) {
  if (auto s = CheckYear(year); !s.ok()) return s;
  if (auto s = Nip::ParseAny(nip); !s.ok()) return s.error();
  if (state.exists && (state.nip != nip || state.year != year)) {
    return Violation(ViolationKind::kInvalid, "skp.stream_mismatch",
                     "Perintah tidak sesuai dengan SKP ini", "The command does not match this SKP");
  }
  return OkStatus();
}

Status CheckOwner(const std::string& nip, const CommandContext& ctx) {
  if (ctx.actor != nip) {
    return Violation(ViolationKind::kForbidden, "skp.not_owner",
                     "Hanya pegawai pemilik SKP yang boleh melakukan ini",
                     "Only the employee who owns the work plan may do this");
  }
  return OkStatus();
}

// Approve, return and feedback: the pegawai's current pejabat penilai, never the pegawai.
Status CheckPejabatPenilai(const std::string& nip, const SkpFacts& facts,
                           const CommandContext& ctx) {
  if (ctx.actor == nip) {
    return Violation(ViolationKind::kForbidden, "skp.self_assessment",
                     "Pegawai tidak boleh menyetujui, mengembalikan atau memberi umpan balik atas "
                     "SKP-nya sendiri",
                     "An employee cannot approve, return or give feedback on their own work plan");
  }
  if (!facts.current_supervisor_nip || *facts.current_supervisor_nip != ctx.actor) {
    return Violation(ViolationKind::kForbidden, "skp.not_pejabat_penilai",
                     "Hanya pejabat penilai pegawai saat ini yang boleh melakukan ini",
                     "Only the employee's current pejabat penilai may do this");
  }
  return OkStatus();
}

Status CheckPeriod(const Period& period, int year) {
  if (period.year() != year) {
    return Violation(ViolationKind::kInvalid, "skp.period_outside_year",
                     "Periode " + period.ToString() + " berada di luar tahun SKP " +
                         std::to_string(year),
                     "Period " + period.ToString() + " is outside the work plan year " +
                         std::to_string(year));
  }
  return OkStatus();
}

RuleViolation NotApproved() {
  return Violation(ViolationKind::kConflict, "skp.not_approved", "SKP belum disetujui",
                   "The work plan is not approved yet");
}

RuleViolation NotSubmitted() {
  return Violation(ViolationKind::kConflict, "skp.not_submitted",
                   "SKP tidak sedang menunggu persetujuan", "The work plan is not awaiting approval");
}

RuleViolation AwaitingApproval() {
  return Violation(ViolationKind::kConflict, "skp.awaiting_approval",
                   "SKP sedang menunggu persetujuan pejabat penilai",
                   "The work plan is awaiting the pejabat penilai's approval");
}

const SkpVersion* FindVersion(const SkpState& state, int number) {
  if (number < 1 || static_cast<size_t>(number) > state.versions.size()) return nullptr;
  return &state.versions[number - 1];
}

Result<Events> DecideDraft(const SkpState& state, const SaveWorkPlanDraft& cmd,
                           const CommandContext& ctx) {
  if (auto s = CheckOwner(cmd.nip, ctx); !s.ok()) return s.error();
  if (auto s = ValidateWorkPlan(cmd.plan, false); !s.ok()) return s.error();
  if (state.status == SkpStatus::kSubmitted) return AwaitingApproval();
  if (state.draft && *state.draft == cmd.plan) return Events{};
  return Events{WorkPlanDraftSaved{cmd.nip, cmd.year, cmd.plan, ctx.actor, ctx.now}};
}

Status CheckParents(const WorkPlan& plan, const SkpFacts& facts) {
  for (const auto& rhk : plan.rhk) {
    if (!rhk.parent_rhk_id) continue;
    if (!facts.current_supervisor_nip) {
      return Violation(ViolationKind::kRefused, "skp.parent_rhk_without_supervisor",
                       "RHK '" + rhk.id + "' merujuk RHK atasan, tetapi pegawai tidak memiliki "
                       "pejabat penilai",
                       "RHK '" + rhk.id + "' names a supervisor's RHK but the employee has no "
                       "pejabat penilai");
    }
    if (facts.supervisor_approved_rhk_ids.count(*rhk.parent_rhk_id) == 0) {
      return Violation(ViolationKind::kRefused, "skp.parent_rhk_not_approved",
                       "RHK atasan '" + *rhk.parent_rhk_id +
                           "' tidak ada dalam SKP pejabat penilai yang telah disetujui",
                       "Supervisor RHK '" + *rhk.parent_rhk_id +
                           "' is not in the pejabat penilai's approved work plan");
    }
  }
  return OkStatus();
}

Result<Events> DecideSubmit(const SkpState& state, const SubmitWorkPlan& cmd,
                            const SkpFacts& facts, const CommandContext& ctx) {
  if (auto s = CheckOwner(cmd.nip, ctx); !s.ok()) return s.error();
  if (auto s = ValidateWorkPlan(cmd.plan, true); !s.ok()) return s.error();
  WorkPlanSubmitted e{cmd.nip, cmd.year, 0, false, cmd.plan, ctx.actor, ctx.now};
  switch (state.status) {
    case SkpStatus::kNone:
    case SkpStatus::kDraft:
      e.version = 1;
      break;
    case SkpStatus::kReturned:
      e.version = state.current_version;
      e.resubmission = true;
      break;
    case SkpStatus::kSubmitted: {
      const SkpVersion* pending = FindVersion(state, state.current_version);
      if (pending && pending->plan == cmd.plan) return Events{};  // a retry
      return AwaitingApproval();
    }
    case SkpStatus::kApproved: {
      const WorkPlan* in_force = PlanInForce(state);
      if (in_force && *in_force == cmd.plan) return Events{};  // nothing to revise
      e.version = state.current_version + 1;
      break;
    }
  }
  if (auto s = CheckParents(cmd.plan, facts); !s.ok()) return s.error();
  return Events{std::move(e)};
}

Result<Events> DecideApprove(const SkpState& state, const ApproveWorkPlan& cmd,
                             const SkpFacts& facts, const CommandContext& ctx) {
  if (auto s = CheckPejabatPenilai(cmd.nip, facts, ctx); !s.ok()) return s.error();
  if (!state.exists) return NotFound();
  if (state.status == SkpStatus::kApproved) return Events{};  // already so
  if (state.status != SkpStatus::kSubmitted) return NotSubmitted();
  return Events{WorkPlanApproved{cmd.nip, cmd.year, state.current_version, state.approved_version,
                                 ctx.actor, ctx.now}};
}

Result<Events> DecideReturn(const SkpState& state, const ReturnWorkPlan& cmd,
                            const SkpFacts& facts, const CommandContext& ctx) {
  if (auto s = CheckPejabatPenilai(cmd.nip, facts, ctx); !s.ok()) return s.error();
  if (auto s = CheckText("notes", cmd.notes, 1, 4000); !s.ok()) return s.error();
  if (!state.exists) return NotFound();
  if (state.status != SkpStatus::kSubmitted) return NotSubmitted();
  return Events{WorkPlanReturned{cmd.nip, cmd.year, state.current_version, cmd.notes, ctx.actor,
                                 ctx.now}};
}

Result<Events> DecideProgress(const SkpState& state, const RecordProgress& cmd,
                              const CommandContext& ctx) {
  if (auto s = CheckOwner(cmd.nip, ctx); !s.ok()) return s.error();
  if (auto s = CheckPeriod(cmd.period, cmd.year); !s.ok()) return s.error();
  if (!std::isfinite(cmd.realisasi) || cmd.realisasi < 0) {
    return Violation(ViolationKind::kInvalid, "skp.realisasi_invalid",
                     "Realisasi harus angka 0 atau lebih", "Realisasi must be a number >= 0");
  }
  if (cmd.note) {
    if (auto s = CheckText("note", *cmd.note, 0, 2000); !s.ok()) return s.error();
  }
  if (auto s = ValidateEvidence(cmd.evidence); !s.ok()) return s.error();
  if (!state.exists) return NotFound();
  const WorkPlan* plan = PlanInForce(state);
  if (plan == nullptr) return NotApproved();
  const Rhk* rhk = FindRhk(*plan, cmd.rhk_id);
  if (rhk == nullptr) {
    return Violation(ViolationKind::kNotFound, "skp.rhk_not_found",
                     "RHK '" + cmd.rhk_id + "' tidak ada dalam SKP yang berlaku",
                     "RHK '" + cmd.rhk_id + "' is not in the work plan in force");
  }
  if (cmd.indikator_index < 0 ||
      static_cast<size_t>(cmd.indikator_index) >= rhk->indikator.size()) {
    return Violation(ViolationKind::kNotFound, "skp.indikator_not_found",
                     "Indikator ke-" + std::to_string(cmd.indikator_index) + " tidak ada pada RHK '" +
                         cmd.rhk_id + "'",
                     "Indikator " + std::to_string(cmd.indikator_index) + " does not exist in RHK '" +
                         cmd.rhk_id + "'");
  }
  ProgressRecorded e{cmd.nip,          cmd.year,  state.approved_version, cmd.period,
                     cmd.rhk_id,       cmd.indikator_index, cmd.realisasi, cmd.note,
                     cmd.evidence,     ctx.actor, ctx.now};
  for (auto it = state.progress.rbegin(); it != state.progress.rend(); ++it) {
    if (it->version == e.version && it->period == e.period && it->rhk_id == e.rhk_id &&
        it->indikator_index == e.indikator_index) {
      if (it->realisasi == e.realisasi && it->note == e.note && it->evidence == e.evidence) {
        return Events{};  // the same realisasi again
      }
      break;
    }
  }
  return Events{std::move(e)};
}

Result<Events> DecideFeedback(const SkpState& state, const GiveFeedback& cmd,
                              const SkpFacts& facts, const CommandContext& ctx) {
  if (auto s = CheckPejabatPenilai(cmd.nip, facts, ctx); !s.ok()) return s.error();
  if (auto s = CheckPeriod(cmd.period, cmd.year); !s.ok()) return s.error();
  if (auto s = CheckText("text", cmd.text, 1, 4000); !s.ok()) return s.error();
  if (!state.exists) return NotFound();
  const WorkPlan* plan = PlanInForce(state);
  if (plan == nullptr) return NotApproved();
  if (cmd.rhk_id && FindRhk(*plan, *cmd.rhk_id) == nullptr) {
    return Violation(ViolationKind::kNotFound, "skp.rhk_not_found",
                     "RHK '" + *cmd.rhk_id + "' tidak ada dalam SKP yang berlaku",
                     "RHK '" + *cmd.rhk_id + "' is not in the work plan in force");
  }
  FeedbackGiven e{cmd.nip,  cmd.year,  state.approved_version, cmd.period,
                  cmd.rhk_id, cmd.text, ctx.actor,             ctx.now};
  if (!state.feedback.empty()) {
    const FeedbackEntry& last = state.feedback.back();
    if (last.version == e.version && last.period == e.period && last.rhk_id == e.rhk_id &&
        last.text == e.text && last.actor == e.actor) {
      return Events{};  // the same feedback again
    }
  }
  return Events{std::move(e)};
}

SkpVersion* MutableVersion(SkpState& state, int number) {
  if (number < 1 || static_cast<size_t>(number) > state.versions.size()) return nullptr;
  return &state.versions[number - 1];
}

void Identify(SkpState& state, const std::string& nip, int year) {
  state.exists = true;
  state.nip = nip;
  state.year = year;
}

}  // namespace

std::string SkpStream(const std::string& nip, int year) {
  return "skp-" + nip + "-" + std::to_string(year);
}

const WorkPlan* PlanInForce(const SkpState& state) {
  const SkpVersion* v = FindVersion(state, state.approved_version);
  return v ? &v->plan : nullptr;
}

std::set<std::string> ApprovedRhkIds(const SkpState& state) {
  std::set<std::string> ids;
  if (const WorkPlan* plan = PlanInForce(state)) {
    for (const auto& rhk : plan->rhk) ids.insert(rhk.id);
  }
  return ids;
}

Result<std::vector<SkpEvent>> Decide(const SkpState& state, const SkpCommand& command,
                                     const SkpFacts& facts, const CommandContext& ctx) {
  return std::visit(
      [&](const auto& cmd) -> Result<Events> {
        if (auto s = CheckIdentity(state, cmd.nip, cmd.year); !s.ok()) return s.error();
        return std::visit(
            Overloaded{
                [&](const SaveWorkPlanDraft& c) { return DecideDraft(state, c, ctx); },
                [&](const SubmitWorkPlan& c) { return DecideSubmit(state, c, facts, ctx); },
                [&](const ApproveWorkPlan& c) { return DecideApprove(state, c, facts, ctx); },
                [&](const ReturnWorkPlan& c) { return DecideReturn(state, c, facts, ctx); },
                [&](const RecordProgress& c) { return DecideProgress(state, c, ctx); },
                [&](const GiveFeedback& c) { return DecideFeedback(state, c, facts, ctx); },
            },
            command);
      },
      command);
}

SkpState Evolve(SkpState state, const SkpEvent& event) {
  std::visit(
      Overloaded{
          [&](const WorkPlanDraftSaved& e) {
            Identify(state, e.nip, e.year);
            state.draft = e.plan;
            state.draft_saved_at = e.at;
            if (state.status == SkpStatus::kNone) state.status = SkpStatus::kDraft;
          },
          [&](const WorkPlanSubmitted& e) {
            Identify(state, e.nip, e.year);
            state.draft.reset();
            state.draft_saved_at = Timestamp{};
            SkpVersion* v = MutableVersion(state, e.version);
            if (v == nullptr) {
              state.versions.push_back(SkpVersion{e.version, e.plan, SkpStatus::kSubmitted, {}});
              v = &state.versions.back();
            }
            v->plan = e.plan;
            v->status = SkpStatus::kSubmitted;
            v->history.push_back(SkpStatusChange{SkpStatus::kSubmitted, e.actor, e.at, ""});
            state.current_version = e.version;
            state.status = SkpStatus::kSubmitted;
          },
          [&](const WorkPlanApproved& e) {
            Identify(state, e.nip, e.year);
            if (SkpVersion* v = MutableVersion(state, e.version)) {
              v->status = SkpStatus::kApproved;
              v->history.push_back(SkpStatusChange{SkpStatus::kApproved, e.actor, e.at, ""});
            }
            state.approved_version = e.version;
            if (e.version == state.current_version) state.status = SkpStatus::kApproved;
          },
          [&](const WorkPlanReturned& e) {
            Identify(state, e.nip, e.year);
            if (SkpVersion* v = MutableVersion(state, e.version)) {
              v->status = SkpStatus::kReturned;
              v->history.push_back(SkpStatusChange{SkpStatus::kReturned, e.actor, e.at, e.notes});
            }
            if (e.version == state.current_version) state.status = SkpStatus::kReturned;
          },
          [&](const ProgressRecorded& e) {
            Identify(state, e.nip, e.year);
            state.progress.push_back(ProgressEntry{e.version, e.period, e.rhk_id,
                                                   e.indikator_index, e.realisasi, e.note,
                                                   e.evidence, e.actor, e.at});
          },
          [&](const FeedbackGiven& e) {
            Identify(state, e.nip, e.year);
            state.feedback.push_back(
                FeedbackEntry{e.version, e.period, e.rhk_id, e.text, e.actor, e.at});
          },
      },
      event);
  return state;
}

}  // namespace kinerja::domain
