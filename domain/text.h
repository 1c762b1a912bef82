// Checks on free text fields (names, notes, reasons): length in characters, no control characters.
// Input is UTF-8 already validated at the edge. Pure; thread-safe.
#pragma once

#include <string>

#include "domain/result.h"

namespace kinerja::domain {

// Counts UTF-8 code points; refuses empty-after-trim (when min_chars > 0), over-long text and
// control characters other than \n and \t. `field` names the field in the message.
Status CheckText(const std::string& field, const std::string& text, size_t min_chars,
                 size_t max_chars);

}  // namespace kinerja::domain
