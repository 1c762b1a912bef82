// Shared by the crash test and its child: the deterministic payload of an event, so the parent
// can check every acknowledged event byte for byte, and the batch tag that exposes partial batches.
#pragma once

#include <cstdio>
#include <string>

namespace kinerja::eventstore::crash {

inline std::string DataFor(const std::string& id) {
  std::string pad;
  while (pad.size() < 400) pad += id;
  return "{\"id\":\"" + id + "\",\"pad\":\"" + pad + "\"}";
}

inline std::string MetadataFor(const std::string& batch, int n, int i) {
  return "{\"batch\":\"" + batch + "\",\"n\":" + std::to_string(n) + ",\"i\":" + std::to_string(i) +
         "}";
}

// Parses MetadataFor's output; false when it does not match.
inline bool ParseMetadata(const std::string& m, std::string* batch, int* n, int* i) {
  char b[64];
  if (std::sscanf(m.c_str(), "{\"batch\":\"%36[0-9a-f-]\",\"n\":%d,\"i\":%d}", b, n, i) != 3)
    return false;
  *batch = b;
  return true;
}

}  // namespace kinerja::eventstore::crash
