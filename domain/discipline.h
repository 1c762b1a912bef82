// The disciplinary-action (hukuman disiplin) aggregate: stream "discipline-<nip>", all
// disciplinary actions against one pegawai (recorded by an admin against the pegawai, not against
// the SKP; the admin role is checked by the API). Each action gets the next number in the stream.
//
// Levels and types follow PP 94/2021 Pasal 8 (a validated list; `type` must belong to `level`):
//   ringan: teguran_lisan, teguran_tertulis, pernyataan_tidak_puas_tertulis
//   sedang: pemotongan_tukin_25_persen_6_bulan, pemotongan_tukin_25_persen_9_bulan,
//           pemotongan_tukin_25_persen_12_bulan
//   berat:  penurunan_jabatan_12_bulan (setingkat lebih rendah selama 12 bulan),
//           pembebasan_jabatan_12_bulan (menjadi jabatan pelaksana selama 12 bulan),
//           pemberhentian_dengan_hormat_tidak_atas_permintaan_sendiri
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/command_context.h"
#include "domain/date.h"
#include "domain/result.h"

namespace kinerja::domain {

std::string DisciplineStream(const std::string& nip);  // "discipline-<nip>"

enum class DisciplineLevel { kRingan, kSedang, kBerat };
Result<DisciplineLevel> ParseDisciplineLevel(std::string_view text);  // ringan, sedang, berat
const char* ToString(DisciplineLevel level);
// Is `type` one of the hukuman of `level` listed above?
bool IsDisciplineType(DisciplineLevel level, std::string_view type);
// The hukuman of a level, in PP 94/2021 order.
std::vector<std::string> DisciplineTypes(DisciplineLevel level);

struct RecordDisciplinaryAction {
  std::string nip;  // from the path
  DisciplineLevel level = DisciplineLevel::kRingan;
  std::string type;
  Date decided_on;
  std::string reason;
};
using DisciplineCommand = std::variant<RecordDisciplinaryAction>;

struct DisciplinaryActionRecorded {
  static constexpr const char* kType = "DisciplinaryActionRecorded";
  static constexpr int kVersion = 1;
  std::string nip;
  int number = 0;  // 1-based position among the pegawai's disciplinary actions
  DisciplineLevel level = DisciplineLevel::kRingan;
  std::string type;
  Date decided_on;
  std::string reason;
  friend bool operator==(const DisciplinaryActionRecorded& a,
                         const DisciplinaryActionRecorded& b) {
    return a.nip == b.nip && a.number == b.number && a.level == b.level && a.type == b.type &&
           a.decided_on == b.decided_on && a.reason == b.reason;
  }
};
using DisciplineEvent = std::variant<DisciplinaryActionRecorded>;

struct DisciplinaryAction {
  int number = 0;
  DisciplineLevel level = DisciplineLevel::kRingan;
  std::string type;
  Date decided_on;
  std::string reason;
};

struct DisciplineState {
  std::string nip;  // empty until the first action
  std::vector<DisciplinaryAction> actions;  // actions[i].number == i + 1
};

struct DisciplineFacts {
  bool pegawai_registered = false;  // is RecordDisciplinaryAction::nip a registered pegawai?
};

// Rules: type must belong to level (kInvalid "discipline.type_invalid"); decidedOn not in the
// future; an exact repeat (same level, type, decidedOn and reason) records nothing.
Result<std::vector<DisciplineEvent>> Decide(const DisciplineState& state,
                                            const DisciplineCommand& command,
                                            const DisciplineFacts& facts,
                                            const CommandContext& ctx);
DisciplineState Evolve(DisciplineState state, const DisciplineEvent& event);

}  // namespace kinerja::domain
