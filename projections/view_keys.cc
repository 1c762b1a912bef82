#include "projections/view_keys.h"

namespace kinerja::projections::keys {

std::string DocPrefix(std::string_view projection) {
  std::string k = "d/";
  k.append(projection);
  k.push_back('/');
  return k;
}

std::string Doc(std::string_view projection, std::string_view key) {
  std::string k = DocPrefix(projection);
  k.append(key);
  return k;
}

std::string CheckpointKey(std::string_view projection) {
  std::string k = "m/";
  k.append(projection);
  k.append("/checkpoint");
  return k;
}

std::string VersionKey(std::string_view projection) {
  std::string k = "m/";
  k.append(projection);
  k.append("/version");
  return k;
}

std::string DeadLetterPrefix(std::string_view projection) {
  std::string k = "x/";
  k.append(projection);
  k.push_back('/');
  return k;
}

std::string DeadLetter(std::string_view projection, uint64_t position) {
  return DeadLetterPrefix(projection) + EncodeU64(position);
}

std::string PrefixSuccessor(std::string_view prefix) {
  std::string s(prefix);
  while (!s.empty()) {
    unsigned char last = static_cast<unsigned char>(s.back());
    if (last != 0xff) {
      s.back() = static_cast<char>(last + 1);
      return s;
    }
    s.pop_back();
  }
  return s;
}

std::string EncodeU64(uint64_t v) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  return out;
}

bool DecodeU64(std::string_view bytes, uint64_t* v) {
  if (bytes.size() != 8) return false;
  uint64_t r = 0;
  for (char c : bytes) r = (r << 8) | static_cast<unsigned char>(c);
  *v = r;
  return true;
}

}  // namespace kinerja::projections::keys
