#include "domain/pegawai.h"

#include <algorithm>
#include <set>

#include "domain/overloaded.h"
#include "domain/text.h"
#include "domain/unit.h"

namespace kinerja::domain {
namespace {

using Events = std::vector<PegawaiEvent>;

Status CheckSupervisor(const std::string& nip, const std::string& supervisor_nip,
                       const PegawaiFacts& facts) {
  if (auto s = Nip::ParseAny(supervisor_nip); !s.ok()) return s.error();
  if (supervisor_nip == nip) {
    return Violation(ViolationKind::kInvalid, "pegawai.self_supervision",
                     "Pegawai tidak boleh menjadi pejabat penilai dirinya sendiri",
                     "An employee cannot be their own pejabat penilai");
  }
  if (!facts.supervisor_registered) {
    return Violation(ViolationKind::kRefused, "pegawai.supervisor_not_registered",
                     "Pejabat penilai '" + supervisor_nip + "' belum terdaftar",
                     "Supervisor '" + supervisor_nip + "' is not registered");
  }
  if (std::find(facts.supervisor_chain.begin(), facts.supervisor_chain.end(), nip) !=
      facts.supervisor_chain.end()) {
    return Violation(ViolationKind::kRefused, "pegawai.supervision_cycle",
                     "Penugasan ini membuat pegawai menilai dirinya sendiri melalui rantai atasan",
                     "This assignment would make the employee supervise themself through the "
                     "supervisor chain");
  }
  return OkStatus();
}

Status CheckGolongan(EmployeeStatus status, bool has_golongan, bool required) {
  if (status == EmployeeStatus::kPppk && has_golongan) {
    return Violation(ViolationKind::kInvalid, "pegawai.golongan_not_applicable",
                     "PPPK tidak memiliki golongan ruang", "PPPK employees have no golongan");
  }
  if (status == EmployeeStatus::kPns && required && !has_golongan) {
    return Violation(ViolationKind::kInvalid, "pegawai.golongan_required",
                     "Golongan wajib diisi untuk PNS", "Golongan is required for PNS");
  }
  return OkStatus();
}

Status CheckUnit(const std::string& unit_id, const PegawaiFacts& facts) {
  if (auto s = ValidateUnitId(unit_id); !s.ok()) return s.error();
  if (!facts.unit_exists) {
    return Violation(ViolationKind::kRefused, "pegawai.unit_not_found",
                     "Unit '" + unit_id + "' belum terdaftar", "Unit '" + unit_id + "' is not registered");
  }
  return OkStatus();
}

Result<Events> DecideRegister(const PegawaiState& state, const RegisterEmployee& cmd,
                              const PegawaiFacts& facts, const CommandContext& ctx) {
  if (auto s = Nip::Parse(cmd.nip, cmd.status); !s.ok()) return s.error();
  if (auto s = CheckText("name", cmd.name, 1, 200); !s.ok()) return s.error();
  if (auto s = CheckText("jabatan", cmd.jabatan, 1, 200); !s.ok()) return s.error();
  if (auto s = ValidateUnitId(cmd.unit_id); !s.ok()) return s.error();
  if (auto s = CheckGolongan(cmd.status, cmd.golongan.has_value(), true); !s.ok()) return s.error();
  if (state.exists) {
    return Violation(ViolationKind::kConflict, "pegawai.already_registered",
                     "Pegawai '" + cmd.nip + "' sudah terdaftar",
                     "Employee '" + cmd.nip + "' is already registered");
  }
  if (auto s = CheckUnit(cmd.unit_id, facts); !s.ok()) return s.error();
  if (cmd.supervisor_nip) {
    if (auto s = CheckSupervisor(cmd.nip, *cmd.supervisor_nip, facts); !s.ok()) return s.error();
  }
  EmployeeRegistered e;
  e.nip = cmd.nip;
  e.name = cmd.name;
  e.status = cmd.status;
  e.unit_id = cmd.unit_id;
  e.jabatan = cmd.jabatan;
  e.jenis_jabatan = cmd.jenis_jabatan;
  e.golongan = cmd.golongan;
  e.supervisor_nip = cmd.supervisor_nip;
  e.effective_date = cmd.effective_date.value_or(ctx.today());
  e.recorded_at = ctx.now;
  return Events{e};
}

// True when adding `change` leaves the assignment unchanged on every date from its effective date.
bool ChangesNothing(const PegawaiState& state, const AssignmentChanged& change) {
  const PegawaiState after = Evolve(state, change);
  std::set<Date> breakpoints{change.effective_date};
  for (const auto& entry : state.timeline) {
    if (entry.effective_date >= change.effective_date) breakpoints.insert(entry.effective_date);
  }
  for (Date d : breakpoints) {
    if (AssignmentOn(state, d) != AssignmentOn(after, d)) return false;
  }
  return true;
}

Result<Events> DecideChange(const PegawaiState& state, const ChangeAssignment& cmd,
                            const PegawaiFacts& facts, const CommandContext& ctx) {
  if (!state.exists) {
    return Violation(ViolationKind::kNotFound, "pegawai.not_found", "Pegawai tidak ditemukan",
                     "Employee not found");
  }
  if (!cmd.unit_id && !cmd.jabatan && !cmd.jenis_jabatan && !cmd.golongan &&
      !cmd.supervisor_nip && !cmd.remove_supervisor) {
    return Violation(ViolationKind::kInvalid, "pegawai.assignment_empty",
                     "Perubahan penugasan harus mengubah sedikitnya satu kolom",
                     "An assignment change must name at least one field");
  }
  if (cmd.remove_supervisor && cmd.supervisor_nip) {
    return Violation(ViolationKind::kInvalid, "pegawai.assignment_contradictory",
                     "Tidak bisa menetapkan sekaligus menghapus pejabat penilai",
                     "Cannot both set and remove the supervisor");
  }
  if (cmd.jabatan) {
    if (auto s = CheckText("jabatan", *cmd.jabatan, 1, 200); !s.ok()) return s.error();
  }
  if (auto s = CheckGolongan(state.status, cmd.golongan.has_value(), false); !s.ok()) {
    return s.error();
  }
  if (cmd.effective_date.year() > 2100) {
    return Violation(ViolationKind::kInvalid, "pegawai.effective_date_invalid",
                     "Tanggal berlaku harus sebelum tahun 2101",
                     "The effective date must be before the year 2101");
  }
  if (cmd.effective_date < state.registered_from) {
    return Violation(ViolationKind::kRefused, "pegawai.effective_before_registration",
                     "Tanggal berlaku sebelum tanggal pendaftaran pegawai (" +
                         state.registered_from.ToString() + ")",
                     "The effective date precedes the employee's registration (" +
                         state.registered_from.ToString() + ")");
  }
  if (cmd.unit_id) {
    if (auto s = CheckUnit(*cmd.unit_id, facts); !s.ok()) return s.error();
  }
  if (cmd.supervisor_nip) {
    if (auto s = CheckSupervisor(state.nip, *cmd.supervisor_nip, facts); !s.ok()) return s.error();
  }
  AssignmentChanged e;
  e.nip = state.nip;
  e.unit_id = cmd.unit_id;
  e.jabatan = cmd.jabatan;
  e.jenis_jabatan = cmd.jenis_jabatan;
  e.golongan = cmd.golongan;
  e.supervisor_nip = cmd.supervisor_nip;
  e.remove_supervisor = cmd.remove_supervisor;
  e.effective_date = cmd.effective_date;
  e.recorded_at = ctx.now;
  if (ChangesNothing(state, e)) return Events{};
  return Events{e};
}

void Insert(PegawaiState& state, AssignmentEntry entry) {
  auto pos = std::upper_bound(state.timeline.begin(), state.timeline.end(), entry,
                              [](const AssignmentEntry& a, const AssignmentEntry& b) {
                                if (a.effective_date != b.effective_date) {
                                  return a.effective_date < b.effective_date;
                                }
                                return a.sequence < b.sequence;
                              });
  state.timeline.insert(pos, std::move(entry));
}

}  // namespace

std::string PegawaiStream(const std::string& nip) { return "pegawai-" + nip; }

Result<std::vector<PegawaiEvent>> Decide(const PegawaiState& state, const PegawaiCommand& command,
                                         const PegawaiFacts& facts, const CommandContext& ctx) {
  return std::visit(
      Overloaded{
          [&](const RegisterEmployee& c) { return DecideRegister(state, c, facts, ctx); },
          [&](const ChangeAssignment& c) { return DecideChange(state, c, facts, ctx); },
      },
      command);
}

PegawaiState Evolve(PegawaiState state, const PegawaiEvent& event) {
  std::visit(Overloaded{
                 [&](const EmployeeRegistered& e) {
                   state.exists = true;
                   state.nip = e.nip;
                   state.name = e.name;
                   state.status = e.status;
                   state.registered_from = e.effective_date;
                   state.registered_at = e.recorded_at;
                   AssignmentEntry entry;
                   entry.sequence = static_cast<int>(state.timeline.size());
                   entry.effective_date = e.effective_date;
                   entry.recorded_at = e.recorded_at;
                   entry.unit_id = e.unit_id;
                   entry.jabatan = e.jabatan;
                   entry.jenis_jabatan = e.jenis_jabatan;
                   entry.golongan = e.golongan;
                   entry.supervisor_nip = e.supervisor_nip;
                   entry.remove_supervisor = !e.supervisor_nip.has_value();
                   Insert(state, std::move(entry));
                 },
                 [&](const AssignmentChanged& e) {
                   AssignmentEntry entry;
                   entry.sequence = static_cast<int>(state.timeline.size());
                   entry.effective_date = e.effective_date;
                   entry.recorded_at = e.recorded_at;
                   entry.unit_id = e.unit_id;
                   entry.jabatan = e.jabatan;
                   entry.jenis_jabatan = e.jenis_jabatan;
                   entry.golongan = e.golongan;
                   entry.supervisor_nip = e.supervisor_nip;
                   entry.remove_supervisor = e.remove_supervisor;
                   Insert(state, std::move(entry));
                 },
             },
             event);
  return state;
}

std::optional<Assignment> AssignmentOn(const PegawaiState& state, Date on) {
  if (!state.exists || on < state.registered_from) return std::nullopt;
  Assignment a;
  for (const auto& entry : state.timeline) {
    if (entry.effective_date > on) break;
    if (entry.unit_id) a.unit_id = *entry.unit_id;
    if (entry.jabatan) a.jabatan = *entry.jabatan;
    if (entry.jenis_jabatan) a.jenis_jabatan = *entry.jenis_jabatan;
    if (entry.golongan) a.golongan = entry.golongan;
    if (entry.supervisor_nip) a.supervisor_nip = entry.supervisor_nip;
    if (entry.remove_supervisor) a.supervisor_nip.reset();
  }
  return a;
}

std::optional<std::string> SupervisorOn(const PegawaiState& state, Date on) {
  auto a = AssignmentOn(state, on);
  if (!a) return std::nullopt;
  return a->supervisor_nip;
}

std::optional<std::string> UnitOn(const PegawaiState& state, Date on) {
  auto a = AssignmentOn(state, on);
  if (!a) return std::nullopt;
  return a->unit_id;
}

std::optional<std::string> JabatanOn(const PegawaiState& state, Date on) {
  auto a = AssignmentOn(state, on);
  if (!a) return std::nullopt;
  return a->jabatan;
}

std::optional<std::string> AtasanPejabatPenilaiOn(const PegawaiState& pegawai,
                                                  const PegawaiState& supervisor, Date on) {
  auto first = SupervisorOn(pegawai, on);
  if (!first || !supervisor.exists || *first != supervisor.nip) return std::nullopt;
  return SupervisorOn(supervisor, on);
}

std::vector<std::string> SupervisorChainOn(
    const std::string& start_nip, Date on,
    const std::function<const PegawaiState*(const std::string& nip)>& load, size_t max_depth) {
  std::vector<std::string> chain;
  std::set<std::string> seen{start_nip};
  std::string current = start_nip;
  while (chain.size() < max_depth) {
    const PegawaiState* state = load(current);
    if (state == nullptr) break;
    auto next = SupervisorOn(*state, on);
    if (!next) break;
    chain.push_back(*next);
    if (!seen.insert(*next).second) break;
    current = *next;
  }
  return chain;
}

}  // namespace kinerja::domain
