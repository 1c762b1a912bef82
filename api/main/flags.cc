#include "api/main/flags.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

namespace kinerja::cli {

std::optional<std::string> GetEnv(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

FlagSet::FlagSet(std::string usage, std::string description)
    : usage_(std::move(usage)), description_(std::move(description)) {}

FlagSet& FlagSet::Add(FlagSpec spec) {
  specs_.push_back(std::move(spec));
  return *this;
}

const FlagSpec* FlagSet::Find(std::string_view name) const {
  for (const auto& spec : specs_) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

bool FlagSet::Parse(const std::vector<std::string>& args, std::string* error,
                    const EnvLookup& env, bool allow_positional) {
  for (const auto& spec : specs_) {
    if (spec.env.empty()) continue;
    if (auto v = env(spec.env)) {
      if (spec.boolean) {
        bool b;
        if (!ParseBool(*v, &b)) {
          *error = spec.env + " must be true or false, not \"" + *v + "\"";
          return false;
        }
        values_[spec.name] = b ? "true" : "false";
      } else {
        values_[spec.name] = *v;
      }
      sources_[spec.name] = "env";
    }
  }
  bool only_positional = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (only_positional || arg.size() < 2 || arg[0] != '-' ) {
      if (!allow_positional) {
        *error = "unexpected argument \"" + arg + "\"";
        return false;
      }
      positional_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_positional = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      help_ = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0) {
      *error = "unknown flag " + arg + " (flags are spelled --name)";
      return false;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> value;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const FlagSpec* spec = Find(name);
    if (spec == nullptr) {
      *error = "unknown flag --" + name;
      return false;
    }
    if (spec->boolean) {
      bool b = true;
      if (value && !ParseBool(*value, &b)) {
        *error = "--" + name + " must be true or false, not \"" + *value + "\"";
        return false;
      }
      values_[name] = b ? "true" : "false";
    } else {
      if (!value) {
        if (i + 1 >= args.size()) {
          *error = "--" + name + " needs a value (" + spec->value_name + ")";
          return false;
        }
        value = args[++i];
      }
      values_[name] = *value;
    }
    sources_[name] = "flag";
  }
  return true;
}

const std::string& FlagSet::Get(const std::string& name) const {
  auto it = values_.find(name);
  if (it != values_.end()) return it->second;
  const FlagSpec* spec = Find(name);
  static const std::string kEmpty;
  return spec ? spec->default_value : kEmpty;
}

bool FlagSet::IsSet(const std::string& name) const { return values_.count(name) > 0; }

std::string FlagSet::SourceOf(const std::string& name) const {
  auto it = sources_.find(name);
  return it == sources_.end() ? "default" : it->second;
}

std::string FlagSet::Help() const {
  std::ostringstream out;
  out << "Usage: " << usage_ << "\n";
  if (!description_.empty()) out << "\n" << description_ << "\n";
  out << "\nFlags:\n";
  for (const auto& spec : specs_) {
    std::string left = "  --" + spec.name;
    if (!spec.boolean) left += " " + spec.value_name;
    if (left.size() < 30) left.resize(30, ' ');
    else left += "\n" + std::string(30, ' ');
    out << left << spec.help;
    std::string notes;
    if (!spec.default_value.empty()) notes += "default " + spec.default_value;
    if (!spec.env.empty()) notes += (notes.empty() ? "" : "; ") + std::string("env ") + spec.env;
    if (!notes.empty()) out << " (" << notes << ")";
    out << "\n";
  }
  out << "  --help                      show this help\n";
  return out.str();
}

bool ParseBool(std::string_view text, bool* out) {
  if (text == "true" || text == "1" || text == "yes" || text == "on") {
    *out = true;
    return true;
  }
  if (text == "false" || text == "0" || text == "no" || text == "off") {
    *out = false;
    return true;
  }
  return false;
}

bool ParseInt64(std::string_view text, int64_t min, int64_t max, int64_t* out) {
  if (text.empty()) return false;
  int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    const int64_t d = c - '0';
    if (v > (std::numeric_limits<int64_t>::max() - d) / 10) return false;
    v = v * 10 + d;
  }
  if (v < min || v > max) return false;
  *out = v;
  return true;
}

bool ParseHostPort(std::string_view text, std::string* host, uint16_t* port) {
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view h = text.substr(0, colon);
  if (h.front() == '[') {
    if (h.size() < 3 || h.back() != ']') return false;
    h = h.substr(1, h.size() - 2);
  } else if (h.find(':') != std::string_view::npos) {
    return false;  // an IPv6 address must be bracketed
  }
  int64_t p = 0;
  if (!ParseInt64(text.substr(colon + 1), 0, 65535, &p)) return false;
  for (char c : h) {
    if (c <= ' ' || c == '/' || c == '@') return false;
  }
  *host = std::string(h);
  *port = static_cast<uint16_t>(p);
  return true;
}

bool ChooseOneOf(const FlagSet& flags, const std::vector<std::string>& names,
                 std::string* chosen, std::string* error) {
  chosen->clear();
  for (const char* source : {"flag", "env"}) {
    std::vector<std::string> given;
    for (const auto& name : names) {
      if (flags.SourceOf(name) == source && !flags.Get(name).empty()) given.push_back(name);
    }
    if (given.size() > 1) {
      *error = "give only one of --" + given[0] + " and --" + given[1];
      return false;
    }
    if (given.size() == 1) {
      *chosen = given[0];
      return true;
    }
  }
  return true;
}

bool ReadFile(const std::string& path, std::string* out, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot read " + path + ": " + std::strerror(errno);
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    *error = "cannot read " + path;
    return false;
  }
  *out = buffer.str();
  return true;
}

bool ReadSecretFile(const std::string& path, std::string* secret, std::string* error) {
  std::string text;
  if (!ReadFile(path, &text, error)) return false;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' ||
                           text.back() == '\t')) {
    text.pop_back();
  }
  if (text.empty()) {
    *error = path + " is empty";
    return false;
  }
  *secret = std::move(text);
  return true;
}

}  // namespace kinerja::cli
