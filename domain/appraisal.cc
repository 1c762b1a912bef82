#include "domain/appraisal.h"

#include <tuple>

#include "domain/nip.h"
#include "domain/overloaded.h"
#include "domain/text.h"

namespace kinerja::domain {
namespace {

using Events = std::vector<AppraisalEvent>;
constexpr size_t kMaxNoteChars = 4000;

const char* const kBerakhlak[] = {"berorientasi_pelayanan", "akuntabel", "kompeten", "harmonis",
                                  "loyal",                  "adaptif",   "kolaboratif"};

RuleViolation NotFound() {
  return Violation(ViolationKind::kNotFound, "appraisal.not_found",
                   "Penilaian untuk periode ini belum dicatat",
                   "No appraisal has been recorded for this period");
}

RuleViolation NotThePegawai() {
  return Violation(ViolationKind::kForbidden, "appraisal.not_the_pegawai",
                   "Hanya pegawai yang dinilai yang dapat melakukan ini",
                   "Only the appraised pegawai may do this");
}

RuleViolation NotPejabatPenilai() {
  return Violation(ViolationKind::kForbidden, "appraisal.not_pejabat_penilai",
                   "Hanya pejabat penilai yang sedang menjabat bagi pegawai ini yang dapat "
                   "melakukan ini",
                   "Only the pegawai's current pejabat penilai may do this");
}

RuleViolation SelfAppraisal() {
  return Violation(ViolationKind::kForbidden, "appraisal.self",
                   "Pegawai tidak dapat menilai atau memutuskan penilaiannya sendiri",
                   "A pegawai cannot appraise themself or decide on their own appraisal");
}

Status CheckOptionalText(const char* field, const std::optional<std::string>& text) {
  if (!text) return OkStatus();
  return CheckText(field, *text, 0, kMaxNoteChars);
}

Result<Events> DecideRecord(const AppraisalState& state, const RecordAppraisal& cmd,
                            const AppraisalFacts& facts, const CommandContext& ctx) {
  if (auto nip = Nip::ParseAny(cmd.nip); !nip.ok()) return nip.error();
  if (auto s = CheckYear(cmd.period.year()); !s.ok()) return s.error();
  for (const auto& [key, rating] : cmd.perilaku) {
    (void)rating;
    if (!IsBerakhlakValue(key)) {
      return Violation(ViolationKind::kInvalid, "appraisal.perilaku_invalid",
                       "Nilai BerAKHLAK tidak dikenal: '" + key + "'",
                       "Unknown BerAKHLAK value: '" + key + "'");
    }
  }
  if (auto s = CheckOptionalText("disiplin", cmd.disiplin); !s.ok()) return s.error();
  if (auto s = CheckOptionalText("inovasi", cmd.inovasi); !s.ok()) return s.error();
  if (auto s = CheckOptionalText("notes", cmd.notes); !s.ok()) return s.error();
  if (state.exists()) {
    return Violation(ViolationKind::kConflict, "appraisal.already_recorded",
                     "Penilaian periode " + state.period.ToString() + " sudah dicatat",
                     "The appraisal for " + state.period.ToString() + " is already recorded");
  }
  if (!facts.pegawai_registered) {
    return Violation(ViolationKind::kNotFound, "appraisal.pegawai_not_found",
                     "Pegawai " + cmd.nip + " tidak terdaftar",
                     "Pegawai " + cmd.nip + " is not registered");
  }
  if (ctx.actor == cmd.nip) return SelfAppraisal();
  if (facts.pejabat_penilai_nip.empty() || facts.pejabat_penilai_nip != ctx.actor) {
    return NotPejabatPenilai();
  }
  if (!cmd.period.is_annual() && cmd.period.kind() != facts.periodic_kind) {
    const bool monthly = facts.periodic_kind == PeriodKind::kMonthly;
    return Violation(ViolationKind::kRefused, "appraisal.period_kind_not_used",
                     std::string("Instansi ini menilai secara ") +
                         (monthly ? "bulanan" : "triwulanan") + ", bukan " +
                         cmd.period.ToString(),
                     std::string("This instansi appraises ") +
                         (monthly ? "monthly" : "quarterly") + ", not " + cmd.period.ToString());
  }
  if (ctx.today() < cmd.period.first_day()) {
    return Violation(ViolationKind::kRefused, "appraisal.period_not_started",
                     "Periode " + cmd.period.ToString() + " belum dimulai",
                     "The period " + cmd.period.ToString() + " has not started yet");
  }
  if (facts.approved_skp_version <= 0) {
    return Violation(ViolationKind::kRefused, "appraisal.skp_not_approved",
                     "Belum ada SKP tahun " + std::to_string(cmd.period.year()) +
                         " yang disetujui",
                     "There is no approved SKP for " + std::to_string(cmd.period.year()));
  }
  AppraisalRecorded e;
  e.nip = cmd.nip;
  e.period = cmd.period;
  e.hasil_kerja = cmd.hasil_kerja;
  e.perilaku_kerja = cmd.perilaku_kerja;
  e.perilaku = cmd.perilaku;
  e.disiplin = cmd.disiplin;
  e.inovasi = cmd.inovasi;
  e.notes = cmd.notes;
  e.predikat = PredikatFor(cmd.hasil_kerja, cmd.perilaku_kerja);
  e.skp_version = facts.approved_skp_version;
  e.pejabat_penilai_nip = ctx.actor;
  e.recorded_at = ctx.now;
  return Events{e};
}

Result<Events> DecideAccept(const AppraisalState& state, const CommandContext& ctx) {
  if (!state.exists()) return NotFound();
  if (ctx.actor != state.nip) return NotThePegawai();
  if (state.accepted()) return Events{};
  if (state.objection) {
    return Violation(ViolationKind::kConflict, "appraisal.objection_filed",
                     "Keberatan sudah diajukan; penilaian tidak dapat lagi diterima",
                     "An objection was filed; the appraisal can no longer be accepted");
  }
  if (state.status == AppraisalStatus::kFinal) {
    return Violation(ViolationKind::kConflict, "appraisal.final", "Penilaian sudah final",
                     "The appraisal is already final");
  }
  return Events{AppraisalAccepted{state.nip, state.period, ctx.now}};
}

Result<Events> DecideObject(const AppraisalState& state, const FileObjection& cmd,
                            const CommandContext& ctx) {
  if (auto s = CheckText("reason", cmd.reason, 1, kMaxNoteChars); !s.ok()) return s.error();
  if (!state.exists()) return NotFound();
  if (ctx.actor != state.nip) return NotThePegawai();
  if (state.objection) {
    return Violation(ViolationKind::kConflict, "appraisal.objection_already_filed",
                     "Keberatan hanya dapat diajukan sekali", "An objection can be filed only once");
  }
  if (state.accepted()) {
    return Violation(ViolationKind::kConflict, "appraisal.already_accepted",
                     "Penilaian sudah diterima; hak keberatan telah dilepaskan",
                     "The appraisal was accepted; the right to object was waived");
  }
  if (state.status == AppraisalStatus::kFinal) {
    return Violation(ViolationKind::kConflict, "appraisal.final", "Penilaian sudah final",
                     "The appraisal is already final");
  }
  if (DaysSinceReceipt(state, ctx.today()) > kObjectionWindowDays) {
    return Violation(ViolationKind::kRefused, "appraisal.objection_window_closed",
                     "Batas 14 hari untuk mengajukan keberatan sejak " +
                         state.received_on.ToString() + " telah lewat",
                     "The 14 days to object since " + state.received_on.ToString() +
                         " have passed");
  }
  return Events{ObjectionFiled{state.nip, state.period, cmd.reason, ctx.now}};
}

Result<Events> DecideDecision(const AppraisalState& state, const DecideObjection& cmd,
                              const AppraisalFacts& facts, const CommandContext& ctx) {
  if (auto s = CheckText("reason", cmd.reason, 1, kMaxNoteChars); !s.ok()) return s.error();
  if (!cmd.upheld && (cmd.hasil_kerja || cmd.perilaku_kerja)) {
    return Violation(ViolationKind::kInvalid, "appraisal.decision_ratings_unexpected",
                     "Keberatan yang ditolak tidak membawa rating baru",
                     "A rejected objection carries no new ratings");
  }
  if (cmd.upheld && !cmd.hasil_kerja && !cmd.perilaku_kerja) {
    return Violation(ViolationKind::kInvalid, "appraisal.decision_ratings_required",
                     "Keberatan yang dikabulkan memerlukan rating baru",
                     "An upheld objection requires new ratings");
  }
  if (!state.exists()) return NotFound();
  if (!state.objection) {
    return Violation(ViolationKind::kConflict, "appraisal.no_objection",
                     "Tidak ada keberatan yang diajukan", "No objection was filed");
  }
  if (state.decision) {
    return Violation(ViolationKind::kConflict, "appraisal.objection_already_decided",
                     "Keberatan sudah diputuskan; keputusan bersifat final",
                     "The objection was already decided; the decision is final");
  }
  if (ctx.actor == state.nip) return SelfAppraisal();
  if (facts.atasan_pejabat_penilai_nip.empty() || facts.atasan_pejabat_penilai_nip != ctx.actor) {
    return Violation(ViolationKind::kForbidden, "appraisal.not_atasan_pejabat_penilai",
                     "Hanya atasan pejabat penilai yang dapat memutuskan keberatan",
                     "Only the atasan pejabat penilai may decide the objection");
  }
  ObjectionDecided e;
  e.nip = state.nip;
  e.period = state.period;
  e.upheld = cmd.upheld;
  e.reason = cmd.reason;
  e.decided_by = ctx.actor;
  e.decided_at = ctx.now;
  if (cmd.upheld) {
    const Rating hasil = cmd.hasil_kerja.value_or(state.hasil_kerja);
    const Rating perilaku = cmd.perilaku_kerja.value_or(state.perilaku_kerja);
    if (hasil == state.hasil_kerja && perilaku == state.perilaku_kerja) {
      return Violation(ViolationKind::kRefused, "appraisal.decision_ratings_unchanged",
                       "Keberatan yang dikabulkan harus mengubah rating",
                       "An upheld objection must change a rating");
    }
    e.hasil_kerja = hasil;
    e.perilaku_kerja = perilaku;
    e.predikat = PredikatFor(hasil, perilaku);
  } else {
    e.predikat = state.recorded_predikat;
  }
  return Events{e};
}

Result<Events> DecideFinalize(const AppraisalState& state, const AppraisalFacts& facts,
                              const CommandContext& ctx) {
  if (!state.exists()) return NotFound();
  if (state.status == AppraisalStatus::kFinal) return Events{};
  if (ctx.actor == state.nip) return SelfAppraisal();
  if (facts.pejabat_penilai_nip.empty() || facts.pejabat_penilai_nip != ctx.actor) {
    return NotPejabatPenilai();
  }
  if (state.objection_open()) {
    return Violation(ViolationKind::kConflict, "appraisal.objection_open",
                     "Keberatan masih terbuka; tunggu keputusan atasan pejabat penilai",
                     "An objection is open; wait for the atasan pejabat penilai's decision");
  }
  const bool window_passed = DaysSinceReceipt(state, ctx.today()) > kObjectionWindowDays;
  if (!state.accepted() && !state.decision && !window_passed) {
    return Violation(ViolationKind::kRefused, "appraisal.objection_window_open",
                     "Pegawai masih dapat mengajukan keberatan sampai " +
                         state.received_on.AddDays(kObjectionWindowDays).ToString(),
                     "The pegawai may still object until " +
                         state.received_on.AddDays(kObjectionWindowDays).ToString());
  }
  return Events{AppraisalFinalized{state.nip, state.period, state.predikat(), ctx.actor, ctx.now}};
}

}  // namespace

bool operator==(const AppraisalRecorded& a, const AppraisalRecorded& b) {
  return std::tie(a.nip, a.period, a.hasil_kerja, a.perilaku_kerja, a.perilaku, a.disiplin,
                  a.inovasi, a.notes, a.predikat, a.skp_version, a.pejabat_penilai_nip,
                  a.recorded_at) == std::tie(b.nip, b.period, b.hasil_kerja, b.perilaku_kerja,
                                             b.perilaku, b.disiplin, b.inovasi, b.notes,
                                             b.predikat, b.skp_version, b.pejabat_penilai_nip,
                                             b.recorded_at);
}

bool operator==(const ObjectionDecided& a, const ObjectionDecided& b) {
  return std::tie(a.nip, a.period, a.upheld, a.hasil_kerja, a.perilaku_kerja, a.predikat,
                  a.reason, a.decided_by, a.decided_at) ==
         std::tie(b.nip, b.period, b.upheld, b.hasil_kerja, b.perilaku_kerja, b.predikat,
                  b.reason, b.decided_by, b.decided_at);
}

bool operator==(const AppraisalDecision& a, const AppraisalDecision& b) {
  return std::tie(a.upheld, a.hasil_kerja, a.perilaku_kerja, a.predikat, a.reason, a.decided_by,
                  a.decided_at) == std::tie(b.upheld, b.hasil_kerja, b.perilaku_kerja,
                                            b.predikat, b.reason, b.decided_by, b.decided_at);
}

bool operator==(const AppraisalState& a, const AppraisalState& b) {
  return std::tie(a.status, a.nip, a.period, a.hasil_kerja, a.perilaku_kerja, a.perilaku,
                  a.disiplin, a.inovasi, a.notes, a.recorded_predikat, a.skp_version,
                  a.recorded_by, a.recorded_at, a.received_on, a.accepted_at, a.objection,
                  a.decision, a.finalized_at, a.finalized_by) ==
         std::tie(b.status, b.nip, b.period, b.hasil_kerja, b.perilaku_kerja, b.perilaku,
                  b.disiplin, b.inovasi, b.notes, b.recorded_predikat, b.skp_version,
                  b.recorded_by, b.recorded_at, b.received_on, b.accepted_at, b.objection,
                  b.decision, b.finalized_at, b.finalized_by);
}

std::string AppraisalStream(const std::string& nip, const Period& period) {
  return "appraisal-" + nip + "-" + period.ToString();
}

bool IsBerakhlakValue(const std::string& key) {
  for (const char* v : kBerakhlak) {
    if (key == v) return true;
  }
  return false;
}

const char* ToString(AppraisalStatus s) {
  switch (s) {
    case AppraisalStatus::kNone: return "NONE";
    case AppraisalStatus::kRecorded: return "RECORDED";
    case AppraisalStatus::kAccepted: return "ACCEPTED";
    case AppraisalStatus::kObjected: return "OBJECTED";
    case AppraisalStatus::kObjectionDecided: return "OBJECTION_DECIDED";
    case AppraisalStatus::kFinal: return "FINAL";
  }
  return "";
}

Predikat AppraisalState::predikat() const {
  return decision ? decision->predikat : recorded_predikat;
}

Rating AppraisalState::effective_hasil_kerja() const {
  return decision && decision->hasil_kerja ? *decision->hasil_kerja : hasil_kerja;
}

Rating AppraisalState::effective_perilaku_kerja() const {
  return decision && decision->perilaku_kerja ? *decision->perilaku_kerja : perilaku_kerja;
}

int64_t DaysSinceReceipt(const AppraisalState& state, Date today) {
  return DaysBetween(state.received_on, today);
}

Result<std::vector<AppraisalEvent>> Decide(const AppraisalState& state,
                                           const AppraisalCommand& command,
                                           const AppraisalFacts& facts, const CommandContext& ctx) {
  return std::visit(
      Overloaded{
          [&](const RecordAppraisal& c) { return DecideRecord(state, c, facts, ctx); },
          [&](const AcceptAppraisal&) { return DecideAccept(state, ctx); },
          [&](const FileObjection& c) { return DecideObject(state, c, ctx); },
          [&](const DecideObjection& c) { return DecideDecision(state, c, facts, ctx); },
          [&](const FinalizeAppraisal&) { return DecideFinalize(state, facts, ctx); },
      },
      command);
}

AppraisalState Evolve(AppraisalState state, const AppraisalEvent& event) {
  std::visit(Overloaded{
                 [&](const AppraisalRecorded& e) {
                   state.status = AppraisalStatus::kRecorded;
                   state.nip = e.nip;
                   state.period = e.period;
                   state.hasil_kerja = e.hasil_kerja;
                   state.perilaku_kerja = e.perilaku_kerja;
                   state.perilaku = e.perilaku;
                   state.disiplin = e.disiplin;
                   state.inovasi = e.inovasi;
                   state.notes = e.notes;
                   state.recorded_predikat = e.predikat;
                   state.skp_version = e.skp_version;
                   state.recorded_by = e.pejabat_penilai_nip;
                   state.recorded_at = e.recorded_at;
                   state.received_on = e.recorded_at.date();
                 },
                 [&](const AppraisalAccepted& e) {
                   state.status = AppraisalStatus::kAccepted;
                   state.accepted_at = e.accepted_at;
                 },
                 [&](const ObjectionFiled& e) {
                   state.status = AppraisalStatus::kObjected;
                   state.objection = AppraisalObjection{e.reason, e.filed_at};
                 },
                 [&](const ObjectionDecided& e) {
                   state.status = AppraisalStatus::kObjectionDecided;
                   state.decision = AppraisalDecision{e.upheld,  e.hasil_kerja, e.perilaku_kerja,
                                                      e.predikat, e.reason,     e.decided_by,
                                                      e.decided_at};
                 },
                 [&](const AppraisalFinalized& e) {
                   state.status = AppraisalStatus::kFinal;
                   state.finalized_at = e.finalized_at;
                   state.finalized_by = e.finalized_by;
                 },
             },
             event);
  return state;
}

}  // namespace kinerja::domain
