// Writing command answers and event JSON with RapidJSON: small helpers over rapidjson::Writer so
// codecs read as a list of fields. Optional fields are omitted when empty. Not thread-safe per
// writer (each codec call uses its own).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "domain/date.h"

namespace kinerja::domain::json {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// An event as stored and published: type name, schema version, JSON object text.
struct EncodedEvent {
  std::string type;
  int version = 1;
  std::string data;
};

inline void Put(Writer& w, const char* key, const std::string& v) {
  w.Key(key);
  w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
}
inline void Put(Writer& w, const char* key, const char* v) {
  w.Key(key);
  w.String(v);
}
inline void Put(Writer& w, const char* key, int64_t v) { w.Key(key); w.Int64(v); }
inline void Put(Writer& w, const char* key, int v) { w.Key(key); w.Int(v); }
inline void Put(Writer& w, const char* key, double v) { w.Key(key); w.Double(v); }
inline void Put(Writer& w, const char* key, bool v) { w.Key(key); w.Bool(v); }
inline void Put(Writer& w, const char* key, Date v) { Put(w, key, v.ToString()); }
inline void Put(Writer& w, const char* key, Timestamp v) { Put(w, key, v.ToRfc3339()); }
template <class T>
void Put(Writer& w, const char* key, const std::optional<T>& v) {
  if (v) Put(w, key, *v);
}
inline void Put(Writer& w, const char* key, const std::vector<std::string>& v) {
  w.Key(key);
  w.StartArray();
  for (const auto& s : v) w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  w.EndArray();
}

// Builds {...} with `fill(writer)` writing the members; returns the JSON text.
template <class Fill>
std::string WriteObject(Fill&& fill) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  fill(w);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace kinerja::domain::json
