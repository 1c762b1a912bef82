// Reading command and event fields out of RapidJSON values, with refusals that name the field.
//
// Every getter looks a member up with FindMember (never operator[], which asserts on a missing
// member), checks its type, and on failure returns a kInvalid RuleViolation with code
// "json.missing_field" or "json.wrong_type" naming the field by its JSON pointer ("/rhk/0/id").
// Strings are taken as they are; the HTTP edge has already validated UTF-8 and sizes.
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "domain/date.h"
#include "domain/result.h"

namespace kinerja::domain::json {

// A position in the document, for messages: Fields f(doc, ""); f.At("rhk").At(0).
class Fields {
 public:
  Fields(const rapidjson::Value& object, std::string pointer)
      : object_(object), pointer_(std::move(pointer)) {}

  // The whole value must be an object; call first.
  Status RequireObject() const;

  Result<std::string> String(const char* name) const;
  Result<std::optional<std::string>> OptString(const char* name) const;
  Result<int64_t> Int(const char* name) const;
  Result<std::optional<int64_t>> OptInt(const char* name) const;
  Result<double> Number(const char* name) const;
  Result<std::optional<double>> OptNumber(const char* name) const;
  Result<bool> Bool(const char* name) const;
  Result<std::optional<bool>> OptBool(const char* name) const;
  Result<Date> DateField(const char* name) const;
  Result<std::optional<Date>> OptDate(const char* name) const;
  Result<Timestamp> Time(const char* name) const;
  // A member that must be an array / object (returned as a pointer into the document).
  Result<const rapidjson::Value*> Array(const char* name) const;
  Result<const rapidjson::Value*> OptArray(const char* name) const;  // nullptr when absent/null
  Result<const rapidjson::Value*> Object(const char* name) const;
  Result<const rapidjson::Value*> OptObject(const char* name) const;  // nullptr when absent/null
  Result<std::vector<std::string>> OptStringArray(const char* name) const;  // empty when absent

  bool Has(const char* name) const;
  std::string PointerTo(const char* name) const { return pointer_ + "/" + name; }
  const std::string& pointer() const { return pointer_; }
  const rapidjson::Value& value() const { return object_; }

 private:
  const rapidjson::Value* Find(const char* name) const;  // nullptr when absent or null
  const rapidjson::Value& object_;
  std::string pointer_;
};

RuleViolation MissingField(const std::string& pointer);
RuleViolation WrongType(const std::string& pointer, const char* expected);

// Parses a complete JSON text (events read back from the store or Kafka). Refuses trailing
// garbage, invalid UTF-8 and nesting deeper than 64.
Result<rapidjson::Document> ParseJson(std::string_view text);

}  // namespace kinerja::domain::json
