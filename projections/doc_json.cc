#include "projections/doc_json.h"

#include <cstdio>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace kinerja::projections::docjson {

namespace {
rapidjson::SizeType Len(std::string_view s) { return static_cast<rapidjson::SizeType>(s.size()); }
}  // namespace

bool Parse(std::string_view text, rapidjson::Document* out) {
  out->Parse(text.data(), text.size());
  return !out->HasParseError() && out->IsObject();
}

bool Load(DocumentView& view, std::string_view key, rapidjson::Document* out, bool* existed) {
  std::optional<std::string> text = view.Get(key);
  if (existed != nullptr) *existed = text.has_value();
  if (!text) {
    out->SetObject();
    return true;
  }
  return Parse(*text, out);
}

std::string ToJson(const Value& value) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  value.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

void Save(DocumentView& view, std::string_view key, const Value& value) {
  view.Put(key, ToJson(value));
}

Value Str(std::string_view s, Alloc& a) { return Value(s.data(), Len(s), a); }

void Set(Value& obj, std::string_view key, Value v, Alloc& a) {
  auto it = obj.FindMember(Value(rapidjson::StringRef(key.data(), Len(key))));
  if (it != obj.MemberEnd()) {
    it->value = std::move(v);
    return;
  }
  obj.AddMember(Str(key, a), std::move(v), a);
}

void SetStr(Value& obj, std::string_view key, std::string_view s, Alloc& a) {
  Set(obj, key, Str(s, a), a);
}
void SetInt(Value& obj, std::string_view key, int64_t v, Alloc& a) { Set(obj, key, Value(v), a); }
void SetDouble(Value& obj, std::string_view key, double v, Alloc& a) {
  Set(obj, key, Value(v), a);
}
void SetBool(Value& obj, std::string_view key, bool v, Alloc& a) { Set(obj, key, Value(v), a); }

void Remove(Value& obj, std::string_view key) {
  auto it = obj.FindMember(Value(rapidjson::StringRef(key.data(), Len(key))));
  if (it != obj.MemberEnd()) obj.EraseMember(it);
}

Value& Obj(Value& obj, std::string_view key, Alloc& a) {
  auto it = obj.FindMember(Value(rapidjson::StringRef(key.data(), Len(key))));
  if (it != obj.MemberEnd()) {
    if (!it->value.IsObject()) it->value.SetObject();
    return it->value;
  }
  obj.AddMember(Str(key, a), Value(rapidjson::kObjectType), a);
  return obj.FindMember(Value(rapidjson::StringRef(key.data(), Len(key))))->value;
}

Value& Arr(Value& obj, std::string_view key, Alloc& a) {
  auto it = obj.FindMember(Value(rapidjson::StringRef(key.data(), Len(key))));
  if (it != obj.MemberEnd()) {
    if (!it->value.IsArray()) it->value.SetArray();
    return it->value;
  }
  obj.AddMember(Str(key, a), Value(rapidjson::kArrayType), a);
  return obj.FindMember(Value(rapidjson::StringRef(key.data(), Len(key))))->value;
}

const Value* Find(const Value& obj, std::string_view key) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(Value(rapidjson::StringRef(key.data(), Len(key))));
  if (it == obj.MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

std::string GetStr(const Value& obj, std::string_view key) {
  const Value* v = Find(obj, key);
  return v != nullptr && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : "";
}

int64_t GetInt(const Value& obj, std::string_view key, int64_t fallback) {
  const Value* v = Find(obj, key);
  return v != nullptr && v->IsInt64() ? v->GetInt64() : fallback;
}

bool GetBool(const Value& obj, std::string_view key, bool fallback) {
  const Value* v = Find(obj, key);
  return v != nullptr && v->IsBool() ? v->GetBool() : fallback;
}

std::string PadPosition(uint64_t position) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%020llu", static_cast<unsigned long long>(position));
  return buf;
}

}  // namespace kinerja::projections::docjson
