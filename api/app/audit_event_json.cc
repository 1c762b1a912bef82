#include "api/app/audit_event_json.h"

#include "domain/date.h"

namespace kinerja::app {
namespace {

// Inserts `text` raw when it is one valid JSON value, else null plus `<key>Text`.
void WriteJsonMember(http::JsonWriter& w, const char* key, const std::string& text,
                     const char* empty_value) {
  if (text.empty()) {
    w.Key(key).RawValue(empty_value);
    return;
  }
  http::JsonLimits limits;
  limits.max_depth = 128;
  limits.max_string_bytes = text.size();
  auto parsed = http::ParseJsonBody(text, limits);
  if (parsed.ok()) {
    w.Key(key).RawValue(text);
  } else {
    w.Key(key).Null();
    w.Key(std::string(key) + "Text").String(text);
  }
}

}  // namespace

void WriteEventEnvelope(http::JsonWriter& w, const eventstore::RecordedEvent& e) {
  w.StartObject();
  w.Key("position").Uint(e.position);
  w.Key("stream").String(e.stream);
  w.Key("streamVersion").Uint(e.stream_version);
  w.Key("id").String(e.id);
  w.Key("type").String(e.type);
  w.Key("schemaVersion").Uint(e.schema_version);
  w.Key("recordedAt").String(domain::Timestamp{e.recorded_at}.ToRfc3339());
  w.Key("actor").String(e.actor);
  w.Key("correlationId").String(e.correlation_id);
  w.Key("causationId").String(e.causation_id);
  WriteJsonMember(w, "data", e.data, "null");
  WriteJsonMember(w, "metadata", e.metadata, "{}");
  w.Key("prevHash").String(e.prev_hash);
  w.Key("hash").String(e.hash);
  w.EndObject();
}

}  // namespace kinerja::app
