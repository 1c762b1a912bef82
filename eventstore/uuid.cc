#include "eventstore/uuid.h"

#include <openssl/rand.h>

#include <random>

#include "eventstore/hash_chain.h"

namespace kinerja::eventstore {

std::string NewUuidV4() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) {
    // The OpenSSL DRBG failing is exceptional; fall back to the OS generator.
    std::random_device rd;
    for (auto& c : b) c = static_cast<unsigned char>(rd());
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  std::string hex = ToHex(std::string_view(reinterpret_cast<char*>(b), sizeof b));
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

bool NormalizeUuid(std::string_view text, std::string* out) {
  if (text.size() != 36) return false;
  out->assign(text.data(), text.size());
  for (size_t i = 0; i < 36; ++i) {
    char c = (*out)[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
      continue;
    }
    if (c >= 'A' && c <= 'F') (*out)[i] = static_cast<char>(c - 'A' + 'a');
    else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace kinerja::eventstore
