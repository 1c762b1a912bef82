// The archive of kinerja-archiver on disk: <dir>/<YYYY-MM-DD>.ndjson, one Kafka value (the event
// envelope JSON of eventstore/kafka_event_codec.h) per line, in position order with no gap, the
// day being the event's recordedAt date (UTC). The files are the archiver's state: the last line
// of the newest file is the last position archived and the head of the verified hash chain.
// Events that failed verification go to <dir>/rejected.ndjson (never into a day file).
// Thread-safety: none; one archiver thread owns an ArchiveFiles.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "eventstore/status.h"
#include "eventstore/types.h"

namespace kinerja::consumers {

class ArchiveFiles {
 public:
  explicit ArchiveFiles(std::string dir) : dir_(std::move(dir)) {}

  // Creates the directory, finds the newest day file and reads its last line: sets
  // last_position() and last_hash(). A torn last line (a crash in the middle of an append) is cut
  // off durably. kCorruption when the last complete line is not an event envelope.
  [[nodiscard]] eventstore::Status Open();

  // Appends verified events (value text as received, one per line) to their day files and
  // fsyncs them. REQUIRES: positions are last_position()+1, +2, ... in order.
  [[nodiscard]] eventstore::Status Append(
      const std::vector<std::pair<eventstore::RecordedEvent, std::string>>& events);
  // Appends a rejected message (with why) to rejected.ndjson.
  [[nodiscard]] eventstore::Status Reject(const std::string& value, const std::string& why);

  uint64_t last_position() const { return last_position_; }
  // Lowercase hex; 64 zeros when empty.
  const std::string& last_hash() const { return last_hash_; }
  const std::string& dir() const { return dir_; }

  // The day files in date order (full paths).
  std::vector<std::string> DayFiles() const;
  // "YYYY-MM-DD.ndjson" of an event.
  static std::string DayFileName(const eventstore::RecordedEvent& e);

 private:
  std::string dir_;
  uint64_t last_position_ = 0;
  std::string last_hash_;
};

}  // namespace kinerja::consumers
