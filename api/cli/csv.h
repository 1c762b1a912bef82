// RFC 4180 CSV for `kinerja import`: comma-separated, fields optionally in double quotes (a quoted
// field may hold commas, line breaks and "" for a quote), CRLF or LF line ends, an optional UTF-8
// BOM. Each row remembers the line it starts on (1-based, the header is line 1).
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kinerja::cli {

struct CsvRow {
  size_t line = 0;
  std::vector<std::string> fields;
};

// False and *error ("line N: ...") on an unterminated quote or a quote inside an unquoted field.
// Blank lines are skipped.
bool ParseCsv(std::string_view text, std::vector<CsvRow>* rows, std::string* error);

// Maps the header row's column names (trimmed, lower case) to indexes; *missing lists the
// `required` columns absent.
std::map<std::string, size_t> CsvColumns(const CsvRow& header, const std::vector<std::string>& required,
                                         std::vector<std::string>* missing);

}  // namespace kinerja::cli
