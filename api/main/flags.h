// Command-line flags for kinerjad and the `kinerja` command line: GNU-style long options
// (--name=value, --name value; booleans also as bare --name, --name=true|false), each optionally
// backed by an environment variable (e.g. KINERJA_DATA_DIR) that the command line overrides.
// Unknown flags and missing values are errors (callers exit 2); --help / -h is recognised.
// Also the small value parsers the binaries share (bool, integers, host:port, secret files).
// Thread-safety: a FlagSet is used by one thread; the free functions are pure.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kinerja::cli {

struct FlagSpec {
  std::string name;            // without dashes: "data-dir"
  std::string value_name;      // for the help text: "DIR"; empty for a boolean flag
  std::string help;            // one line
  std::string default_value;   // shown in help and returned by Get() when unset; may be empty
  std::string env;             // environment variable, e.g. "KINERJA_DATA_DIR"; empty: none
  bool boolean = false;        // --name alone means true
};

// Looks up an environment variable (nullopt when unset). Default: getenv.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
std::optional<std::string> GetEnv(const std::string& name);

class FlagSet {
 public:
  // `usage` is the first help line, e.g. "kinerjad [flags]".
  explicit FlagSet(std::string usage, std::string description = "");
  FlagSet& Add(FlagSpec spec);

  // Parses `args` (without the program name). Environment first, then the command line.
  // Returns false and sets *error (one sentence) on an unknown flag, a missing value, a value
  // given to a boolean that is not true/false, or a stray positional argument when
  // `allow_positional` is false.
  bool Parse(const std::vector<std::string>& args, std::string* error,
             const EnvLookup& env = GetEnv, bool allow_positional = false);

  bool help_requested() const { return help_; }
  // The value (command line > environment > default).
  const std::string& Get(const std::string& name) const;
  // Set on the command line or in the environment.
  bool IsSet(const std::string& name) const;
  // Where the value came from: "flag", "env" or "default".
  std::string SourceOf(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }

  // The help text: usage, description, one line per flag with its env variable and default.
  std::string Help() const;

 private:
  const FlagSpec* Find(std::string_view name) const;
  std::string usage_;
  std::string description_;
  std::vector<FlagSpec> specs_;
  std::map<std::string, std::string> values_;
  std::map<std::string, std::string> sources_;
  std::vector<std::string> positional_;
  bool help_ = false;
};

// "true/false/1/0/yes/no/on/off" (case-sensitive lower case). False when none of them.
bool ParseBool(std::string_view text, bool* out);
// A decimal integer in [min, max]. False otherwise.
bool ParseInt64(std::string_view text, int64_t min, int64_t max, int64_t* out);
// "host:port" with port 0..65535; host a name, IPv4 address or "[v6]" (brackets removed).
bool ParseHostPort(std::string_view text, std::string* host, uint16_t* port);
// Of mutually exclusive flags (e.g. the key material), picks the one given: a flag on the
// command line beats any given only in the environment. *chosen is empty when none is given.
// False (and *error) when two are given at the same level.
bool ChooseOneOf(const FlagSet& flags, const std::vector<std::string>& names,
                 std::string* chosen, std::string* error);
// Reads a whole file. False (and *error set) when it cannot be read.
bool ReadFile(const std::string& path, std::string* out, std::string* error);
// A secret file: the whole file with trailing whitespace/newlines removed. False when it cannot
// be read or is empty.
bool ReadSecretFile(const std::string& path, std::string* secret, std::string* error);

}  // namespace kinerja::cli
