// Test helper: validates an event's JSON against domain/schemas/<type>.v<version>.json with
// RapidJSON's draft-04 validator. Returns "" when valid, else what is wrong.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include <rapidjson/document.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace kinerja::domain::testing {

inline std::string SchemaPath(const std::string& type, int version) {
  return std::string(KINERJA_SCHEMA_DIR) + "/" + type + ".v" + std::to_string(version) + ".json";
}

inline std::string ValidateAgainstSchema(const std::string& type, int version,
                                         const std::string& json) {
  std::ifstream in(SchemaPath(type, version));
  if (!in) return "no schema file " + SchemaPath(type, version);
  std::stringstream text;
  text << in.rdbuf();
  rapidjson::Document schema_doc;
  schema_doc.Parse(text.str().c_str());
  if (schema_doc.HasParseError()) return "schema file is not valid JSON: " + SchemaPath(type, version);
  rapidjson::SchemaDocument schema(schema_doc);
  rapidjson::Document doc;
  doc.Parse(json.c_str());
  if (doc.HasParseError()) return "event JSON does not parse: " + json;
  rapidjson::SchemaValidator validator(schema);
  if (doc.Accept(validator)) return "";
  rapidjson::StringBuffer where;
  validator.GetInvalidSchemaPointer().StringifyUriFragment(where);
  rapidjson::StringBuffer doc_where;
  validator.GetInvalidDocumentPointer().StringifyUriFragment(doc_where);
  return std::string("invalid at ") + doc_where.GetString() + " (schema " + where.GetString() +
         ", keyword " + validator.GetInvalidSchemaKeyword() + "): " + json;
}

}  // namespace kinerja::domain::testing
