// UUID helpers for event ids. Thread-safety: callable from any thread.
#pragma once

#include <string>
#include <string_view>

namespace kinerja::eventstore {

// A random (version 4) UUID in lowercase 8-4-4-4-12 form.
std::string NewUuidV4();
// Lowercases a UUID in 8-4-4-4-12 form into *out; false when `text` is not one.
bool NormalizeUuid(std::string_view text, std::string* out);

}  // namespace kinerja::eventstore
