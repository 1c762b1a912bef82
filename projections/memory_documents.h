// MemoryDocuments: an in-memory DocumentView (a sorted map), so folds can be unit tested without
// RocksDB; and Fold(), which applies events to it with the projector's semantics (a poison
// event's writes are discarded). Thread-safety: none; one thread at a time.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "projections/document_view.h"
#include "projections/projection.h"

namespace kinerja::projections {

class MemoryDocuments : public DocumentView {
 public:
  std::optional<std::string> Get(std::string_view key) override;
  void Put(std::string_view key, std::string_view value) override;
  void Delete(std::string_view key) override;
  void Scan(std::string_view prefix,
            const std::function<bool(std::string_view key, std::string_view value)>& visit)
      override;

  // Undo support, as the projector's batch has: writes after SetSavePoint() can be rolled back.
  // Nested save points are allowed.
  void SetSavePoint();
  void RollbackToSavePoint();  // REQUIRES: a save point is set.
  void PopSavePoint();         // Keeps the writes. REQUIRES: a save point is set.

  // Every document in key order (same shape as ViewStore::Dump()).
  std::vector<Document> Dump() const;
  size_t size() const { return docs_.size(); }

 private:
  struct Undo {
    std::string key;
    std::optional<std::string> before;
  };
  void Remember(std::string_view key);

  std::map<std::string, std::string, std::less<>> docs_;
  std::vector<Undo> journal_;
  std::vector<size_t> save_points_;  // journal_ sizes
};

// A dead letter as the fold helpers and the projector record it.
struct FoldFailure {
  uint64_t position = 0;
  std::string error;
};

// Applies `event` to `docs` as the projector does: on poison (or an exception) the event's writes
// are rolled back and the failure is returned.
std::optional<FoldFailure> Fold(const Projection& projection,
                                const eventstore::RecordedEvent& event, MemoryDocuments* docs);
// Applies every event in order; returns the failures (empty when none).
std::vector<FoldFailure> FoldAll(const Projection& projection,
                                 const std::vector<eventstore::RecordedEvent>& events,
                                 MemoryDocuments* docs);

}  // namespace kinerja::projections
