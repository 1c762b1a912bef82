// Projection: a read model as a PURE fold over the event log. A projection has a stable name
// (its documents live under it), a version (bump it whenever the fold or the document shape
// changes: the projector then wipes the documents and refolds from position 1), and Apply(),
// which turns one event into document puts/deletes through a DocumentView.
//
// Rules for Apply (what makes "rebuild from 0 == live state" hold):
//   - no I/O, no clock, no randomness: time comes from event.recorded_at, ids from the event;
//   - read only through `view` (it already holds the effect of every earlier event);
//   - ignore event types it does not know (return FoldStatus::Ok());
//   - return FoldStatus::Poison(why) for an event it cannot handle (undecodable JSON, a schema
//     version it does not read). The runner then discards that event's writes for this
//     projection, records a dead letter and moves on (see projector.h). Exceptions thrown by
//     Apply are treated the same way.
// Thread-safety: Apply may be called from the projector's thread while other threads read the
// view store; a Projection object must not keep mutable state (const Apply).
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "eventstore/types.h"
#include "projections/document_view.h"

namespace kinerja::projections {

class [[nodiscard]] FoldStatus {
 public:
  static FoldStatus Ok() { return FoldStatus(); }
  static FoldStatus Poison(std::string why) { return FoldStatus(std::move(why)); }
  bool ok() const { return !poison_; }
  // REQUIRES: !ok()
  const std::string& error() const { return error_; }

 private:
  FoldStatus() = default;
  explicit FoldStatus(std::string why) : poison_(true), error_(std::move(why)) {}
  bool poison_ = false;
  std::string error_;
};

class Projection {
 public:
  virtual ~Projection() = default;
  // Stable name: 1..64 characters of [a-z0-9_-]. Documents live under it.
  virtual std::string name() const = 0;
  // Bump whenever Apply or the documents' shape changes (>= 1).
  virtual uint32_t version() const = 0;
  virtual FoldStatus Apply(const eventstore::RecordedEvent& event, DocumentView& view) const = 0;
};

// True when `name` is a valid projection name.
bool IsValidProjectionName(const std::string& name);

}  // namespace kinerja::projections
