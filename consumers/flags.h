// Command-line parsing shared by the consumer binaries: --name=value or --name value, boolean
// --name, repeated flags kept in order. Thread-safety: plain values.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace kinerja::consumers {

struct Flags {
  std::vector<std::pair<std::string, std::string>> values;  // name (without --) -> value
  std::string error;                                        // non-empty on a parse error

  // The last value of `name`, or `fallback`.
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  std::vector<std::string> GetAll(const std::string& name) const;
  bool Has(const std::string& name) const;
};

// `booleans` are flags that take no value. Anything not starting with "--" is an error.
Flags ParseFlags(int argc, char** argv, const std::vector<std::string>& booleans);

// Parses a positive int flag; false with *error set when it is not one.
bool ParsePositiveInt(const std::string& name, const std::string& text, int* out,
                      std::string* error);

}  // namespace kinerja::consumers
