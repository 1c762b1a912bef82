#include "domain/discipline.h"

#include "domain/nip.h"
#include "domain/period.h"
#include "domain/text.h"

namespace kinerja::domain {
namespace {

const char* const kRinganTypes[] = {"teguran_lisan", "teguran_tertulis",
                                    "pernyataan_tidak_puas_tertulis"};
const char* const kSedangTypes[] = {"pemotongan_tukin_25_persen_6_bulan",
                                    "pemotongan_tukin_25_persen_9_bulan",
                                    "pemotongan_tukin_25_persen_12_bulan"};
const char* const kBeratTypes[] = {"penurunan_jabatan_12_bulan", "pembebasan_jabatan_12_bulan",
                                   "pemberhentian_dengan_hormat_tidak_atas_permintaan_sendiri"};

const char* const* TypesOf(DisciplineLevel level) {
  switch (level) {
    case DisciplineLevel::kRingan: return kRinganTypes;
    case DisciplineLevel::kSedang: return kSedangTypes;
    case DisciplineLevel::kBerat: return kBeratTypes;
  }
  return kRinganTypes;
}

std::string Joined(DisciplineLevel level) {
  std::string out;
  for (const std::string& t : DisciplineTypes(level)) out += (out.empty() ? "" : ", ") + t;
  return out;
}

}  // namespace

std::string DisciplineStream(const std::string& nip) { return "discipline-" + nip; }

Result<DisciplineLevel> ParseDisciplineLevel(std::string_view text) {
  if (text == "ringan") return DisciplineLevel::kRingan;
  if (text == "sedang") return DisciplineLevel::kSedang;
  if (text == "berat") return DisciplineLevel::kBerat;
  return Violation(ViolationKind::kInvalid, "discipline.level_invalid",
                   "Tingkat hukuman disiplin tidak valid: '" + std::string(text) +
                       "' (pilihan: ringan, sedang, berat)",
                   "Invalid discipline level: '" + std::string(text) +
                       "' (allowed: ringan, sedang, berat)");
}

const char* ToString(DisciplineLevel level) {
  switch (level) {
    case DisciplineLevel::kRingan: return "ringan";
    case DisciplineLevel::kSedang: return "sedang";
    case DisciplineLevel::kBerat: return "berat";
  }
  return "";
}

bool IsDisciplineType(DisciplineLevel level, std::string_view type) {
  const char* const* types = TypesOf(level);
  for (int i = 0; i < 3; ++i) {
    if (type == types[i]) return true;
  }
  return false;
}

std::vector<std::string> DisciplineTypes(DisciplineLevel level) {
  const char* const* types = TypesOf(level);
  return {types[0], types[1], types[2]};
}

Result<std::vector<DisciplineEvent>> Decide(const DisciplineState& state,
                                            const DisciplineCommand& command,
                                            const DisciplineFacts& facts,
                                            const CommandContext& ctx) {
  const RecordDisciplinaryAction& cmd = std::get<RecordDisciplinaryAction>(command);
  if (auto nip = Nip::ParseAny(cmd.nip); !nip.ok()) return nip.error();
  if (!IsDisciplineType(cmd.level, cmd.type)) {
    return Violation(ViolationKind::kInvalid, "discipline.type_invalid",
                     "Jenis hukuman '" + cmd.type + "' bukan hukuman disiplin " +
                         ToString(cmd.level) + " (pilihan: " + Joined(cmd.level) + ")",
                     "'" + cmd.type + "' is not a " + ToString(cmd.level) +
                         " disciplinary penalty (allowed: " + Joined(cmd.level) + ")");
  }
  if (auto s = CheckYear(cmd.decided_on.year()); !s.ok()) return s.error();
  if (auto s = CheckText("reason", cmd.reason, 1, 4000); !s.ok()) return s.error();
  if (!state.nip.empty() && state.nip != cmd.nip) {
    return Violation(ViolationKind::kInvalid, "discipline.nip_mismatch",
                     "NIP tidak sesuai dengan stream hukuman disiplin",
                     "The NIP does not match the discipline stream");
  }
  for (const DisciplinaryAction& a : state.actions) {
    if (a.level == cmd.level && a.type == cmd.type && a.decided_on == cmd.decided_on &&
        a.reason == cmd.reason) {
      return std::vector<DisciplineEvent>{};  // the same action again: nothing to record
    }
  }
  if (!facts.pegawai_registered) {
    return Violation(ViolationKind::kNotFound, "discipline.pegawai_not_found",
                     "Pegawai " + cmd.nip + " tidak terdaftar",
                     "Pegawai " + cmd.nip + " is not registered");
  }
  if (cmd.decided_on > ctx.today()) {
    return Violation(ViolationKind::kRefused, "discipline.decided_in_future",
                     "Tanggal keputusan tidak boleh di masa depan",
                     "The decision date cannot be in the future");
  }
  DisciplinaryActionRecorded e{cmd.nip,  static_cast<int>(state.actions.size()) + 1,
                               cmd.level, cmd.type,
                               cmd.decided_on, cmd.reason};
  return std::vector<DisciplineEvent>{e};
}

DisciplineState Evolve(DisciplineState state, const DisciplineEvent& event) {
  const DisciplinaryActionRecorded& e = std::get<DisciplinaryActionRecorded>(event);
  state.nip = e.nip;
  state.actions.push_back(DisciplinaryAction{e.number, e.level, e.type, e.decided_on, e.reason});
  return state;
}

}  // namespace kinerja::domain
