#include "domain/json/json_fields.h"

#include <rapidjson/error/en.h>

#include "domain/json/exact_json.h"

namespace kinerja::domain::json {
namespace {

constexpr int kMaxDepth = 64;

// Depth of brackets outside strings; stops counting once over the limit.
bool DepthWithin(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') {
      if (++depth > limit) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

}  // namespace

RuleViolation MissingField(const std::string& pointer) {
  return Violation(ViolationKind::kInvalid, "json.missing_field",
                   "Kolom '" + pointer + "' wajib diisi", "Field '" + pointer + "' is required");
}

RuleViolation WrongType(const std::string& pointer, const char* expected) {
  return Violation(ViolationKind::kInvalid, "json.wrong_type",
                   "Kolom '" + pointer + "' harus bertipe " + expected,
                   "Field '" + pointer + "' must be " + expected);
}

Status Fields::RequireObject() const {
  if (!object_.IsObject()) return WrongType(pointer_.empty() ? "/" : pointer_, "an object");
  return OkStatus();
}

bool Fields::Has(const char* name) const { return Find(name) != nullptr; }

const rapidjson::Value* Fields::Find(const char* name) const {
  if (!object_.IsObject()) return nullptr;
  auto it = object_.FindMember(name);
  if (it == object_.MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

Result<std::string> Fields::String(const char* name) const {
  auto v = OptString(name);
  if (!v.ok()) return v.error();
  if (!v.value()) return MissingField(PointerTo(name));
  return std::move(*v.value());
}

Result<std::optional<std::string>> Fields::OptString(const char* name) const {
  const rapidjson::Value* v = Find(name);
  if (v == nullptr) return std::optional<std::string>{};
  if (!v->IsString()) return WrongType(PointerTo(name), "a string");
  return std::optional<std::string>(std::string(v->GetString(), v->GetStringLength()));
}

Result<int64_t> Fields::Int(const char* name) const {
  auto v = OptInt(name);
  if (!v.ok()) return v.error();
  if (!v.value()) return MissingField(PointerTo(name));
  return *v.value();
}

Result<std::optional<int64_t>> Fields::OptInt(const char* name) const {
  const rapidjson::Value* v = Find(name);
  if (v == nullptr) return std::optional<int64_t>{};
  if (!v->IsInt64()) return WrongType(PointerTo(name), "an integer");
  return std::optional<int64_t>(v->GetInt64());
}

Result<double> Fields::Number(const char* name) const {
  auto v = OptNumber(name);
  if (!v.ok()) return v.error();
  if (!v.value()) return MissingField(PointerTo(name));
  return *v.value();
}

Result<std::optional<double>> Fields::OptNumber(const char* name) const {
  const rapidjson::Value* v = Find(name);
  if (v == nullptr) return std::optional<double>{};
  if (!v->IsNumber()) return WrongType(PointerTo(name), "a number");
  return std::optional<double>(v->GetDouble());
}

Result<bool> Fields::Bool(const char* name) const {
  auto v = OptBool(name);
  if (!v.ok()) return v.error();
  if (!v.value()) return MissingField(PointerTo(name));
  return *v.value();
}

Result<std::optional<bool>> Fields::OptBool(const char* name) const {
  const rapidjson::Value* v = Find(name);
  if (v == nullptr) return std::optional<bool>{};
  if (!v->IsBool()) return WrongType(PointerTo(name), "a boolean");
  return std::optional<bool>(v->GetBool());
}

Result<Date> Fields::DateField(const char* name) const {
  auto v = OptDate(name);
  if (!v.ok()) return v.error();
  if (!v.value()) return MissingField(PointerTo(name));
  return *v.value();
}

Result<std::optional<Date>> Fields::OptDate(const char* name) const {
  auto s = OptString(name);
  if (!s.ok()) return s.error();
  if (!s.value()) return std::optional<Date>{};
  auto d = Date::Parse(*s.value());
  if (!d.ok()) {
    RuleViolation e = d.error();
    e.message_id = "Kolom '" + PointerTo(name) + "': " + e.message_id;
    e.message_en = "Field '" + PointerTo(name) + "': " + e.message_en;
    return e;
  }
  return std::optional<Date>(d.value());
}

Result<Timestamp> Fields::Time(const char* name) const {
  auto s = String(name);
  if (!s.ok()) return s.error();
  auto t = Timestamp::ParseRfc3339(s.value());
  if (!t.ok()) return WrongType(PointerTo(name), "an RFC 3339 time");
  return t.value();
}

Result<const rapidjson::Value*> Fields::Array(const char* name) const {
  auto v = OptArray(name);
  if (!v.ok()) return v.error();
  if (v.value() == nullptr) return MissingField(PointerTo(name));
  return v.value();
}

Result<const rapidjson::Value*> Fields::OptArray(const char* name) const {
  const rapidjson::Value* v = Find(name);
  if (v == nullptr) return static_cast<const rapidjson::Value*>(nullptr);
  if (!v->IsArray()) return WrongType(PointerTo(name), "an array");
  return v;
}

Result<const rapidjson::Value*> Fields::Object(const char* name) const {
  auto v = OptObject(name);
  if (!v.ok()) return v.error();
  if (v.value() == nullptr) return MissingField(PointerTo(name));
  return v.value();
}

Result<const rapidjson::Value*> Fields::OptObject(const char* name) const {
  const rapidjson::Value* v = Find(name);
  if (v == nullptr) return static_cast<const rapidjson::Value*>(nullptr);
  if (!v->IsObject()) return WrongType(PointerTo(name), "an object");
  return v;
}

Result<std::vector<std::string>> Fields::OptStringArray(const char* name) const {
  auto arr = OptArray(name);
  if (!arr.ok()) return arr.error();
  std::vector<std::string> out;
  if (arr.value() == nullptr) return out;
  rapidjson::SizeType i = 0;
  for (const auto& item : arr.value()->GetArray()) {
    if (!item.IsString()) {
      return WrongType(PointerTo(name) + "/" + std::to_string(i), "a string");
    }
    out.emplace_back(item.GetString(), item.GetStringLength());
    ++i;
  }
  return out;
}

Result<rapidjson::Document> ParseJson(std::string_view text) {
  if (!DepthWithin(text, kMaxDepth)) {
    return Violation(ViolationKind::kInvalid, "json.too_deep", "JSON terlalu dalam bersarang",
                     "JSON is nested too deeply");
  }
  rapidjson::Document doc;
  // Numbers exactly (std::from_chars): RapidJSON's default conversion misreads some doubles its
  // own Writer produces (0.30000000000000004 comes back 1 ulp off) and its full-precision one has
  // undefined behaviour on hostile input; see exact_json.h.
  const rapidjson::ParseResult parsed = ParseJsonExactly(text, &doc);
  if (parsed.IsError()) {
    const std::string why = rapidjson::GetParseError_En(parsed.Code());
    const std::string at = std::to_string(parsed.Offset());
    return Violation(ViolationKind::kInvalid, "json.malformed",
                     "JSON tidak valid pada offset " + at + ": " + why,
                     "Malformed JSON at offset " + at + ": " + why);
  }
  return doc;
}

}  // namespace kinerja::domain::json
