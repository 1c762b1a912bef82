// JSON at the HTTP edge: bounded parsing of request bodies, field accessors that turn mistakes
// into 400 problems carrying the JSON pointer of the bad field, and a small writer.
//
// RapidJSON 1.1.0 has no depth limit, lets a lone "\udc00" through and (with
// kParseStopWhenDoneFlag) accepts trailing garbage. ParseJsonBody fixes all three: a depth pre-scan
// runs BEFORE the parser (so 10k nested '[' never recurses), the parser validates UTF-8 and the
// whole input, and every string (values and keys) is re-checked as strict UTF-8 (no surrogates).
//
// Thread-safety: all functions are reentrant; a JsonDoc / JsonObject is used by one thread.
#ifndef KINERJA_API_HTTP_JSON_H_
#define KINERJA_API_HTTP_JSON_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "api/http/problem.h"

namespace kinerja::http {

struct JsonLimits {
  // Maximum nesting of arrays/objects. Default: 64.
  int max_depth = 64;
  // Maximum length in bytes of any single string (value or key). Default: 64 KiB.
  size_t max_string_bytes = 64 * 1024;
};

// Escapes for the inside of a JSON string literal (quotes, backslash, control characters).
// Invalid UTF-8 bytes are replaced by U+FFFD so the output is always valid JSON.
std::string JsonEscape(std::string_view s);

// True when s is strict UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Nesting depth of a JSON text counted outside strings; stops early once above `limit`.
int JsonDepth(std::string_view text, int limit);

// A parsed body; owns the document.
using JsonDoc = std::shared_ptr<rapidjson::Document>;

// Parses a request body. Errors are 400 problems: code "invalid_json" (syntax, trailing garbage),
// "json_too_deep", "invalid_utf8", "string_too_long".
Result<JsonDoc> ParseJsonBody(std::string_view body, const JsonLimits& limits = {});

// Shared first-error sink of a family of accessors.
class JsonErrors {
 public:
  bool ok() const { return !problem_.has_value(); }
  const std::optional<Problem>& problem() const { return problem_; }
  // Records a 400 problem (first one wins) with member "pointer".
  void Fail(const std::string& pointer, std::string code, std::string detail);

 private:
  std::optional<Problem> problem_;
};

class JsonArray;

// Read access to one JSON object. Accessors never throw; on a missing field or wrong type they
// record the first problem (code "missing_field" / "wrong_type" / "invalid_value", with the
// JSON pointer) and return an empty/zero value. Check errors().ok() after reading.
class JsonObject {
 public:
  // `value` may be any JSON value; a non-object records a wrong_type problem at `pointer`.
  JsonObject(const rapidjson::Value* value, std::string pointer,
             std::shared_ptr<JsonErrors> errors);
  // The root of a parsed body (must be an object).
  static JsonObject Root(const JsonDoc& doc);

  bool Has(const char* key) const;  // present and not null
  std::string String(const char* key, size_t max_len = 1024) const;
  std::optional<std::string> OptString(const char* key, size_t max_len = 1024) const;
  int64_t Int(const char* key, int64_t min = INT64_MIN, int64_t max = INT64_MAX) const;
  std::optional<int64_t> OptInt(const char* key, int64_t min = INT64_MIN,
                                int64_t max = INT64_MAX) const;
  double Number(const char* key) const;
  std::optional<double> OptNumber(const char* key) const;
  bool Bool(const char* key) const;
  std::optional<bool> OptBool(const char* key) const;
  JsonObject Object(const char* key) const;
  std::optional<JsonObject> OptObject(const char* key) const;
  JsonArray Array(const char* key, size_t max_items = 1000) const;
  std::optional<JsonArray> OptArray(const char* key, size_t max_items = 1000) const;
  // Records a problem on one field from outside (e.g. an invalid NIP): code "invalid_value".
  void Invalid(const char* key, std::string detail, std::string code = "invalid_value") const;

  const std::string& pointer() const { return pointer_; }
  const rapidjson::Value* raw() const { return value_; }
  JsonErrors& errors() const { return *errors_; }
  const std::shared_ptr<JsonErrors>& shared_errors() const { return errors_; }

 private:
  const rapidjson::Value* Member(const char* key) const;  // nullptr if missing or null
  std::string PointerOf(const char* key) const;

  const rapidjson::Value* value_;  // nullptr when the object itself was bad
  std::string pointer_;
  std::shared_ptr<JsonErrors> errors_;
};

class JsonArray {
 public:
  JsonArray(const rapidjson::Value* value, std::string pointer,
            std::shared_ptr<JsonErrors> errors);
  size_t size() const;
  JsonObject ObjectAt(size_t i) const;
  std::string StringAt(size_t i, size_t max_len = 1024) const;
  const rapidjson::Value* raw() const { return value_; }
  const std::string& pointer() const { return pointer_; }

 private:
  const rapidjson::Value* value_;
  std::string pointer_;
  std::shared_ptr<JsonErrors> errors_;
};

// Escapes a member name for a JSON pointer (RFC 6901: ~ -> ~0, / -> ~1).
std::string JsonPointerToken(std::string_view key);

// Small writer: a RapidJSON Writer over a StringBuffer with convenience members.
class JsonWriter {
 public:
  JsonWriter() : writer_(buffer_) {}
  rapidjson::Writer<rapidjson::StringBuffer>& raw() { return writer_; }
  JsonWriter& StartObject() { writer_.StartObject(); return *this; }
  JsonWriter& EndObject() { writer_.EndObject(); return *this; }
  JsonWriter& StartArray() { writer_.StartArray(); return *this; }
  JsonWriter& EndArray() { writer_.EndArray(); return *this; }
  JsonWriter& Key(std::string_view k);
  JsonWriter& String(std::string_view v);
  JsonWriter& Int(int64_t v) { writer_.Int64(v); return *this; }
  JsonWriter& Uint(uint64_t v) { writer_.Uint64(v); return *this; }
  JsonWriter& Double(double v) { writer_.Double(v); return *this; }
  JsonWriter& Bool(bool v) { writer_.Bool(v); return *this; }
  JsonWriter& Null() { writer_.Null(); return *this; }
  // Inserts already-encoded JSON as the next value.
  JsonWriter& RawValue(std::string_view json);
  std::string str() const { return std::string(buffer_.GetString(), buffer_.GetSize()); }

 private:
  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> writer_;
};

}  // namespace kinerja::http

#endif  // KINERJA_API_HTTP_JSON_H_
