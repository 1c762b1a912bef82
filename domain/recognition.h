// The recognition (penghargaan) aggregate: stream "recognition-<nip>", all recognitions of one
// pegawai. GrantRecognition is an admin command (role checked by the API); each grant gets the
// next number in the stream (1, 2, ...), which is its id (e.g. in FollowUpActedOn::reference).
// Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/command_context.h"
#include "domain/result.h"

namespace kinerja::domain {

std::string RecognitionStream(const std::string& nip);  // "recognition-<nip>"

struct GrantRecognition {
  std::string nip;  // from the path
  int year = 0;
  std::string title;
  std::string reason;
  // The follow-up it acts on: the penghargaan recommended in followup-<nip>-<year>.
  std::optional<int> follow_up_year;
};
using RecognitionCommand = std::variant<GrantRecognition>;

struct RecognitionGranted {
  static constexpr const char* kType = "RecognitionGranted";
  static constexpr int kVersion = 1;
  std::string nip;
  int number = 0;  // 1-based position of this grant among the pegawai's recognitions
  int year = 0;
  std::string title;
  std::string reason;
  std::optional<int> follow_up_year;
  friend bool operator==(const RecognitionGranted& a, const RecognitionGranted& b) {
    return a.nip == b.nip && a.number == b.number && a.year == b.year && a.title == b.title &&
           a.reason == b.reason && a.follow_up_year == b.follow_up_year;
  }
};
using RecognitionEvent = std::variant<RecognitionGranted>;

struct Recognition {
  int number = 0;
  int year = 0;
  std::string title;
  std::string reason;
  std::optional<int> follow_up_year;
};

struct RecognitionState {
  std::string nip;  // empty until the first grant
  std::vector<Recognition> recognitions;  // in grant order; recognitions[i].number == i + 1
};

struct RecognitionFacts {
  // Is GrantRecognition::nip a registered pegawai?
  bool pegawai_registered = false;
  // With follow_up_year: does followup-<nip>-<follow_up_year> hold a penghargaan recommendation?
  bool follow_up_penghargaan_recommended = false;
};

// Rules: an exact repeat (same year, title, reason and follow-up) records nothing; a follow-up
// already acted on by another recognition is a conflict; the year is 2000..2100 and not after
// the current year.
Result<std::vector<RecognitionEvent>> Decide(const RecognitionState& state,
                                             const RecognitionCommand& command,
                                             const RecognitionFacts& facts,
                                             const CommandContext& ctx);
RecognitionState Evolve(RecognitionState state, const RecognitionEvent& event);

}  // namespace kinerja::domain
