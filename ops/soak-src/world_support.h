// Small helpers shared by world.cc and world_mix.cc (not a public header of the soak).
// Thread-safety: pure functions; the generators are the caller's.
#pragma once

#include <random>
#include <string>
#include <vector>

namespace kinerja::soak::internal {

inline const char* const kRatings[] = {"DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI",
                                       "DI_BAWAH_EKSPEKTASI"};

// A JSON string literal of `s` (quotes and backslashes escaped, control characters blanked).
inline std::string Json(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out + "\"";
}

template <typename T>
const T& Pick(const std::vector<T>& v, std::mt19937_64& rng) {
  return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
}

inline bool Chance(double p, std::mt19937_64& rng) {
  return std::uniform_real_distribution<double>(0, 1)(rng) < p;
}

// A rating drawn with the given weights: an index into kRatings (0 above expectations, 1 as
// expected, 2 below).
inline int DrawRating(std::mt19937_64& rng, double above, double as_expected, double below) {
  return std::discrete_distribution<int>({above, as_expected, below})(rng);
}

}  // namespace kinerja::soak::internal
