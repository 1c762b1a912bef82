#include "api/cli/csv.h"

#include <algorithm>
#include <cctype>

namespace kinerja::cli {

bool ParseCsv(std::string_view text, std::vector<CsvRow>* rows, std::string* error) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  size_t line = 1;
  size_t i = 0;
  while (i < text.size()) {
    CsvRow row;
    row.line = line;
    std::string field;
    bool any = false;
    while (true) {
      if (i < text.size() && text[i] == '"') {
        any = true;
        ++i;
        while (true) {
          if (i >= text.size()) {
            *error = "line " + std::to_string(row.line) + ": unterminated quoted field";
            return false;
          }
          if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (text[i] == '\n') ++line;
          field += text[i++];
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          *error = "line " + std::to_string(line) + ": text after a closing quote";
          return false;
        }
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"') {
            *error = "line " + std::to_string(line) + ": a quote inside an unquoted field";
            return false;
          }
          any = true;
          field += text[i++];
        }
      }
      row.fields.push_back(std::move(field));
      field.clear();
      if (i < text.size() && text[i] == ',') {
        any = true;
        ++i;
        continue;
      }
      break;
    }
    if (i < text.size() && text[i] == '\r') ++i;
    if (i < text.size() && text[i] == '\n') ++i;
    ++line;
    if (any) rows->push_back(std::move(row));
  }
  return true;
}

std::map<std::string, size_t> CsvColumns(const CsvRow& header,
                                         const std::vector<std::string>& required,
                                         std::vector<std::string>* missing) {
  std::map<std::string, size_t> columns;
  for (size_t i = 0; i < header.fields.size(); ++i) {
    std::string name = header.fields[i];
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    columns.emplace(name, i);
  }
  for (const auto& r : required) {
    if (!columns.count(r)) missing->push_back(r);
  }
  return columns;
}

}  // namespace kinerja::cli
