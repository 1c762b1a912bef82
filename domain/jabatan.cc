#include "domain/jabatan.h"

namespace kinerja::domain {

Result<JenisJabatan> ParseJenisJabatan(std::string_view text) {
  if (text == "jpt") return JenisJabatan::kJpt;
  if (text == "administrator") return JenisJabatan::kAdministrator;
  if (text == "pengawas") return JenisJabatan::kPengawas;
  if (text == "pelaksana") return JenisJabatan::kPelaksana;
  if (text == "fungsional") return JenisJabatan::kFungsional;
  return Violation(ViolationKind::kInvalid, "jenis_jabatan.invalid",
                   "Jenis jabatan tidak valid: '" + std::string(text) +
                       "' (pilihan: jpt, administrator, pengawas, pelaksana, fungsional)",
                   "Invalid jenis jabatan: '" + std::string(text) +
                       "' (allowed: jpt, administrator, pengawas, pelaksana, fungsional)");
}

const char* ToString(JenisJabatan j) {
  switch (j) {
    case JenisJabatan::kJpt: return "jpt";
    case JenisJabatan::kAdministrator: return "administrator";
    case JenisJabatan::kPengawas: return "pengawas";
    case JenisJabatan::kPelaksana: return "pelaksana";
    case JenisJabatan::kFungsional: return "fungsional";
  }
  return "";
}

Result<Golongan> Golongan::Parse(std::string_view text) {
  static constexpr std::string_view kRoman[] = {"I", "II", "III", "IV"};
  const size_t slash = text.find('/');
  if (slash != std::string_view::npos && slash + 2 == text.size()) {
    const std::string_view roman = text.substr(0, slash);
    const char letter = text[slash + 1];
    for (int r = 0; r < 4; ++r) {
      if (roman != kRoman[r]) continue;
      const char last = r == 3 ? 'e' : 'd';
      if (letter >= 'a' && letter <= last) {
        Golongan g;
        g.text_ = std::string(text);
        g.rank_ = r * 4 + (letter - 'a');
        return g;
      }
    }
  }
  return Violation(ViolationKind::kInvalid, "golongan.invalid",
                   "Golongan tidak valid: '" + std::string(text) + "' (I/a sampai IV/e)",
                   "Invalid golongan: '" + std::string(text) + "' (I/a to IV/e)");
}

}  // namespace kinerja::domain
