// DocJson: small helpers for read-model folds that keep their documents as JSON objects and
// update them in place with RapidJSON's DOM (load, set members, save). Member order is the order
// of first insertion, so the same events always produce byte-identical documents (rebuild ==
// live). Also the position key suffix used by append-only document families.
// Thread-safety: pure functions over caller-owned values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "projections/document_view.h"

namespace kinerja::projections::docjson {

using Value = rapidjson::Value;
using Alloc = rapidjson::Document::AllocatorType;

// Loads `key` into *out as a JSON object; an absent document gives an empty object and sets
// *existed = false. Returns false when the stored text is not a JSON object.
bool Load(DocumentView& view, std::string_view key, rapidjson::Document* out,
          bool* existed = nullptr);
void Save(DocumentView& view, std::string_view key, const Value& value);
std::string ToJson(const Value& value);
// Parses `text` as a JSON object into *out; false when it is not one.
bool Parse(std::string_view text, rapidjson::Document* out);

Value Str(std::string_view s, Alloc& a);
// Sets obj[key] = v, keeping the member's place when it exists.
void Set(Value& obj, std::string_view key, Value v, Alloc& a);
void SetStr(Value& obj, std::string_view key, std::string_view s, Alloc& a);
void SetInt(Value& obj, std::string_view key, int64_t v, Alloc& a);
void SetDouble(Value& obj, std::string_view key, double v, Alloc& a);
void SetBool(Value& obj, std::string_view key, bool v, Alloc& a);
void Remove(Value& obj, std::string_view key);
// obj[key] as an object / array, created empty when absent (or of another type).
Value& Obj(Value& obj, std::string_view key, Alloc& a);
Value& Arr(Value& obj, std::string_view key, Alloc& a);

// Read accessors (never assert): nullptr / "" / `fallback` when absent or of another type.
const Value* Find(const Value& obj, std::string_view key);
std::string GetStr(const Value& obj, std::string_view key);
int64_t GetInt(const Value& obj, std::string_view key, int64_t fallback = 0);
bool GetBool(const Value& obj, std::string_view key, bool fallback = false);

// 20-digit zero-padded decimal: sorts like the number (keys of append-only families).
std::string PadPosition(uint64_t position);

}  // namespace kinerja::projections::docjson
