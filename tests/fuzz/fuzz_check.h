// FUZZ_CHECK: the oracle of the fuzz targets. A broken property prints what broke and aborts, so
// libFuzzer records the input as a crash (as it does for ASan/UBSan reports). Header-only; each
// fuzz target runs single-threaded.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#define FUZZ_CHECK(cond, what)                                                                  \
  do {                                                                                          \
    if (!(cond)) {                                                                              \
      std::fprintf(stderr, "FUZZ_CHECK failed at %s:%d: %s\n  %s\n", __FILE__, __LINE__, #cond, \
                   std::string(what).c_str());                                                  \
      std::abort();                                                                             \
    }                                                                                           \
  } while (0)

namespace kinerja::fuzz {

// Splits the input: the first byte selects what to exercise, the rest is the payload.
struct Selected {
  unsigned selector = 0;
  std::string_view payload;
};
inline Selected Select(const uint8_t* data, size_t size) {
  if (size == 0) return {};
  return {data[0], std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1)};
}

}  // namespace kinerja::fuzz
