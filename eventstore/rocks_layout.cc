#include "eventstore/rocks_layout.h"

namespace kinerja::eventstore::layout {

void AppendBigEndian64(std::string* out, uint64_t v) {
  char b[8];
  for (int i = 7; i >= 0; --i) {
    b[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  out->append(b, 8);
}

uint64_t ReadBigEndian64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

std::string EventKey(uint64_t position) {
  std::string k("e");
  AppendBigEndian64(&k, position);
  return k;
}

bool ParseEventKey(std::string_view key, uint64_t* position) {
  if (key.size() != 9 || key[0] != 'e') return false;
  *position = ReadBigEndian64(key.data() + 1);
  return true;
}

std::string StreamVersionKey(const std::string& stream) { return "s" + stream; }

std::string StreamIndexPrefix(const std::string& stream) {
  std::string k("r");
  k += stream;
  k.push_back('\0');
  return k;
}

std::string StreamIndexKey(const std::string& stream, uint64_t version) {
  std::string k = StreamIndexPrefix(stream);
  AppendBigEndian64(&k, version);
  return k;
}

std::string EventIdKey(const std::string& id) { return "i" + id; }
std::string IdempotencyKey(const std::string& key) { return "k" + key; }
std::string CheckpointKey(const std::string& name) { return "c" + name; }

}  // namespace kinerja::eventstore::layout
