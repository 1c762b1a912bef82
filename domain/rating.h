// Ratings, predikat and the organisation predikat (PermenPANRB 6/2022), and the predikat table.
// Enumerated values are written exactly as DESIGN.md §3 spells them. Thread-safe (pure).
#pragma once

#include <string_view>

#include "domain/result.h"

namespace kinerja::domain {

enum class Rating { kDiAtas, kSesuai, kDiBawah };
enum class Predikat { kSangatBaik, kBaik, kButuhPerbaikan, kKurang, kSangatKurang };
enum class OrgPredikat { kIstimewa, kBaik, kButuhPerbaikan, kKurang, kSangatKurang };

Result<Rating> ParseRating(std::string_view text);       // DI_ATAS_EKSPEKTASI, ...
Result<Predikat> ParsePredikat(std::string_view text);   // SANGAT_BAIK, ...
Result<OrgPredikat> ParseOrgPredikat(std::string_view text);  // ISTIMEWA, ...
const char* ToString(Rating r);
const char* ToString(Predikat p);
const char* ToString(OrgPredikat p);

// The predikat table: rows hasil kerja, columns perilaku kerja.
//   hasil \ perilaku | DI_BAWAH        | SESUAI          | DI_ATAS
//   DI_ATAS          | KURANG          | BAIK            | SANGAT_BAIK
//   SESUAI           | KURANG          | BAIK            | BAIK
//   DI_BAWAH         | SANGAT_KURANG   | BUTUH_PERBAIKAN | BUTUH_PERBAIKAN
Predikat PredikatFor(Rating hasil_kerja, Rating perilaku_kerja);

}  // namespace kinerja::domain
