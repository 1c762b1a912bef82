// Internal helpers of the state_json*.cc files: optional members and times. Pure.
#pragma once

#include <optional>
#include <string>

#include "api/http/json.h"
#include "domain/date.h"

namespace kinerja::app::json_fields {

inline void Opt(http::JsonWriter& w, const char* key, const std::optional<std::string>& v) {
  if (v) w.Key(key).String(*v);
}
inline void Time(http::JsonWriter& w, const char* key, domain::Timestamp t) {
  w.Key(key).String(t.ToRfc3339());
}
inline void OptTime(http::JsonWriter& w, const char* key, const std::optional<domain::Timestamp>& t) {
  if (t) Time(w, key, *t);
}
inline void OptDate(http::JsonWriter& w, const char* key, const std::optional<domain::Date>& d) {
  if (d) w.Key(key).String(d->ToString());
}
inline void OptInt(http::JsonWriter& w, const char* key, const std::optional<int>& v) {
  if (v) w.Key(key).Int(*v);
}

}  // namespace kinerja::app::json_fields
