// Jenis jabatan and golongan ruang (PNS ranks I/a .. IV/e; PPPK have none). Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "domain/result.h"

namespace kinerja::domain {

enum class JenisJabatan { kJpt, kAdministrator, kPengawas, kPelaksana, kFungsional };
Result<JenisJabatan> ParseJenisJabatan(std::string_view text);  // jpt, administrator, ...
const char* ToString(JenisJabatan j);

// Golongan ruang: I/a..I/d, II/a..II/d, III/a..III/d, IV/a..IV/e (17 values).
class Golongan {
 public:
  static Result<Golongan> Parse(std::string_view text);
  const std::string& str() const { return text_; }
  int rank() const { return rank_; }  // 0 for I/a .. 16 for IV/e; orders the ranks
  friend bool operator==(const Golongan& a, const Golongan& b) { return a.rank_ == b.rank_; }
  friend bool operator!=(const Golongan& a, const Golongan& b) { return a.rank_ != b.rank_; }

 private:
  std::string text_;
  int rank_ = 0;
};

}  // namespace kinerja::domain
