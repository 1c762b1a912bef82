// The pegawai (employee) aggregate: stream "pegawai-<nip>".
//
// Registration and assignment changes (mutasi, promosi, Plt, a wrong supervisor corrected). Every
// assignment change carries an effective date; the state keeps the whole assignment TIMELINE so
// "who was the pejabat penilai on date D" has an answer even after a correction recorded later
// with an earlier effective date. Timeline entries are deltas (only the fields a change names);
// the assignment on D applies every entry with effective date <= D ordered by effective date,
// then by recording order (a later-recorded entry with the same effective date wins).
//
// Shape as domain/unit.h: plain commands/events, Decide (pure) and Evolve (never fails).
// Pure; thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/command_context.h"
#include "domain/date.h"
#include "domain/jabatan.h"
#include "domain/nip.h"
#include "domain/result.h"

namespace kinerja::domain {

std::string PegawaiStream(const std::string& nip);  // "pegawai-<nip>"

// Commands.
struct RegisterEmployee {
  std::string nip;  // validated for `status` with Nip::Parse (PNS NIP or PPPK NI)
  std::string name;
  std::string unit_id;
  std::string jabatan;
  JenisJabatan jenis_jabatan = JenisJabatan::kPelaksana;
  std::optional<Golongan> golongan;  // required for PNS, refused for PPPK
  std::optional<std::string> supervisor_nip;
  EmployeeStatus status = EmployeeStatus::kPns;
  std::optional<Date> effective_date;  // default: ctx.today()
};
// The stream (path {nip}) names the pegawai. At least one field besides effective_date.
struct ChangeAssignment {
  std::optional<std::string> unit_id;
  std::optional<std::string> jabatan;
  std::optional<JenisJabatan> jenis_jabatan;
  std::optional<Golongan> golongan;  // PNS only
  std::optional<std::string> supervisor_nip;
  bool remove_supervisor = false;  // from D on, no pejabat penilai (excludes supervisor_nip)
  Date effective_date;             // may be in the past (a correction) or in the future
};
using PegawaiCommand = std::variant<RegisterEmployee, ChangeAssignment>;

// Events.
struct EmployeeRegistered {
  static constexpr const char* kType = "EmployeeRegistered";
  static constexpr int kVersion = 1;
  std::string nip;
  std::string name;
  EmployeeStatus status = EmployeeStatus::kPns;
  std::string unit_id;
  std::string jabatan;
  JenisJabatan jenis_jabatan = JenisJabatan::kPelaksana;
  std::optional<Golongan> golongan;
  std::optional<std::string> supervisor_nip;
  Date effective_date;
  Timestamp recorded_at;  // ctx.now
  friend bool operator==(const EmployeeRegistered& a, const EmployeeRegistered& b) {
    return a.nip == b.nip && a.name == b.name && a.status == b.status && a.unit_id == b.unit_id &&
           a.jabatan == b.jabatan && a.jenis_jabatan == b.jenis_jabatan &&
           a.golongan == b.golongan && a.supervisor_nip == b.supervisor_nip &&
           a.effective_date == b.effective_date && a.recorded_at == b.recorded_at;
  }
};
// A delta: only the named fields change, from effective_date on (until a later-dated change).
struct AssignmentChanged {
  static constexpr const char* kType = "AssignmentChanged";
  static constexpr int kVersion = 1;
  std::string nip;
  std::optional<std::string> unit_id;
  std::optional<std::string> jabatan;
  std::optional<JenisJabatan> jenis_jabatan;
  std::optional<Golongan> golongan;
  std::optional<std::string> supervisor_nip;
  bool remove_supervisor = false;
  Date effective_date;
  Timestamp recorded_at;  // ctx.now
  friend bool operator==(const AssignmentChanged& a, const AssignmentChanged& b) {
    return a.nip == b.nip && a.unit_id == b.unit_id && a.jabatan == b.jabatan &&
           a.jenis_jabatan == b.jenis_jabatan && a.golongan == b.golongan &&
           a.supervisor_nip == b.supervisor_nip && a.remove_supervisor == b.remove_supervisor &&
           a.effective_date == b.effective_date && a.recorded_at == b.recorded_at;
  }
};
using PegawaiEvent = std::variant<EmployeeRegistered, AssignmentChanged>;

// The assignment in force on a date (resolved from the timeline).
struct Assignment {
  std::string unit_id;
  std::string jabatan;
  JenisJabatan jenis_jabatan = JenisJabatan::kPelaksana;
  std::optional<Golongan> golongan;
  std::optional<std::string> supervisor_nip;  // the pejabat penilai
  friend bool operator==(const Assignment& a, const Assignment& b) {
    return a.unit_id == b.unit_id && a.jabatan == b.jabatan && a.jenis_jabatan == b.jenis_jabatan &&
           a.golongan == b.golongan && a.supervisor_nip == b.supervisor_nip;
  }
  friend bool operator!=(const Assignment& a, const Assignment& b) { return !(a == b); }
};

// One timeline entry: the registration (sequence 0, every field set) or a change (a delta).
struct AssignmentEntry {
  int sequence = 0;  // recording order within the stream
  Date effective_date;
  Timestamp recorded_at;
  std::optional<std::string> unit_id;
  std::optional<std::string> jabatan;
  std::optional<JenisJabatan> jenis_jabatan;
  std::optional<Golongan> golongan;
  std::optional<std::string> supervisor_nip;
  bool remove_supervisor = false;
  friend bool operator==(const AssignmentEntry& a, const AssignmentEntry& b) {
    return a.sequence == b.sequence && a.effective_date == b.effective_date &&
           a.recorded_at == b.recorded_at && a.unit_id == b.unit_id && a.jabatan == b.jabatan &&
           a.jenis_jabatan == b.jenis_jabatan && a.golongan == b.golongan &&
           a.supervisor_nip == b.supervisor_nip && a.remove_supervisor == b.remove_supervisor;
  }
};

struct PegawaiState {
  bool exists = false;
  std::string nip;
  std::string name;
  EmployeeStatus status = EmployeeStatus::kPns;
  Date registered_from;    // the registration's effective date: nothing is in force before it
  Timestamp registered_at;
  // Sorted by (effective_date, sequence); entry 0 is the registration.
  std::vector<AssignmentEntry> timeline;
  friend bool operator==(const PegawaiState& a, const PegawaiState& b) {
    return a.exists == b.exists && a.nip == b.nip && a.name == b.name && a.status == b.status &&
           a.registered_from == b.registered_from && a.registered_at == b.registered_at &&
           a.timeline == b.timeline;
  }
};

// Facts the caller (API layer) prepares from other aggregates.
struct PegawaiFacts {
  // The command names a unitId (always for RegisterEmployee): is unit-<unitId> registered?
  bool unit_exists = false;
  // The command names a supervisorNip: is pegawai-<supervisorNip> registered?
  bool supervisor_registered = false;
  // The command names a supervisorNip S: S's pejabat penilai on the command's effective date,
  // then that person's on the same date, and so on upward (S itself not included). Compute it
  // with SupervisorChainOn(S, effective_date, load). Decide refuses the change when the pegawai
  // appears in it (a cycle). Checked on the effective date only.
  std::vector<std::string> supervisor_chain;
};

Result<std::vector<PegawaiEvent>> Decide(const PegawaiState& state, const PegawaiCommand& command,
                                         const PegawaiFacts& facts, const CommandContext& ctx);
PegawaiState Evolve(PegawaiState state, const PegawaiEvent& event);

// Timeline queries. All return nullopt before the registration's effective date (or when the
// pegawai is not registered).
std::optional<Assignment> AssignmentOn(const PegawaiState& state, Date on);
// The pejabat penilai on `on` (nullopt also when nobody supervises the pegawai then).
std::optional<std::string> SupervisorOn(const PegawaiState& state, Date on);
std::optional<std::string> UnitOn(const PegawaiState& state, Date on);
std::optional<std::string> JabatanOn(const PegawaiState& state, Date on);
// The atasan pejabat penilai on `on`: the supervisor of the supervisor, both on that date.
// `supervisor` must be the state of SupervisorOn(pegawai, on); returns nullopt when it is not
// (or when either link is missing on that date).
std::optional<std::string> AtasanPejabatPenilaiOn(const PegawaiState& pegawai,
                                                  const PegawaiState& supervisor, Date on);

// Walks up from `start_nip`: its pejabat penilai on `on`, then theirs, ... `load` returns the
// state of a NIP or nullptr when unknown. Stops at the top, at an unknown NIP, at a repeat, or
// after max_depth links. Used to fill PegawaiFacts::supervisor_chain.
std::vector<std::string> SupervisorChainOn(
    const std::string& start_nip, Date on,
    const std::function<const PegawaiState*(const std::string& nip)>& load,
    size_t max_depth = 64);

}  // namespace kinerja::domain
