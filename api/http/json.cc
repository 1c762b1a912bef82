#include "api/http/json.h"

#include <cstdio>

#include <rapidjson/error/en.h>

#include "domain/json/exact_json.h"

namespace kinerja::http {
namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 if invalid.
size_t Utf8SeqLen(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  const size_t n = s.size();
  if (c >= 0xC2 && c <= 0xDF) {
    return (i + 1 < n && (b(i + 1) & 0xC0) == 0x80) ? 2 : 0;
  }
  if (c >= 0xE0 && c <= 0xEF) {
    if (i + 2 >= n) return 0;
    const unsigned char c1 = b(i + 1);
    if ((c1 & 0xC0) != 0x80 || (b(i + 2) & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && c1 < 0xA0) return 0;   // overlong
    if (c == 0xED && c1 >= 0xA0) return 0;  // UTF-16 surrogates
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (i + 3 >= n) return 0;
    const unsigned char c1 = b(i + 1);
    if ((c1 & 0xC0) != 0x80 || (b(i + 2) & 0xC0) != 0x80 || (b(i + 3) & 0xC0) != 0x80) return 0;
    if (c == 0xF0 && c1 < 0x90) return 0;  // overlong
    if (c == 0xF4 && c1 >= 0x90) return 0;  // > U+10FFFF
    return 4;
  }
  return 0;
}

std::string SanitizeUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t len = Utf8SeqLen(s, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.data() + i, len);
      i += len;
    }
  }
  return out;
}

// Walks every string and key; depth is already bounded by the pre-scan.
bool CheckStrings(const rapidjson::Value& v, const JsonLimits& limits, std::string* code) {
  if (v.IsString()) {
    std::string_view s(v.GetString(), v.GetStringLength());
    if (s.size() > limits.max_string_bytes) { *code = "string_too_long"; return false; }
    if (!IsValidUtf8(s)) { *code = "invalid_utf8"; return false; }
    return true;
  }
  if (v.IsArray()) {
    for (const auto& e : v.GetArray()) {
      if (!CheckStrings(e, limits, code)) return false;
    }
    return true;
  }
  if (v.IsObject()) {
    for (const auto& m : v.GetObject()) {
      if (!CheckStrings(m.name, limits, code) || !CheckStrings(m.value, limits, code)) return false;
    }
  }
  return true;
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t len = Utf8SeqLen(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string JsonEscape(std::string_view in) {
  std::string s = IsValidUtf8(in) ? std::string(in) : SanitizeUtf8(in);
  std::string out;
  out.reserve(s.size() + 8);
  for (const char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  return out;
}

namespace {

}  // namespace

int JsonDepth(std::string_view text, int limit) {
  int depth = 0;
  int max_depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // skip the escaped character
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        max_depth = depth;
        if (max_depth > limit) return max_depth;
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return max_depth;
}

Result<JsonDoc> ParseJsonBody(std::string_view body, const JsonLimits& limits) {
  if (JsonDepth(body, limits.max_depth) > limits.max_depth) {
    return Problem::InvalidInput("json_too_deep", "The JSON body nests deeper than " +
                                                      std::to_string(limits.max_depth) +
                                                      " levels.");
  }
  auto doc = std::make_shared<rapidjson::Document>();
  // Numbers are converted exactly, without RapidJSON 1.1.0's full-precision strtod, which has
  // undefined behaviour on hostile numbers (domain/json/exact_json.h). The body stays intact.
  const rapidjson::ParseResult parsed = domain::json::ParseJsonExactly(body, doc.get());
  if (parsed.IsError()) {
    if (parsed.Code() == rapidjson::kParseErrorStringInvalidEncoding) {
      return Problem::InvalidInput("invalid_utf8", "The JSON body is not valid UTF-8.");
    }
    return Problem::InvalidInput("invalid_json", std::string("The body is not valid JSON: ") +
                                                     rapidjson::GetParseError_En(parsed.Code()) +
                                                     " (at byte " +
                                                     std::to_string(parsed.Offset()) + ").");
  }
  std::string code;
  if (!CheckStrings(*doc, limits, &code)) {
    if (code == "string_too_long") {
      return Problem::InvalidInput(code, "A string in the JSON body is longer than " +
                                             std::to_string(limits.max_string_bytes) + " bytes.");
    }
    return Problem::InvalidInput(code, "The JSON body contains a string that is not valid UTF-8 "
                                       "(for example a lone surrogate).");
  }
  return doc;
}

void JsonErrors::Fail(const std::string& pointer, std::string code, std::string detail) {
  if (problem_) return;
  Problem p = Problem::InvalidInput(std::move(code), std::move(detail));
  p.WithString("pointer", pointer);
  problem_ = std::move(p);
}

std::string JsonPointerToken(std::string_view key) {
  std::string out;
  for (const char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

JsonObject::JsonObject(const rapidjson::Value* value, std::string pointer,
                       std::shared_ptr<JsonErrors> errors)
    : value_(value), pointer_(std::move(pointer)), errors_(std::move(errors)) {
  if (value_ != nullptr && !value_->IsObject()) {
    errors_->Fail(pointer_, "wrong_type",
                  (pointer_.empty() ? std::string("The body") : "Field " + pointer_) +
                      " must be a JSON object.");
    value_ = nullptr;
  }
}

JsonObject JsonObject::Root(const JsonDoc& doc) {
  return JsonObject(doc.get(), "", std::make_shared<JsonErrors>());
}

std::string JsonObject::PointerOf(const char* key) const {
  return pointer_ + "/" + JsonPointerToken(key);
}

const rapidjson::Value* JsonObject::Member(const char* key) const {
  if (value_ == nullptr) return nullptr;
  auto it = value_->FindMember(key);
  if (it == value_->MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

bool JsonObject::Has(const char* key) const { return Member(key) != nullptr; }

void JsonObject::Invalid(const char* key, std::string detail, std::string code) const {
  errors_->Fail(PointerOf(key), std::move(code), std::move(detail));
}

std::optional<std::string> JsonObject::OptString(const char* key, size_t max_len) const {
  const auto* v = Member(key);
  if (v == nullptr) return std::nullopt;
  if (!v->IsString()) {
    errors_->Fail(PointerOf(key), "wrong_type", "Field " + PointerOf(key) + " must be a string.");
    return std::nullopt;
  }
  if (v->GetStringLength() > max_len) {
    errors_->Fail(PointerOf(key), "string_too_long",
                  "Field " + PointerOf(key) + " is longer than " + std::to_string(max_len) +
                      " bytes.");
    return std::nullopt;
  }
  return std::string(v->GetString(), v->GetStringLength());
}

std::string JsonObject::String(const char* key, size_t max_len) const {
  if (value_ != nullptr && !Has(key)) {
    errors_->Fail(PointerOf(key), "missing_field", "Field " + PointerOf(key) + " is required.");
    return {};
  }
  return OptString(key, max_len).value_or(std::string());
}

std::optional<int64_t> JsonObject::OptInt(const char* key, int64_t min, int64_t max) const {
  const auto* v = Member(key);
  if (v == nullptr) return std::nullopt;
  if (!v->IsInt64()) {
    errors_->Fail(PointerOf(key), "wrong_type", "Field " + PointerOf(key) + " must be an integer.");
    return std::nullopt;
  }
  const int64_t x = v->GetInt64();
  if (x < min || x > max) {
    errors_->Fail(PointerOf(key), "invalid_value",
                  "Field " + PointerOf(key) + " must be between " + std::to_string(min) +
                      " and " + std::to_string(max) + ".");
    return std::nullopt;
  }
  return x;
}

int64_t JsonObject::Int(const char* key, int64_t min, int64_t max) const {
  if (value_ != nullptr && !Has(key)) {
    errors_->Fail(PointerOf(key), "missing_field", "Field " + PointerOf(key) + " is required.");
    return 0;
  }
  return OptInt(key, min, max).value_or(0);
}

std::optional<double> JsonObject::OptNumber(const char* key) const {
  const auto* v = Member(key);
  if (v == nullptr) return std::nullopt;
  if (!v->IsNumber()) {
    errors_->Fail(PointerOf(key), "wrong_type", "Field " + PointerOf(key) + " must be a number.");
    return std::nullopt;
  }
  return v->GetDouble();
}

double JsonObject::Number(const char* key) const {
  if (value_ != nullptr && !Has(key)) {
    errors_->Fail(PointerOf(key), "missing_field", "Field " + PointerOf(key) + " is required.");
    return 0;
  }
  return OptNumber(key).value_or(0);
}

std::optional<bool> JsonObject::OptBool(const char* key) const {
  const auto* v = Member(key);
  if (v == nullptr) return std::nullopt;
  if (!v->IsBool()) {
    errors_->Fail(PointerOf(key), "wrong_type", "Field " + PointerOf(key) + " must be a boolean.");
    return std::nullopt;
  }
  return v->GetBool();
}

bool JsonObject::Bool(const char* key) const {
  if (value_ != nullptr && !Has(key)) {
    errors_->Fail(PointerOf(key), "missing_field", "Field " + PointerOf(key) + " is required.");
    return false;
  }
  return OptBool(key).value_or(false);
}

std::optional<JsonObject> JsonObject::OptObject(const char* key) const {
  const auto* v = Member(key);
  if (v == nullptr) return std::nullopt;
  return JsonObject(v, PointerOf(key), errors_);
}

JsonObject JsonObject::Object(const char* key) const {
  if (value_ != nullptr && !Has(key)) {
    errors_->Fail(PointerOf(key), "missing_field", "Field " + PointerOf(key) + " is required.");
  }
  return JsonObject(Member(key), PointerOf(key), errors_);
}

std::optional<JsonArray> JsonObject::OptArray(const char* key, size_t max_items) const {
  const auto* v = Member(key);
  if (v == nullptr) return std::nullopt;
  if (!v->IsArray()) {
    errors_->Fail(PointerOf(key), "wrong_type", "Field " + PointerOf(key) + " must be an array.");
    return std::nullopt;
  }
  if (v->Size() > max_items) {
    errors_->Fail(PointerOf(key), "too_many_items",
                  "Field " + PointerOf(key) + " has more than " + std::to_string(max_items) +
                      " items.");
    return std::nullopt;
  }
  return JsonArray(v, PointerOf(key), errors_);
}

JsonArray JsonObject::Array(const char* key, size_t max_items) const {
  if (value_ != nullptr && !Has(key)) {
    errors_->Fail(PointerOf(key), "missing_field", "Field " + PointerOf(key) + " is required.");
  }
  auto a = OptArray(key, max_items);
  return a ? *a : JsonArray(nullptr, PointerOf(key), errors_);
}

JsonArray::JsonArray(const rapidjson::Value* value, std::string pointer,
                     std::shared_ptr<JsonErrors> errors)
    : value_(value), pointer_(std::move(pointer)), errors_(std::move(errors)) {}

size_t JsonArray::size() const { return value_ == nullptr ? 0 : value_->Size(); }

JsonObject JsonArray::ObjectAt(size_t i) const {
  const std::string p = pointer_ + "/" + std::to_string(i);
  if (value_ == nullptr || i >= value_->Size()) {
    errors_->Fail(p, "missing_field", "Item " + p + " is required.");
    return JsonObject(nullptr, p, errors_);
  }
  return JsonObject(&(*value_)[static_cast<rapidjson::SizeType>(i)], p, errors_);
}

std::string JsonArray::StringAt(size_t i, size_t max_len) const {
  const std::string p = pointer_ + "/" + std::to_string(i);
  if (value_ == nullptr || i >= value_->Size()) {
    errors_->Fail(p, "missing_field", "Item " + p + " is required.");
    return {};
  }
  const auto& v = (*value_)[static_cast<rapidjson::SizeType>(i)];
  if (!v.IsString()) {
    errors_->Fail(p, "wrong_type", "Item " + p + " must be a string.");
    return {};
  }
  if (v.GetStringLength() > max_len) {
    errors_->Fail(p, "string_too_long",
                  "Item " + p + " is longer than " + std::to_string(max_len) + " bytes.");
    return {};
  }
  return std::string(v.GetString(), v.GetStringLength());
}

JsonWriter& JsonWriter::Key(std::string_view k) {
  if (IsValidUtf8(k)) {
    writer_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
  } else {
    const std::string s = SanitizeUtf8(k);
    writer_.Key(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  }
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view v) {
  if (IsValidUtf8(v)) {
    writer_.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  } else {
    const std::string s = SanitizeUtf8(v);
    writer_.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  }
  return *this;
}

JsonWriter& JsonWriter::RawValue(std::string_view json) {
  writer_.RawValue(json.data(), json.size(), rapidjson::kObjectType);
  return *this;
}

}  // namespace kinerja::http
