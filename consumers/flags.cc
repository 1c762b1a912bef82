#include "consumers/flags.h"

#include <algorithm>
#include <cstdlib>

namespace kinerja::consumers {

std::string Flags::Get(const std::string& name, const std::string& fallback) const {
  for (auto it = values.rbegin(); it != values.rend(); ++it) {
    if (it->first == name) return it->second;
  }
  return fallback;
}

std::vector<std::string> Flags::GetAll(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [n, v] : values) {
    if (n == name) out.push_back(v);
  }
  return out;
}

bool Flags::Has(const std::string& name) const {
  return std::any_of(values.begin(), values.end(), [&](const auto& kv) { return kv.first == name; });
}

Flags ParseFlags(int argc, char** argv, const std::vector<std::string>& booleans) {
  Flags f;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0 || arg.size() == 2) {
      f.error = "unexpected argument: " + arg;
      return f;
    }
    arg = arg.substr(2);
    const size_t eq = arg.find('=');
    if (eq != std::string::npos) {
      f.values.emplace_back(arg.substr(0, eq), arg.substr(eq + 1));
    } else if (std::find(booleans.begin(), booleans.end(), arg) != booleans.end()) {
      f.values.emplace_back(arg, "true");
    } else if (i + 1 < argc) {
      f.values.emplace_back(arg, argv[++i]);
    } else {
      f.error = "--" + arg + " needs a value";
      return f;
    }
  }
  return f;
}

bool ParsePositiveInt(const std::string& name, const std::string& text, int* out,
                      std::string* error) {
  char* end = nullptr;
  const long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || v <= 0 || v > 1000000000L) {
    *error = "--" + name + " must be a positive integer, not '" + text + "'";
    return false;
  }
  *out = static_cast<int>(v);
  return true;
}

}  // namespace kinerja::consumers
