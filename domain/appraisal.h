// The appraisal (penilaian kinerja) aggregate: stream "appraisal-<nip>-<period>", one per pegawai
// per period (monthly, quarterly or annual). Covers recording by the pejabat penilai, acceptance by
// the pegawai, the objection (keberatan) within 14 days of receipt, its decision by the atasan
// pejabat penilai, and finalisation. Shape as domain/unit.h: Decide is pure, Evolve never fails.
//
// Rules (DESIGN.md §1 Penilaian, Keberatan, Acceptance and finalisation):
//   - RecordAppraisal: only the pegawai's CURRENT pejabat penilai, never for themself, only against
//     an APPROVED SKP of the period's year (the event records the SKP version in force), one per
//     period; periodic kind must match the instansi's choice (the annual is always allowed); not
//     before the period has begun. The predikat is derived by PredikatFor and stored in the event.
//   - The appraisal is received on the UTC date of its recordedAt. The pegawai may object on days
//     0..14 after receipt (day 14 inclusive, day 15 refused), once, and not after accepting it.
//   - AcceptAppraisal by the pegawai waives the objection.
//   - DecideObjection by the atasan pejabat penilai: upheld with new ratings (a new event; the state
//     keeps the original and the decided ratings) or rejected; the decision is final.
//   - FinalizeAppraisal by the current pejabat penilai: once accepted, or on day 15 or later with no
//     objection, or after the objection was decided; never while an objection is open.
// Pure; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/command_context.h"
#include "domain/date.h"
#include "domain/period.h"
#include "domain/rating.h"
#include "domain/result.h"

namespace kinerja::domain {

std::string AppraisalStream(const std::string& nip, const Period& period);  // appraisal-<nip>-<p>

// The objection window: days after receipt on which an objection may still be filed (inclusive).
constexpr int kObjectionWindowDays = 14;

// The 7 BerAKHLAK values, the keys of RecordAppraisal::perilaku (berorientasi_pelayanan, akuntabel,
// kompeten, harmonis, loyal, adaptif, kolaboratif).
bool IsBerakhlakValue(const std::string& key);

// Commands.
struct RecordAppraisal {
  std::string nip;  // the appraised pegawai (from the path)
  Period period;    // from the path
  Rating hasil_kerja = Rating::kSesuai;
  Rating perilaku_kerja = Rating::kSesuai;
  std::map<std::string, Rating> perilaku;  // optional per-BerAKHLAK ratings
  std::optional<std::string> disiplin;     // notes on discipline
  std::optional<std::string> inovasi;      // notes on innovation
  std::optional<std::string> notes;
};
struct AcceptAppraisal {};
struct FileObjection {
  std::string reason;
};
struct DecideObjection {
  bool upheld = false;
  std::optional<Rating> hasil_kerja;     // upheld: the new rating (absent = unchanged)
  std::optional<Rating> perilaku_kerja;  // upheld: the new rating (absent = unchanged)
  std::string reason;
};
struct FinalizeAppraisal {};
using AppraisalCommand = std::variant<RecordAppraisal, AcceptAppraisal, FileObjection,
                                      DecideObjection, FinalizeAppraisal>;

// Events. Every event carries nip and period so it can be read alone.
struct AppraisalRecorded {
  static constexpr const char* kType = "AppraisalRecorded";
  // v2 added `predikat` (stored, v1 derived it on read) and `perilaku` (per-BerAKHLAK ratings);
  // the codec upcasts v1 on decode.
  static constexpr int kVersion = 2;
  std::string nip;
  Period period;
  Rating hasil_kerja = Rating::kSesuai;
  Rating perilaku_kerja = Rating::kSesuai;
  std::map<std::string, Rating> perilaku;
  std::optional<std::string> disiplin;
  std::optional<std::string> inovasi;
  std::optional<std::string> notes;
  Predikat predikat = Predikat::kBaik;  // PredikatFor(hasil_kerja, perilaku_kerja)
  int skp_version = 0;                  // the approved SKP version in force when recorded
  std::string pejabat_penilai_nip;      // who recorded it (ctx.actor)
  Timestamp recorded_at;                // ctx.now; its UTC date is the date of receipt
  friend bool operator==(const AppraisalRecorded& a, const AppraisalRecorded& b);
};
struct AppraisalAccepted {
  static constexpr const char* kType = "AppraisalAccepted";
  static constexpr int kVersion = 1;
  std::string nip;
  Period period;
  Timestamp accepted_at;
  friend bool operator==(const AppraisalAccepted& a, const AppraisalAccepted& b) {
    return a.nip == b.nip && a.period == b.period && a.accepted_at == b.accepted_at;
  }
};
struct ObjectionFiled {
  static constexpr const char* kType = "ObjectionFiled";
  static constexpr int kVersion = 1;
  std::string nip;
  Period period;
  std::string reason;
  Timestamp filed_at;
  friend bool operator==(const ObjectionFiled& a, const ObjectionFiled& b) {
    return a.nip == b.nip && a.period == b.period && a.reason == b.reason &&
           a.filed_at == b.filed_at;
  }
};
struct ObjectionDecided {
  static constexpr const char* kType = "ObjectionDecided";
  static constexpr int kVersion = 1;
  std::string nip;
  Period period;
  bool upheld = false;
  // Upheld: the ratings after the decision (both present). Rejected: both absent.
  std::optional<Rating> hasil_kerja;
  std::optional<Rating> perilaku_kerja;
  Predikat predikat = Predikat::kBaik;  // the effective predikat after the decision
  std::string reason;
  std::string decided_by;  // the atasan pejabat penilai (ctx.actor)
  Timestamp decided_at;
  friend bool operator==(const ObjectionDecided& a, const ObjectionDecided& b);
};
struct AppraisalFinalized {
  static constexpr const char* kType = "AppraisalFinalized";
  static constexpr int kVersion = 1;
  std::string nip;
  Period period;
  Predikat predikat = Predikat::kBaik;  // the effective (final) predikat
  std::string finalized_by;
  Timestamp finalized_at;
  friend bool operator==(const AppraisalFinalized& a, const AppraisalFinalized& b) {
    return a.nip == b.nip && a.period == b.period && a.predikat == b.predikat &&
           a.finalized_by == b.finalized_by && a.finalized_at == b.finalized_at;
  }
};
using AppraisalEvent = std::variant<AppraisalRecorded, AppraisalAccepted, ObjectionFiled,
                                    ObjectionDecided, AppraisalFinalized>;

enum class AppraisalStatus { kNone, kRecorded, kAccepted, kObjected, kObjectionDecided, kFinal };
const char* ToString(AppraisalStatus s);  // NONE, RECORDED, ACCEPTED, OBJECTED, ...

struct AppraisalObjection {
  std::string reason;
  Timestamp filed_at;
  friend bool operator==(const AppraisalObjection& a, const AppraisalObjection& b) {
    return a.reason == b.reason && a.filed_at == b.filed_at;
  }
};
struct AppraisalDecision {
  bool upheld = false;
  std::optional<Rating> hasil_kerja;     // upheld: decided ratings
  std::optional<Rating> perilaku_kerja;
  Predikat predikat = Predikat::kBaik;   // effective after the decision
  std::string reason;
  std::string decided_by;
  Timestamp decided_at;
  friend bool operator==(const AppraisalDecision& a, const AppraisalDecision& b);
};

struct AppraisalState {
  AppraisalStatus status = AppraisalStatus::kNone;
  std::string nip;
  Period period;
  // As recorded (the original ratings are never overwritten).
  Rating hasil_kerja = Rating::kSesuai;
  Rating perilaku_kerja = Rating::kSesuai;
  std::map<std::string, Rating> perilaku;
  std::optional<std::string> disiplin;
  std::optional<std::string> inovasi;
  std::optional<std::string> notes;
  Predikat recorded_predikat = Predikat::kBaik;
  int skp_version = 0;
  std::string recorded_by;  // the pejabat penilai who recorded it
  Timestamp recorded_at;
  Date received_on;  // recorded_at's UTC date
  std::optional<Timestamp> accepted_at;
  std::optional<AppraisalObjection> objection;
  std::optional<AppraisalDecision> decision;
  std::optional<Timestamp> finalized_at;
  std::string finalized_by;

  bool exists() const { return status != AppraisalStatus::kNone; }
  bool accepted() const { return accepted_at.has_value(); }
  bool objection_open() const { return objection.has_value() && !decision.has_value(); }
  // The predikat in force: the decided one when the objection was upheld, else the recorded one.
  Predikat predikat() const;
  Rating effective_hasil_kerja() const;
  Rating effective_perilaku_kerja() const;
  friend bool operator==(const AppraisalState& a, const AppraisalState& b);
  friend bool operator!=(const AppraisalState& a, const AppraisalState& b) { return !(a == b); }
};

// Facts the caller prepares from the pegawai, SKP and instansi configuration. "Today" is
// ctx.today() (UTC date of the command).
struct AppraisalFacts {
  // Is the appraised pegawai (RecordAppraisal::nip / the state's nip) registered?
  bool pegawai_registered = false;
  // The pegawai's pejabat penilai (direct supervisor) in force today, from the pegawai aggregate's
  // "supervisor on date"; empty when the pegawai has none. Used by Record and Finalize.
  std::string pejabat_penilai_nip;
  // The supervisor of that pejabat penilai in force today (the atasan pejabat penilai); empty when
  // none. Used by DecideObjection.
  std::string atasan_pejabat_penilai_nip;
  // The SKP version in force (approved_version of skp-<nip>-<period.year()>), 0 = none approved.
  int approved_skp_version = 0;
  // The instansi's choice of periodic appraisal: kMonthly or kQuarterly (never kAnnual).
  PeriodKind periodic_kind = PeriodKind::kMonthly;
};

Result<std::vector<AppraisalEvent>> Decide(const AppraisalState& state,
                                           const AppraisalCommand& command,
                                           const AppraisalFacts& facts, const CommandContext& ctx);
AppraisalState Evolve(AppraisalState state, const AppraisalEvent& event);

// Days since receipt on `today` (negative if today is before the receipt date).
int64_t DaysSinceReceipt(const AppraisalState& state, Date today);

}  // namespace kinerja::domain
