#include "domain/innovation.h"

#include "domain/nip.h"
#include "domain/overloaded.h"
#include "domain/period.h"
#include "domain/text.h"

namespace kinerja::domain {
namespace {

using Events = std::vector<InnovationEvent>;

Result<Events> DecideRecord(const InnovationState& state, const RecordInnovation& cmd,
                            const InnovationFacts& facts, const CommandContext& ctx) {
  if (auto s = ValidateInnovationId(cmd.id); !s.ok()) return s.error();
  if (auto nip = Nip::ParseAny(cmd.nip); !nip.ok()) return nip.error();
  if (auto s = CheckYear(cmd.year); !s.ok()) return s.error();
  if (auto s = CheckText("title", cmd.title, 1, 300); !s.ok()) return s.error();
  if (auto s = CheckText("description", cmd.description, 1, 8000); !s.ok()) return s.error();
  if (ctx.actor != cmd.nip) {
    return Violation(ViolationKind::kForbidden, "innovation.not_the_pegawai",
                     "Inovasi dicatat oleh pegawai yang bersangkutan",
                     "An innovation is recorded by the pegawai themself");
  }
  const InnovationRecorded e{cmd.id, cmd.nip, cmd.year, cmd.title, cmd.description};
  if (state.exists) {
    if (InnovationRecorded{state.id, state.nip, state.year, state.title, state.description} == e) {
      return Events{};
    }
    return Violation(ViolationKind::kConflict, "innovation.already_exists",
                     "Inovasi '" + cmd.id + "' sudah ada", "Innovation '" + cmd.id +
                         "' already exists");
  }
  if (!facts.pegawai_registered) {
    return Violation(ViolationKind::kNotFound, "innovation.pegawai_not_found",
                     "Pegawai " + cmd.nip + " tidak terdaftar",
                     "Pegawai " + cmd.nip + " is not registered");
  }
  if (cmd.year > ctx.today().year()) {
    return Violation(ViolationKind::kRefused, "innovation.year_in_future",
                     "Inovasi tidak dapat dicatat untuk tahun yang akan datang",
                     "An innovation cannot be recorded for a future year");
  }
  return Events{e};
}

Result<Events> DecideAcknowledge(const InnovationState& state, const InnovationFacts& facts,
                                 const CommandContext& ctx) {
  if (!state.exists) {
    return Violation(ViolationKind::kNotFound, "innovation.not_found", "Inovasi tidak ditemukan",
                     "Innovation not found");
  }
  if (state.acknowledged()) return Events{};
  if (ctx.actor == state.nip) {
    return Violation(ViolationKind::kForbidden, "innovation.self_acknowledge",
                     "Pegawai tidak dapat mengakui inovasinya sendiri",
                     "A pegawai cannot acknowledge their own innovation");
  }
  if (facts.pejabat_penilai_nip.empty() || facts.pejabat_penilai_nip != ctx.actor) {
    return Violation(ViolationKind::kForbidden, "innovation.not_pejabat_penilai",
                     "Hanya pejabat penilai pegawai ini yang dapat mengakui inovasinya",
                     "Only the pegawai's current pejabat penilai may acknowledge the innovation");
  }
  return Events{InnovationAcknowledged{state.id, state.nip, ctx.actor, ctx.now}};
}

}  // namespace

Status ValidateInnovationId(const std::string& id) {
  bool ok = !id.empty() && id.size() <= 64;
  for (char c : id) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
  if (!ok) {
    return Violation(ViolationKind::kInvalid, "innovation.id_invalid",
                     "Id inovasi hanya boleh huruf kecil, angka dan '-' (1-64 karakter)",
                     "An innovation id may contain only lowercase letters, digits and '-' (1-64)");
  }
  return OkStatus();
}

std::string InnovationStream(const std::string& id) { return "innovation-" + id; }

Result<std::vector<InnovationEvent>> Decide(const InnovationState& state,
                                            const InnovationCommand& command,
                                            const InnovationFacts& facts,
                                            const CommandContext& ctx) {
  return std::visit(
      Overloaded{
          [&](const RecordInnovation& c) { return DecideRecord(state, c, facts, ctx); },
          [&](const AcknowledgeInnovation&) { return DecideAcknowledge(state, facts, ctx); },
      },
      command);
}

InnovationState Evolve(InnovationState state, const InnovationEvent& event) {
  std::visit(Overloaded{
                 [&](const InnovationRecorded& e) {
                   state.exists = true;
                   state.id = e.id;
                   state.nip = e.nip;
                   state.year = e.year;
                   state.title = e.title;
                   state.description = e.description;
                 },
                 [&](const InnovationAcknowledged& e) {
                   state.acknowledged_by = e.acknowledged_by;
                   state.acknowledged_at = e.acknowledged_at;
                 },
             },
             event);
  return state;
}

}  // namespace kinerja::domain
