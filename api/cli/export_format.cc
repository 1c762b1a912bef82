#include "api/cli/export_format.h"

#include <rapidjson/document.h>

#include <map>

#include "api/app/audit_event_json.h"
#include "api/http/json.h"
#include "domain/date.h"

namespace kinerja::cli {
namespace {

size_t SkipWs(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  return i;
}

// Index just past the JSON string starting at s[i] == '"'; npos when unterminated.
size_t SkipString(std::string_view s, size_t i) {
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

size_t SkipValue(std::string_view s, size_t i) {
  if (i >= s.size()) return std::string_view::npos;
  if (s[i] == '"') return SkipString(s, i);
  if (s[i] == '{' || s[i] == '[') {
    int depth = 0;
    while (i < s.size()) {
      const char c = s[i];
      if (c == '"') {
        i = SkipString(s, i);
        if (i == std::string_view::npos) return i;
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      if (c == '}' || c == ']') {
        if (--depth == 0) return i + 1;
      }
      ++i;
    }
    return std::string_view::npos;
  }
  while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' &&
         s[i] != '\t' && s[i] != '\n' && s[i] != '\r') {
    ++i;
  }
  return i;
}

// The raw text of each top-level member of a JSON object (keys taken verbatim between quotes).
bool RawMembers(std::string_view s, std::map<std::string, std::string_view>* out) {
  size_t i = SkipWs(s, 0);
  if (i >= s.size() || s[i] != '{') return false;
  i = SkipWs(s, i + 1);
  if (i < s.size() && s[i] == '}') return true;
  while (i < s.size()) {
    if (s[i] != '"') return false;
    const size_t key_end = SkipString(s, i);
    if (key_end == std::string_view::npos) return false;
    const std::string key(s.substr(i + 1, key_end - i - 2));
    i = SkipWs(s, key_end);
    if (i >= s.size() || s[i] != ':') return false;
    i = SkipWs(s, i + 1);
    const size_t end = SkipValue(s, i);
    if (end == std::string_view::npos) return false;
    (*out)[key] = s.substr(i, end - i);
    i = SkipWs(s, end);
    if (i < s.size() && s[i] == '}') return true;
    if (i >= s.size() || s[i] != ',') return false;
    i = SkipWs(s, i + 1);
  }
  return false;
}

// The stored bytes of "data"/"metadata" as a reader recovers them from an event line.
bool RecoverBytes(const rapidjson::Value& doc, const std::map<std::string, std::string_view>& raw,
                  const std::string& key, std::string* out) {
  for (const std::string& exact : {key + "Bytes", key + "Text"}) {
    auto it = doc.FindMember(exact.c_str());
    if (it != doc.MemberEnd()) {
      if (!it->value.IsString()) return false;
      out->assign(it->value.GetString(), it->value.GetStringLength());
      return true;
    }
  }
  auto it = raw.find(key);
  if (it == raw.end()) return false;
  out->assign(it->second);
  return true;
}

bool GetString(const rapidjson::Value& doc, const char* key, std::string* out) {
  auto it = doc.FindMember(key);
  if (it == doc.MemberEnd() || !it->value.IsString()) return false;
  out->assign(it->value.GetString(), it->value.GetStringLength());
  return true;
}

bool GetUint(const rapidjson::Value& doc, const char* key, uint64_t* out) {
  auto it = doc.FindMember(key);
  if (it == doc.MemberEnd() || !it->value.IsUint64()) return false;
  *out = it->value.GetUint64();
  return true;
}

std::optional<std::string> NoteOf(const rapidjson::Value& doc, const char* key) {
  auto it = doc.FindMember(key);
  if (it == doc.MemberEnd() || !it->value.IsObject()) return std::nullopt;
  std::string note;
  if (!GetString(it->value, "note", &note)) return std::nullopt;
  return note;
}

bool ParseEvent(const rapidjson::Value& doc, std::string_view line, eventstore::RecordedEvent* e,
                std::string* error) {
  uint64_t schema = 0;
  std::string recorded_at;
  if (!GetUint(doc, "position", &e->position) || !GetString(doc, "stream", &e->stream) ||
      !GetUint(doc, "streamVersion", &e->stream_version) || !GetString(doc, "id", &e->id) ||
      !GetString(doc, "type", &e->type) || !GetUint(doc, "schemaVersion", &schema) ||
      !GetString(doc, "recordedAt", &recorded_at) || !GetString(doc, "actor", &e->actor) ||
      !GetString(doc, "correlationId", &e->correlation_id) ||
      !GetString(doc, "causationId", &e->causation_id) ||
      !GetString(doc, "prevHash", &e->prev_hash) || !GetString(doc, "hash", &e->hash)) {
    *error = "an event line lacks an envelope member or has one of the wrong type";
    return false;
  }
  e->schema_version = static_cast<uint32_t>(schema);
  auto at = domain::Timestamp::ParseRfc3339(recorded_at);
  if (!at.ok()) {
    *error = "recordedAt is not an RFC 3339 time";
    return false;
  }
  e->recorded_at = at.value().micros;
  std::map<std::string, std::string_view> raw;
  if (!RawMembers(line, &raw) || !RecoverBytes(doc, raw, "data", &e->data) ||
      !RecoverBytes(doc, raw, "metadata", &e->metadata)) {
    *error = "cannot recover the event's data/metadata bytes";
    return false;
  }
  return true;
}

}  // namespace

std::string ExportHeaderLine(const ExportHeader& h) {
  http::JsonWriter w;
  w.StartObject();
  w.Key("format").String(kExportFormat);
  w.Key("from").Uint(h.from);
  w.Key("to").Uint(h.to);
  w.Key("events").Uint(h.events);
  w.Key("exportedAt").String(h.exported_at);
  w.EndObject();
  return w.str();
}

std::string ExportEventLine(const eventstore::RecordedEvent& e) {
  http::JsonWriter w;
  app::WriteEventEnvelope(w, e);
  std::string line = w.str();
  // Raw line breaks can only be whitespace between JSON tokens (strings escape them).
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  // Does a reader recover the exact stored bytes? If not, carry them as strings.
  rapidjson::Document doc;
  doc.Parse(line.data(), line.size());
  std::map<std::string, std::string_view> raw;
  std::string data, metadata;
  const bool parsed = !doc.HasParseError() && doc.IsObject() && RawMembers(line, &raw);
  const bool data_exact = parsed && RecoverBytes(doc, raw, "data", &data) && data == e.data;
  const bool metadata_exact =
      parsed && RecoverBytes(doc, raw, "metadata", &metadata) && metadata == e.metadata;
  if (data_exact && metadata_exact) return line;
  line.pop_back();  // the closing '}'
  http::JsonWriter extra;
  extra.StartObject();
  if (!data_exact) extra.Key("dataBytes").String(e.data);
  if (!metadata_exact) extra.Key("metadataBytes").String(e.metadata);
  extra.EndObject();
  const std::string members = extra.str();
  line += "," + members.substr(1);
  return line;
}

std::string ExportTrailerLine(const ExportTrailer& t,
                              const std::optional<eventstore::SignedCheckpoint>& checkpoint,
                              const std::optional<eventstore::SignedCheckpoint>& published) {
  http::JsonWriter w;
  w.StartObject();
  w.Key("end").Bool(true);
  w.Key("events").Uint(t.events);
  w.Key("lastPosition").Uint(t.last_position);
  w.Key("lastHash").String(t.last_hash);
  if (checkpoint) {
    w.Key("checkpoint").RawValue(checkpoint->ToJson());
  } else {
    w.Key("checkpoint").Null();
  }
  if (published) w.Key("publishedCheckpoint").RawValue(published->ToJson());
  if (t.public_key_pem) w.Key("publicKeyPem").String(*t.public_key_pem);
  w.EndObject();
  return w.str();
}

bool ParseExportLine(std::string_view line, ExportLine* out, std::string* error) {
  rapidjson::Document doc;
  doc.Parse(line.data(), line.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    *error = "not a JSON object (a cut or damaged line)";
    return false;
  }
  std::string format;
  if (GetString(doc, "format", &format)) {
    if (format != kExportFormat) {
      *error = "unknown export format \"" + format + "\"";
      return false;
    }
    out->kind = ExportLineKind::kHeader;
    if (!GetUint(doc, "from", &out->header.from) || !GetUint(doc, "to", &out->header.to) ||
        !GetUint(doc, "events", &out->header.events)) {
      *error = "the header lacks from/to/events";
      return false;
    }
    GetString(doc, "exportedAt", &out->header.exported_at);
    return true;
  }
  if (doc.HasMember("end")) {
    out->kind = ExportLineKind::kTrailer;
    ExportTrailer& t = out->trailer;
    if (!GetUint(doc, "events", &t.events) || !GetUint(doc, "lastPosition", &t.last_position)) {
      *error = "the trailer lacks events/lastPosition";
      return false;
    }
    GetString(doc, "lastHash", &t.last_hash);
    t.checkpoint_note = NoteOf(doc, "checkpoint");
    t.published_checkpoint_note = NoteOf(doc, "publishedCheckpoint");
    std::string pem;
    if (GetString(doc, "publicKeyPem", &pem)) t.public_key_pem = pem;
    return true;
  }
  out->kind = ExportLineKind::kEvent;
  out->event = eventstore::RecordedEvent{};
  return ParseEvent(doc, line, &out->event, error);
}

}  // namespace kinerja::cli
