// The refusals a codec gives for event types it does not know, or versions newer than it reads.
#pragma once

#include <string>
#include <string_view>

#include "domain/result.h"

namespace kinerja::domain::json {

inline RuleViolation UnknownEventType(std::string_view type) {
  return Violation(ViolationKind::kInvalid, "event.unknown_type",
                   "Jenis event tidak dikenal: '" + std::string(type) + "'",
                   "Unknown event type: '" + std::string(type) + "'");
}

inline RuleViolation UnsupportedEventVersion(std::string_view type, int version) {
  return Violation(ViolationKind::kInvalid, "event.unsupported_version",
                   "Versi skema event " + std::string(type) + " v" + std::to_string(version) +
                       " tidak didukung",
                   "Event " + std::string(type) + " schema version " + std::to_string(version) +
                       " is not supported");
}

}  // namespace kinerja::domain::json
