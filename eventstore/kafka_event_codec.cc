#include "eventstore/kafka_event_codec.h"

#include <cstdio>
#include <cstring>
#include <map>

#include "rapidjson/reader.h"

namespace kinerja::eventstore {

namespace {

constexpr unsigned kMaxDepth = 256;
constexpr unsigned kParseFlags = rapidjson::kParseValidateEncodingFlag;

// An input stream whose position the handler can read during callbacks (rapidjson::StringStream
// is copied locally while a token is parsed, so its Tell() lags). Reads '\0' at the end and never
// past it: RapidJSON's UTF-8 validation takes the continuation bytes of a multi-byte lead without
// looking, so a value ending in a truncated sequence (found by tests/fuzz/fuzz_kafka_event) made a
// NUL-terminated stream read beyond the string.
struct LiveStream {
  using Ch = char;
  explicit LiveStream(const std::string& text)
      : src(text.data()), head(text.data()), end(text.data() + text.size()) {}
  Ch Peek() const { return src == end ? '\0' : *src; }
  Ch Take() { return src == end ? '\0' : *src++; }
  size_t Tell() const { return static_cast<size_t>(src - head); }
  Ch* PutBegin() { return nullptr; }
  void Put(Ch) {}
  void Flush() {}
  size_t PutEnd(Ch*) { return 0; }
  const char* src;
  const char* head;
  const char* end;
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

// SAX handler that only checks nesting depth (validation without allocation).
struct DepthHandler : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, DepthHandler> {
  unsigned depth = 0;
  bool root_is_object = false;
  bool StartObject() { return Open(true); }
  bool EndObject(rapidjson::SizeType) { return --depth, true; }
  bool StartArray() { return Open(false); }
  bool EndArray(rapidjson::SizeType) { return --depth, true; }
  bool Open(bool object) {
    if (depth == 0) root_is_object = object;
    return ++depth <= kMaxDepth;
  }
};

// Captures the top-level string member "partitionKey" of an object.
struct PartitionKeyHandler : DepthHandler {
  bool key_is_ours = false;
  bool found = false;
  std::string value;
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    key_is_ours = depth == 1 && std::string_view(s, n) == "partitionKey";
    return true;
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    if (depth == 1 && key_is_ours && !found) {
      value.assign(s, n);
      found = true;
    }
    key_is_ours = false;
    return true;
  }
  bool StartObject() { return key_is_ours = false, Open(true); }
  bool StartArray() { return key_is_ours = false, Open(false); }
};

template <typename Handler>
bool ParseWith(const std::string& text, Handler* h) {
  LiveStream ss(text);
  rapidjson::Reader reader;
  return !reader.Parse<kParseFlags>(ss, *h).IsError() && ss.Tell() == text.size();
}

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
  DepthHandler h;
  return ParseWith(text, &h);
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

// Appends `v` as a JSON string, escaped as rapidjson's Writer does (", \, control characters;
// other bytes, UTF-8 included, verbatim), copying runs of plain bytes at once.
void AppendJsonString(std::string* out, std::string_view v) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out->push_back('"');
  size_t run = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(v[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(v.data() + run, i - run);
    run = i + 1;
    out->push_back('\\');
    switch (c) {
      case '"': out->push_back('"'); break;
      case '\\': out->push_back('\\'); break;
      case '\b': out->push_back('b'); break;
      case '\f': out->push_back('f'); break;
      case '\n': out->push_back('n'); break;
      case '\r': out->push_back('r'); break;
      case '\t': out->push_back('t'); break;
      default:
        out->append("u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 0xF]);
    }
  }
  out->append(v.data() + run, v.size() - run);
  out->push_back('"');
}

// `,"key":` then the string / number.
void PutString(std::string* out, const char* member, std::string_view value) {
  out->append(member);
  AppendJsonString(out, value);
}

void PutUint(std::string* out, const char* member, uint64_t value) {
  out->append(member);
  out->append(std::to_string(value));
}

// data/metadata: verbatim when embeddable, null when empty, else a string (returns true then).
bool PutJsonText(std::string* out, const char* member, const std::string& text, bool valid) {
  out->append(member);
  if (text.empty()) {
    out->append("null");
    return false;
  }
  if (valid) {
    out->append(text);
    return false;
  }
  AppendJsonString(out, text);
  return true;
}

// Whether `text` may be embedded verbatim (see EmbeddableJson) and, for metadata, the
// partition key it names.
bool InspectMetadata(const std::string& text, std::string* partition_key) {
  if (text.empty() || text.find('\0') != std::string::npos) return false;
  PartitionKeyHandler h;
  if (!ParseWith(text, &h)) return false;
  if (h.root_is_object && h.found && !h.value.empty()) *partition_key = std::move(h.value);
  return text != "null" && !IsSpace(text.front()) && !IsSpace(text.back());
}

std::string EncodeValue(const RecordedEvent& e, bool metadata_valid) {
  std::string v;
  v.reserve(420 + e.stream.size() + e.data.size() + e.metadata.size() + e.actor.size() +
            e.correlation_id.size() + e.causation_id.size() + e.type.size() + e.id.size() +
            e.prev_hash.size() + e.hash.size());
  PutUint(&v, "{\"position\":", e.position);
  PutString(&v, ",\"stream\":", e.stream);
  PutUint(&v, ",\"streamVersion\":", e.stream_version);
  PutString(&v, ",\"id\":", e.id);
  PutString(&v, ",\"type\":", e.type);
  PutUint(&v, ",\"schemaVersion\":", e.schema_version);
  PutString(&v, ",\"recordedAt\":", FormatKafkaTime(e.recorded_at));
  PutString(&v, ",\"actor\":", e.actor);
  PutString(&v, ",\"correlationId\":", e.correlation_id);
  PutString(&v, ",\"causationId\":", e.causation_id);
  const bool data_text = PutJsonText(&v, ",\"data\":", e.data, EmbeddableJson(e.data));
  const bool metadata_text = PutJsonText(&v, ",\"metadata\":", e.metadata, metadata_valid);
  PutString(&v, ",\"prevHash\":", e.prev_hash);
  PutString(&v, ",\"hash\":", e.hash);
  if (data_text) v.append(",\"dataIsText\":true");
  if (metadata_text) v.append(",\"metadataIsText\":true");
  v.push_back('}');
  return v;
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
  if (y < 0 || y > 9999) {  // Outside RFC 3339; never produced by a store clock.
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02uT%02d:%02d:%02d.%06lldZ",
                  static_cast<long long>(y), m, d, static_cast<int>(sod / 3600),
                  static_cast<int>(sod / 60 % 60), static_cast<int>(sod % 60),
                  static_cast<long long>(frac));
    return buf;
  }
  std::string t = "0000-00-00T00:00:00.000000Z";
  auto put = [&t](size_t at, size_t len, int64_t v) {
    for (size_t i = at + len; i > at; --i, v /= 10) t[i - 1] = static_cast<char>('0' + v % 10);
  };
  put(0, 4, y);
  put(5, 2, m);
  put(8, 2, d);
  put(11, 2, sod / 3600);
  put(14, 2, sod / 60 % 60);
  put(17, 2, sod % 60);
  put(20, 6, frac);
  return t;
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
  std::string key;
  InspectMetadata(e.metadata, &key);
  return key.empty() ? e.stream : key;
}

std::string EncodeKafkaValue(const RecordedEvent& e) {
  std::string key;
  return EncodeValue(e, InspectMetadata(e.metadata, &key));
}

KafkaKeyValue EncodeKafkaKeyValue(const RecordedEvent& e) {
  KafkaKeyValue kv;
  const bool metadata_valid = InspectMetadata(e.metadata, &kv.key);
  if (kv.key.empty()) kv.key = e.stream;
  kv.value = EncodeValue(e, metadata_valid);
  return kv;
}

Result<RecordedEvent> DecodeKafkaValue(std::string_view value) {
  const std::string text(value);
  if (text.find('\0') != std::string::npos) return Bad("contains NUL");
  LiveStream ss(text);
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

void ForEachKafkaHeader(const RecordedEvent& e, std::string_view source,
                        const std::function<void(std::string_view, std::string_view)>& add) {
  add("ce_specversion", "1.0");
  add("ce_id", e.id);
  add("ce_source", source);
  add("ce_type", e.type);
  add("ce_time", FormatKafkaTime(e.recorded_at));
  add("ce_subject", e.stream);
  add("content-type", "application/json");
  add("kinerja_position", std::to_string(e.position));
  add("kinerja_hash", e.hash);
}

std::vector<std::pair<std::string, std::string>> KafkaHeaders(const RecordedEvent& e,
                                                              std::string_view source) {
  std::vector<std::pair<std::string, std::string>> h;
  h.reserve(9);
  ForEachKafkaHeader(e, source, [&h](std::string_view name, std::string_view value) {
    h.emplace_back(std::string(name), std::string(value));
  });
  return h;
}

}  // namespace kinerja::eventstore
