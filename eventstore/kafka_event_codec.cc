#include "eventstore/kafka_event_codec.h"

#include <cstdio>
#include <cstring>
#include <map>

#include "rapidjson/reader.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace kinerja::eventstore {

namespace {

constexpr unsigned kMaxDepth = 256;
constexpr unsigned kParseFlags = rapidjson::kParseValidateEncodingFlag;

// A NUL-terminated input stream whose position the handler can read during callbacks
// (rapidjson::StringStream is copied locally while a token is parsed, so its Tell() lags).
struct LiveStream {
  using Ch = char;
  explicit LiveStream(const char* text) : src(text), head(text) {}
  Ch Peek() const { return *src; }
  Ch Take() { return *src++; }
  size_t Tell() const { return static_cast<size_t>(src - head); }
  Ch* PutBegin() { return nullptr; }
  void Put(Ch) {}
  void Flush() {}
  size_t PutEnd(Ch*) { return 0; }
  const char* src;
  const char* head;
};

// One member of a top-level JSON object as seen by TopLevelHandler.
struct Member {
  enum class Kind { kNull, kBool, kUint, kInt, kDouble, kString, kComposite } kind = Kind::kNull;
  std::string text;     // kString: the unescaped string.
  uint64_t uint = 0;    // kUint.
  bool boolean = false;
  size_t raw_begin = 0;  // Offsets of the member's value in the input (after the ':').
  size_t raw_end = 0;
};

// SAX handler: a depth-limited validator that records the members of a top-level object
// (scalars by value, composites by their byte span in the input).
class TopLevelHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, TopLevelHandler> {
 public:
  explicit TopLevelHandler(LiveStream* ss) : ss_(ss) {}

  std::map<std::string, Member> members;
  bool root_is_object = false;

  bool Null() { return Scalar(Member::Kind::kNull); }
  bool Bool(bool b) {
    if (depth_ == 1) current_.boolean = b;
    return Scalar(Member::Kind::kBool);
  }
  bool Int(int) { return Scalar(Member::Kind::kInt); }
  bool Int64(int64_t) { return Scalar(Member::Kind::kInt); }
  bool Uint(unsigned u) { return Uint64(u); }
  bool Uint64(uint64_t u) {
    if (depth_ == 1) current_.uint = u;
    return Scalar(Member::Kind::kUint);
  }
  bool Double(double) { return Scalar(Member::Kind::kDouble); }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    if (depth_ == 1) current_.text.assign(s, n);
    return Scalar(Member::Kind::kString);
  }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    if (depth_ == 1) {
      key_.assign(s, n);
      current_ = Member();
      current_.raw_begin = ss_->Tell() + 1;  // Compact writer: the value follows the ':'.
    }
    return true;
  }
  bool StartObject() { return Open(true); }
  bool EndObject(rapidjson::SizeType) { return Close(); }
  bool StartArray() { return Open(false); }
  bool EndArray(rapidjson::SizeType) { return Close(); }

 private:
  bool Scalar(Member::Kind kind) {
    if (depth_ == 1) {
      current_.kind = kind;
      current_.raw_end = ss_->Tell();
      members[key_] = current_;
    }
    return true;
  }
  bool Open(bool object) {
    if (depth_ == 0) root_is_object = object;
    return ++depth_ <= kMaxDepth;
  }
  bool Close() {
    --depth_;
    if (depth_ == 1) {
      current_.kind = Member::Kind::kComposite;
      current_.raw_end = ss_->Tell();
      members[key_] = current_;
    }
    return true;
  }

  LiveStream* ss_;
  unsigned depth_ = 0;
  std::string key_;
  Member current_;
};

// Parses `text` (NUL-free) and records its top-level members. False when it is not valid JSON.
bool ParseTopLevel(const std::string& text, TopLevelHandler* h, LiveStream* ss) {
  rapidjson::Reader reader;
  return !reader.Parse<kParseFlags>(*ss, *h).IsError() && ss->Tell() == text.size();
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Valid JSON, no NUL, no leading or trailing whitespace, not `null` (which stands for the empty
// text): embedded verbatim in the value.
bool EmbeddableJson(const std::string& text) {
  if (text.empty() || text == "null" || IsSpace(text.front()) || IsSpace(text.back())) return false;
  if (text.find('\0') != std::string::npos) return false;
  LiveStream ss(text.c_str());
  TopLevelHandler h(&ss);
  return ParseTopLevel(text, &h, &ss);
}

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian, UTC).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void PutString(JsonWriter* w, const char* key, const std::string& value) {
  w->Key(key);
  w->String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void PutUint(JsonWriter* w, const char* key, uint64_t value) {
  w->Key(key);
  w->Uint64(value);
}

// Writes data/metadata; returns whether it had to be written as a string.
bool PutJsonText(JsonWriter* w, const char* key, const std::string& text) {
  w->Key(key);
  if (text.empty()) {
    w->Null();
    return false;
  }
  if (EmbeddableJson(text)) {
    const char c = text.front();
    const rapidjson::Type type = c == '{'   ? rapidjson::kObjectType
                                 : c == '[' ? rapidjson::kArrayType
                                 : c == '"' ? rapidjson::kStringType
                                            : rapidjson::kNumberType;
    w->RawValue(text.data(), text.size(), type);
    return false;
  }
  w->String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  return true;
}

Status Bad(const std::string& what) {
  return Status::InvalidArgument("not a kinerja Kafka event value: " + what);
}

}  // namespace

std::string FormatKafkaTime(int64_t micros) {
  const int64_t secs = FloorDiv(micros, 1'000'000);
  const int64_t frac = micros - secs * 1'000'000;
  const int64_t days = FloorDiv(secs, 86'400);
  const int64_t sod = secs - days * 86'400;
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02uT%02d:%02d:%02d.%06lldZ",
                static_cast<long long>(y), m, d, static_cast<int>(sod / 3600),
                static_cast<int>(sod / 60 % 60), static_cast<int>(sod % 60),
                static_cast<long long>(frac));
  return buf;
}

bool ParseKafkaTime(std::string_view t, int64_t* micros) {
  // YYYY-MM-DDTHH:MM:SS.ffffffZ (27 characters).
  if (t.size() != 27 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' ||
      t[16] != ':' || t[19] != '.' || t[26] != 'Z') {
    return false;
  }
  auto num = [&](size_t at, size_t len, int64_t* out) {
    int64_t v = 0;
    for (size_t i = at; i < at + len; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      v = v * 10 + (t[i] - '0');
    }
    *out = v;
    return true;
  };
  int64_t y, mo, d, h, mi, s, f;
  if (!num(0, 4, &y) || !num(5, 2, &mo) || !num(8, 2, &d) || !num(11, 2, &h) ||
      !num(14, 2, &mi) || !num(17, 2, &s) || !num(20, 6, &f)) {
    return false;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return false;
  const int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  *micros = ((days * 86'400 + h * 3600 + mi * 60 + s) * 1'000'000) + f;
  return FormatKafkaTime(*micros) == t;  // Rejects 31 February and friends.
}

std::string KafkaPartitionKey(const RecordedEvent& e) {
  if (!e.metadata.empty() && e.metadata.find('\0') == std::string::npos) {
    LiveStream ss(e.metadata.c_str());
    TopLevelHandler h(&ss);
    if (ParseTopLevel(e.metadata, &h, &ss) && h.root_is_object) {
      auto it = h.members.find("partitionKey");
      if (it != h.members.end() && it->second.kind == Member::Kind::kString &&
          !it->second.text.empty()) {
        return it->second.text;
      }
    }
  }
  return e.stream;
}

std::string EncodeKafkaValue(const RecordedEvent& e) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  PutUint(&w, "position", e.position);
  PutString(&w, "stream", e.stream);
  PutUint(&w, "streamVersion", e.stream_version);
  PutString(&w, "id", e.id);
  PutString(&w, "type", e.type);
  PutUint(&w, "schemaVersion", e.schema_version);
  PutString(&w, "recordedAt", FormatKafkaTime(e.recorded_at));
  PutString(&w, "actor", e.actor);
  PutString(&w, "correlationId", e.correlation_id);
  PutString(&w, "causationId", e.causation_id);
  const bool data_text = PutJsonText(&w, "data", e.data);
  const bool metadata_text = PutJsonText(&w, "metadata", e.metadata);
  PutString(&w, "prevHash", e.prev_hash);
  PutString(&w, "hash", e.hash);
  if (data_text) {
    w.Key("dataIsText");
    w.Bool(true);
  }
  if (metadata_text) {
    w.Key("metadataIsText");
    w.Bool(true);
  }
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

Result<RecordedEvent> DecodeKafkaValue(std::string_view value) {
  const std::string text(value);
  if (text.find('\0') != std::string::npos) return Bad("contains NUL");
  LiveStream ss(text.c_str());
  TopLevelHandler h(&ss);
  if (!ParseTopLevel(text, &h, &ss) || !h.root_is_object) return Bad("not a JSON object");
  const auto& m = h.members;
  auto str = [&](const char* key, std::string* out) {
    auto it = m.find(key);
    if (it == m.end() || it->second.kind != Member::Kind::kString) return false;
    *out = it->second.text;
    return true;
  };
  auto uint = [&](const char* key, uint64_t* out) {
    auto it = m.find(key);
    if (it == m.end() || it->second.kind != Member::Kind::kUint) return false;
    *out = it->second.uint;
    return true;
  };
  auto flag = [&](const char* key) {
    auto it = m.find(key);
    return it != m.end() && it->second.kind == Member::Kind::kBool && it->second.boolean;
  };
  auto json_text = [&](const char* key, bool is_text, std::string* out) {
    auto it = m.find(key);
    if (it == m.end()) return false;
    const Member& v = it->second;
    if (is_text) {
      if (v.kind != Member::Kind::kString) return false;
      *out = v.text;
    } else if (v.kind == Member::Kind::kNull) {
      out->clear();
    } else {
      *out = text.substr(v.raw_begin, v.raw_end - v.raw_begin);
    }
    return true;
  };
  RecordedEvent e;
  uint64_t schema = 0;
  std::string recorded_at;
  if (!uint("position", &e.position)) return Bad("position");
  if (!str("stream", &e.stream)) return Bad("stream");
  if (!uint("streamVersion", &e.stream_version)) return Bad("streamVersion");
  if (!str("id", &e.id)) return Bad("id");
  if (!str("type", &e.type)) return Bad("type");
  if (!uint("schemaVersion", &schema) || schema > UINT32_MAX) return Bad("schemaVersion");
  e.schema_version = static_cast<uint32_t>(schema);
  if (!str("recordedAt", &recorded_at) || !ParseKafkaTime(recorded_at, &e.recorded_at)) {
    return Bad("recordedAt");
  }
  if (!str("actor", &e.actor)) return Bad("actor");
  if (!str("correlationId", &e.correlation_id)) return Bad("correlationId");
  if (!str("causationId", &e.causation_id)) return Bad("causationId");
  if (!json_text("data", flag("dataIsText"), &e.data)) return Bad("data");
  if (!json_text("metadata", flag("metadataIsText"), &e.metadata)) return Bad("metadata");
  if (!str("prevHash", &e.prev_hash)) return Bad("prevHash");
  if (!str("hash", &e.hash)) return Bad("hash");
  return e;
}

std::vector<std::pair<std::string, std::string>> KafkaHeaders(const RecordedEvent& e,
                                                              std::string_view source) {
  std::vector<std::pair<std::string, std::string>> h;
  h.reserve(9);
  h.emplace_back("ce_specversion", "1.0");
  h.emplace_back("ce_id", e.id);
  h.emplace_back("ce_source", std::string(source));
  h.emplace_back("ce_type", e.type);
  h.emplace_back("ce_time", FormatKafkaTime(e.recorded_at));
  h.emplace_back("ce_subject", e.stream);
  h.emplace_back("content-type", "application/json");
  h.emplace_back("kinerja_position", std::to_string(e.position));
  h.emplace_back("kinerja_hash", e.hash);
  return h;
}

}  // namespace kinerja::eventstore
