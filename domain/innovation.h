// The innovation (inovasi) aggregate: stream "innovation-<id>", one innovation of one pegawai
// (e.g. a streamlined business-licence process). Recorded by the pegawai themself, acknowledged
// once by the pegawai's current pejabat penilai. The id is chosen by the caller (a UUID).
// Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/command_context.h"
#include "domain/date.h"
#include "domain/result.h"

namespace kinerja::domain {

// Innovation ids: lowercase letters, digits and '-', 1..64 characters (a UUID fits).
Status ValidateInnovationId(const std::string& id);
std::string InnovationStream(const std::string& id);  // "innovation-<id>"

struct RecordInnovation {
  std::string id;   // chosen by the caller
  std::string nip;  // from the path; must be ctx.actor
  int year = 0;
  std::string title;
  std::string description;
};
struct AcknowledgeInnovation {};
using InnovationCommand = std::variant<RecordInnovation, AcknowledgeInnovation>;

struct InnovationRecorded {
  static constexpr const char* kType = "InnovationRecorded";
  static constexpr int kVersion = 1;
  std::string id;
  std::string nip;
  int year = 0;
  std::string title;
  std::string description;
  friend bool operator==(const InnovationRecorded& a, const InnovationRecorded& b) {
    return a.id == b.id && a.nip == b.nip && a.year == b.year && a.title == b.title &&
           a.description == b.description;
  }
};
struct InnovationAcknowledged {
  static constexpr const char* kType = "InnovationAcknowledged";
  static constexpr int kVersion = 1;
  std::string id;
  std::string nip;
  std::string acknowledged_by;  // the pejabat penilai
  Timestamp acknowledged_at;
  friend bool operator==(const InnovationAcknowledged& a, const InnovationAcknowledged& b) {
    return a.id == b.id && a.nip == b.nip && a.acknowledged_by == b.acknowledged_by &&
           a.acknowledged_at == b.acknowledged_at;
  }
};
using InnovationEvent = std::variant<InnovationRecorded, InnovationAcknowledged>;

struct InnovationState {
  bool exists = false;
  std::string id;
  std::string nip;
  int year = 0;
  std::string title;
  std::string description;
  std::optional<std::string> acknowledged_by;
  std::optional<Timestamp> acknowledged_at;
  bool acknowledged() const { return acknowledged_by.has_value(); }
};

struct InnovationFacts {
  // RecordInnovation: is RecordInnovation::nip a registered pegawai?
  bool pegawai_registered = false;
  // AcknowledgeInnovation: the pegawai's pejabat penilai in force today (empty = none).
  std::string pejabat_penilai_nip;
};

// Rules: only the pegawai records their own innovation (the same record again records nothing,
// a different one under the same id is a conflict); the year is not after the current year; only
// the pegawai's current pejabat penilai acknowledges, never the pegawai; a second
// acknowledgement records nothing.
Result<std::vector<InnovationEvent>> Decide(const InnovationState& state,
                                            const InnovationCommand& command,
                                            const InnovationFacts& facts,
                                            const CommandContext& ctx);
InnovationState Evolve(InnovationState state, const InnovationEvent& event);

}  // namespace kinerja::domain
