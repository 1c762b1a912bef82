#pragma once
// ASCII helpers for HTTP tokens (header names, media types), where case does not matter.
#include <string_view>

namespace kinerja::http {

// True when a and b are equal ignoring ASCII case.
bool IEquals(std::string_view a, std::string_view b);

}  // namespace kinerja::http
