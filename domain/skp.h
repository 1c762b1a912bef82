// The SKP (Sasaran Kinerja Pegawai, the work plan) aggregate: stream "skp-<nip>-<year>".
//
// Lifecycle (DESIGN.md §1): an optional DRAFT (a working copy, saved any number of times), then
// SUBMITTED (version 1) -> APPROVED, or RETURNED (with notes) -> SUBMITTED again (same version).
// An APPROVED plan + SubmitWorkPlan is a revision: version n+1 is SUBMITTED while version n stays
// in force (approved_version) until n+1 is approved; a revision can be returned and resubmitted.
// Realisasi (progress) and umpan balik (feedback) are recorded against the version in force.
// No weights exist (the 2022 rules removed them).
//
// Who may do what (enforced here with kForbidden, using facts): the pegawai (ctx.actor == nip)
// drafts, submits and records progress; only the pegawai's CURRENT pejabat penilai approves,
// returns and gives feedback, never the pegawai themself.
//
// Idempotence: a command that changes nothing gives no events (saving the same draft, submitting
// the plan already pending or already in force, approving an approved plan, recording the same
// realisasi or feedback as the latest one for the same key).
//
// Shape as domain/unit.h. Pure; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/command_context.h"
#include "domain/period.h"
#include "domain/result.h"

namespace kinerja::domain {

std::string SkpStream(const std::string& nip, int year);  // "skp-<nip>-<year>"

enum class RhkKind { kUtama, kTambahan };
enum class IndikatorAspect { kKuantitas, kKualitas, kWaktu };
enum class SkpStatus { kNone, kDraft, kSubmitted, kReturned, kApproved };
Result<RhkKind> ParseRhkKind(std::string_view text);                  // utama | tambahan
Result<IndikatorAspect> ParseIndikatorAspect(std::string_view text);  // kuantitas | kualitas | waktu
Result<SkpStatus> ParseSkpStatus(std::string_view text);  // DRAFT | SUBMITTED | RETURNED | APPROVED
const char* ToString(RhkKind k);
const char* ToString(IndikatorAspect a);
const char* ToString(SkpStatus s);  // "NONE" for kNone

// The 7 BerAKHLAK perilaku keys, in their canonical order.
const std::vector<std::string>& PerilakuKeys();
bool IsPerilakuKey(const std::string& key);

struct Indikator {
  IndikatorAspect aspect = IndikatorAspect::kKuantitas;
  std::string description;
  double target = 0;  // > 0
  std::string unit;   // e.g. "dokumen", "%", "hari"
  friend bool operator==(const Indikator& a, const Indikator& b) {
    return a.aspect == b.aspect && a.description == b.description && a.target == b.target &&
           a.unit == b.unit;
  }
};
struct Rhk {
  std::string id;  // letters, digits, '-', '_', '.'; 1..64; unique within the plan
  RhkKind kind = RhkKind::kUtama;
  std::string description;
  std::optional<std::string> parent_rhk_id;  // the supervisor's RHK it serves (intervensi)
  std::vector<Indikator> indikator;
  friend bool operator==(const Rhk& a, const Rhk& b) {
    return a.id == b.id && a.kind == b.kind && a.description == b.description &&
           a.parent_rhk_id == b.parent_rhk_id && a.indikator == b.indikator;
  }
};
struct WorkPlan {
  std::vector<Rhk> rhk;
  std::map<std::string, std::string> perilaku;  // BerAKHLAK key -> ekspektasi khusus
  friend bool operator==(const WorkPlan& a, const WorkPlan& b) {
    return a.rhk == b.rhk && a.perilaku == b.perilaku;
  }
  friend bool operator!=(const WorkPlan& a, const WorkPlan& b) { return !(a == b); }
};
const Rhk* FindRhk(const WorkPlan& plan, const std::string& rhk_id);  // nullptr when absent

// Commands. nip and year come from the path; every command carries them.
struct SaveWorkPlanDraft {
  std::string nip;
  int year = 0;
  WorkPlan plan;
};
struct SubmitWorkPlan {
  std::string nip;
  int year = 0;
  WorkPlan plan;
};
struct ApproveWorkPlan {
  std::string nip;
  int year = 0;
};
struct ReturnWorkPlan {
  std::string nip;
  int year = 0;
  std::string notes;
};
struct RecordProgress {
  std::string nip;
  int year = 0;
  Period period;  // within the SKP year
  std::string rhk_id;
  int indikator_index = 0;  // 0-based, into the RHK's indikator of the version in force
  double realisasi = 0;     // >= 0
  std::optional<std::string> note;
  std::vector<std::string> evidence;  // http(s) URLs, at most 20, each at most 2048 chars
};
struct GiveFeedback {
  std::string nip;
  int year = 0;
  Period period;  // within the SKP year
  std::optional<std::string> rhk_id;
  std::string text;
};
using SkpCommand = std::variant<SaveWorkPlanDraft, SubmitWorkPlan, ApproveWorkPlan, ReturnWorkPlan,
                                RecordProgress, GiveFeedback>;

// Events. Each names the pegawai and year, the actor (ctx.actor) and the time (ctx.now).
struct WorkPlanDraftSaved {
  static constexpr const char* kType = "WorkPlanDraftSaved";
  static constexpr int kVersion = 1;
  std::string nip;
  int year = 0;
  WorkPlan plan;
  std::string actor;
  Timestamp at;
  friend bool operator==(const WorkPlanDraftSaved& a, const WorkPlanDraftSaved& b) {
    return a.nip == b.nip && a.year == b.year && a.plan == b.plan && a.actor == b.actor &&
           a.at == b.at;
  }
};
struct WorkPlanSubmitted {
  static constexpr const char* kType = "WorkPlanSubmitted";
  static constexpr int kVersion = 1;
  std::string nip;
  int year = 0;
  int version = 0;           // 1 for the first plan; n+1 for a revision of approved version n
  bool resubmission = false;  // true when the same version was returned and is submitted again
  WorkPlan plan;              // the full plan of this version
  std::string actor;
  Timestamp at;
  friend bool operator==(const WorkPlanSubmitted& a, const WorkPlanSubmitted& b) {
    return a.nip == b.nip && a.year == b.year && a.version == b.version &&
           a.resubmission == b.resubmission && a.plan == b.plan && a.actor == b.actor &&
           a.at == b.at;
  }
};
struct WorkPlanApproved {
  static constexpr const char* kType = "WorkPlanApproved";
  static constexpr int kVersion = 1;
  std::string nip;
  int year = 0;
  int version = 0;
  int supersedes_version = 0;  // the version that was in force until now (0: none)
  std::string actor;           // the pejabat penilai
  Timestamp at;
  friend bool operator==(const WorkPlanApproved& a, const WorkPlanApproved& b) {
    return a.nip == b.nip && a.year == b.year && a.version == b.version &&
           a.supersedes_version == b.supersedes_version && a.actor == b.actor && a.at == b.at;
  }
};
struct WorkPlanReturned {
  static constexpr const char* kType = "WorkPlanReturned";
  static constexpr int kVersion = 1;
  std::string nip;
  int year = 0;
  int version = 0;
  std::string notes;
  std::string actor;  // the pejabat penilai
  Timestamp at;
  friend bool operator==(const WorkPlanReturned& a, const WorkPlanReturned& b) {
    return a.nip == b.nip && a.year == b.year && a.version == b.version && a.notes == b.notes &&
           a.actor == b.actor && a.at == b.at;
  }
};
struct ProgressRecorded {
  static constexpr const char* kType = "ProgressRecorded";
  static constexpr int kVersion = 1;
  std::string nip;
  int year = 0;
  int version = 0;  // the approved version in force
  Period period;
  std::string rhk_id;
  int indikator_index = 0;
  double realisasi = 0;
  std::optional<std::string> note;
  std::vector<std::string> evidence;
  std::string actor;
  Timestamp at;
  friend bool operator==(const ProgressRecorded& a, const ProgressRecorded& b) {
    return a.nip == b.nip && a.year == b.year && a.version == b.version && a.period == b.period &&
           a.rhk_id == b.rhk_id && a.indikator_index == b.indikator_index &&
           a.realisasi == b.realisasi && a.note == b.note && a.evidence == b.evidence &&
           a.actor == b.actor && a.at == b.at;
  }
};
struct FeedbackGiven {
  static constexpr const char* kType = "FeedbackGiven";
  static constexpr int kVersion = 1;
  std::string nip;
  int year = 0;
  int version = 0;  // the approved version in force
  Period period;
  std::optional<std::string> rhk_id;
  std::string text;
  std::string actor;  // the pejabat penilai
  Timestamp at;
  friend bool operator==(const FeedbackGiven& a, const FeedbackGiven& b) {
    return a.nip == b.nip && a.year == b.year && a.version == b.version && a.period == b.period &&
           a.rhk_id == b.rhk_id && a.text == b.text && a.actor == b.actor && a.at == b.at;
  }
};
using SkpEvent = std::variant<WorkPlanDraftSaved, WorkPlanSubmitted, WorkPlanApproved,
                              WorkPlanReturned, ProgressRecorded, FeedbackGiven>;

// State.
struct SkpStatusChange {
  SkpStatus status = SkpStatus::kSubmitted;  // SUBMITTED, RETURNED or APPROVED
  std::string actor;
  Timestamp at;
  std::string notes;  // the return notes (RETURNED only)
  friend bool operator==(const SkpStatusChange& a, const SkpStatusChange& b) {
    return a.status == b.status && a.actor == b.actor && a.at == b.at && a.notes == b.notes;
  }
};
struct SkpVersion {
  int number = 0;
  WorkPlan plan;  // the latest plan submitted under this number
  SkpStatus status = SkpStatus::kSubmitted;  // SUBMITTED, RETURNED or APPROVED
  std::vector<SkpStatusChange> history;
  friend bool operator==(const SkpVersion& a, const SkpVersion& b) {
    return a.number == b.number && a.plan == b.plan && a.status == b.status &&
           a.history == b.history;
  }
};
struct ProgressEntry {
  int version = 0;
  Period period;
  std::string rhk_id;
  int indikator_index = 0;
  double realisasi = 0;
  std::optional<std::string> note;
  std::vector<std::string> evidence;
  std::string actor;
  Timestamp at;
  friend bool operator==(const ProgressEntry& a, const ProgressEntry& b) {
    return a.version == b.version && a.period == b.period && a.rhk_id == b.rhk_id &&
           a.indikator_index == b.indikator_index && a.realisasi == b.realisasi &&
           a.note == b.note && a.evidence == b.evidence && a.actor == b.actor && a.at == b.at;
  }
};
struct FeedbackEntry {
  int version = 0;
  Period period;
  std::optional<std::string> rhk_id;
  std::string text;
  std::string actor;
  Timestamp at;
  friend bool operator==(const FeedbackEntry& a, const FeedbackEntry& b) {
    return a.version == b.version && a.period == b.period && a.rhk_id == b.rhk_id &&
           a.text == b.text && a.actor == b.actor && a.at == b.at;
  }
};

struct SkpState {
  bool exists = false;  // any event recorded
  std::string nip;
  int year = 0;
  // kNone, kDraft (only a draft, never submitted), else the status of the latest version.
  SkpStatus status = SkpStatus::kNone;
  std::optional<WorkPlan> draft;  // the working copy; cleared by a submission
  Timestamp draft_saved_at;
  int current_version = 0;   // the latest submitted version number (0: none)
  int approved_version = 0;  // the version in force (0: none)
  std::vector<SkpVersion> versions;  // versions[i].number == i + 1
  std::vector<ProgressEntry> progress;  // in recording order
  std::vector<FeedbackEntry> feedback;  // in recording order
  friend bool operator==(const SkpState& a, const SkpState& b) {
    return a.exists == b.exists && a.nip == b.nip && a.year == b.year && a.status == b.status &&
           a.draft == b.draft && a.draft_saved_at == b.draft_saved_at &&
           a.current_version == b.current_version && a.approved_version == b.approved_version &&
           a.versions == b.versions && a.progress == b.progress && a.feedback == b.feedback;
  }
  friend bool operator!=(const SkpState& a, const SkpState& b) { return !(a == b); }
};

// The plan of the version in force, or nullptr when none is approved.
const WorkPlan* PlanInForce(const SkpState& state);
// The RHK ids of the version in force (empty when none is approved). A subordinate's parentRhkId
// must be one of these (see SkpFacts::supervisor_approved_rhk_ids).
std::set<std::string> ApprovedRhkIds(const SkpState& state);

struct SkpFacts {
  // The pegawai's pejabat penilai today: SupervisorOn(pegawai state, ctx.today()) (domain/pegawai.h);
  // nullopt when the pegawai has none. Approve/Return/GiveFeedback require ctx.actor == this;
  // SubmitWorkPlan refuses parentRhkId when it is nullopt.
  std::optional<std::string> current_supervisor_nip;
  // ApprovedRhkIds() of skp-<current_supervisor_nip>-<year> (empty when that SKP has no approved
  // version). Used by SubmitWorkPlan: every parentRhkId must be one of them.
  std::set<std::string> supervisor_approved_rhk_ids;
};

Result<std::vector<SkpEvent>> Decide(const SkpState& state, const SkpCommand& command,
                                     const SkpFacts& facts, const CommandContext& ctx);
SkpState Evolve(SkpState state, const SkpEvent& event);

// Validation used by Decide, exposed for the API (early 400s) and tests.
// Structure: ids, lengths, counts, targets, perilaku keys. `complete` adds what a submission needs:
// at least one RHK utama and at least one indikator per RHK. Facts-free.
Status ValidateWorkPlan(const WorkPlan& plan, bool complete);
// Evidence links: http/https URLs with a host, no spaces or control characters, at most 20,
// each at most 2048 characters.
Status ValidateEvidence(const std::vector<std::string>& urls);

}  // namespace kinerja::domain
