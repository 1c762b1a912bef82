#include "domain/rating.h"

#include <string>

namespace kinerja::domain {
namespace {

RuleViolation BadEnum(const char* code, const char* what_id, const char* what_en,
                      std::string_view text, const char* allowed) {
  return Violation(ViolationKind::kInvalid, code,
                   std::string(what_id) + " tidak valid: '" + std::string(text) +
                       "' (pilihan: " + allowed + ")",
                   std::string(what_en) + " is invalid: '" + std::string(text) +
                       "' (allowed: " + allowed + ")");
}

}  // namespace

Result<Rating> ParseRating(std::string_view text) {
  if (text == "DI_ATAS_EKSPEKTASI") return Rating::kDiAtas;
  if (text == "SESUAI_EKSPEKTASI") return Rating::kSesuai;
  if (text == "DI_BAWAH_EKSPEKTASI") return Rating::kDiBawah;
  return BadEnum("rating.invalid", "Rating", "Rating", text,
                 "DI_ATAS_EKSPEKTASI, SESUAI_EKSPEKTASI, DI_BAWAH_EKSPEKTASI");
}

Result<Predikat> ParsePredikat(std::string_view text) {
  if (text == "SANGAT_BAIK") return Predikat::kSangatBaik;
  if (text == "BAIK") return Predikat::kBaik;
  if (text == "BUTUH_PERBAIKAN") return Predikat::kButuhPerbaikan;
  if (text == "KURANG") return Predikat::kKurang;
  if (text == "SANGAT_KURANG") return Predikat::kSangatKurang;
  return BadEnum("predikat.invalid", "Predikat", "Predikat", text,
                 "SANGAT_BAIK, BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG");
}

Result<OrgPredikat> ParseOrgPredikat(std::string_view text) {
  if (text == "ISTIMEWA") return OrgPredikat::kIstimewa;
  if (text == "BAIK") return OrgPredikat::kBaik;
  if (text == "BUTUH_PERBAIKAN") return OrgPredikat::kButuhPerbaikan;
  if (text == "KURANG") return OrgPredikat::kKurang;
  if (text == "SANGAT_KURANG") return OrgPredikat::kSangatKurang;
  return BadEnum("organisation_predikat.invalid", "Predikat organisasi", "Organisation predikat",
                 text, "ISTIMEWA, BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG");
}

const char* ToString(Rating r) {
  switch (r) {
    case Rating::kDiAtas: return "DI_ATAS_EKSPEKTASI";
    case Rating::kSesuai: return "SESUAI_EKSPEKTASI";
    case Rating::kDiBawah: return "DI_BAWAH_EKSPEKTASI";
  }
  return "";
}

const char* ToString(Predikat p) {
  switch (p) {
    case Predikat::kSangatBaik: return "SANGAT_BAIK";
    case Predikat::kBaik: return "BAIK";
    case Predikat::kButuhPerbaikan: return "BUTUH_PERBAIKAN";
    case Predikat::kKurang: return "KURANG";
    case Predikat::kSangatKurang: return "SANGAT_KURANG";
  }
  return "";
}

const char* ToString(OrgPredikat p) {
  switch (p) {
    case OrgPredikat::kIstimewa: return "ISTIMEWA";
    case OrgPredikat::kBaik: return "BAIK";
    case OrgPredikat::kButuhPerbaikan: return "BUTUH_PERBAIKAN";
    case OrgPredikat::kKurang: return "KURANG";
    case OrgPredikat::kSangatKurang: return "SANGAT_KURANG";
  }
  return "";
}

Predikat PredikatFor(Rating hasil_kerja, Rating perilaku_kerja) {
  switch (hasil_kerja) {
    case Rating::kDiAtas:
      if (perilaku_kerja == Rating::kDiBawah) return Predikat::kKurang;
      return perilaku_kerja == Rating::kDiAtas ? Predikat::kSangatBaik : Predikat::kBaik;
    case Rating::kSesuai:
      return perilaku_kerja == Rating::kDiBawah ? Predikat::kKurang : Predikat::kBaik;
    case Rating::kDiBawah:
      return perilaku_kerja == Rating::kDiBawah ? Predikat::kSangatKurang
                                                : Predikat::kButuhPerbaikan;
  }
  return Predikat::kBaik;
}

}  // namespace kinerja::domain
