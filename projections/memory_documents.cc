#include "projections/memory_documents.h"

#include <cassert>
#include <exception>

namespace kinerja::projections {

std::optional<std::string> MemoryDocuments::Get(std::string_view key) {
  auto it = docs_.find(key);
  if (it == docs_.end()) return std::nullopt;
  return it->second;
}

void MemoryDocuments::Remember(std::string_view key) {
  if (save_points_.empty()) return;
  journal_.push_back(Undo{std::string(key), Get(key)});
}

void MemoryDocuments::Put(std::string_view key, std::string_view value) {
  Remember(key);
  docs_.insert_or_assign(std::string(key), std::string(value));
}

void MemoryDocuments::Delete(std::string_view key) {
  Remember(key);
  auto it = docs_.find(key);
  if (it != docs_.end()) docs_.erase(it);
}

void MemoryDocuments::Scan(
    std::string_view prefix,
    const std::function<bool(std::string_view key, std::string_view value)>& visit) {
  for (auto it = docs_.lower_bound(prefix); it != docs_.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    if (!visit(it->first, it->second)) break;
  }
}

void MemoryDocuments::SetSavePoint() { save_points_.push_back(journal_.size()); }

void MemoryDocuments::RollbackToSavePoint() {
  assert(!save_points_.empty());
  size_t mark = save_points_.back();
  save_points_.pop_back();
  while (journal_.size() > mark) {
    Undo& u = journal_.back();
    if (u.before) {
      docs_.insert_or_assign(u.key, *u.before);
    } else {
      auto it = docs_.find(u.key);
      if (it != docs_.end()) docs_.erase(it);
    }
    journal_.pop_back();
  }
}

void MemoryDocuments::PopSavePoint() {
  assert(!save_points_.empty());
  save_points_.pop_back();
  if (save_points_.empty()) journal_.clear();
}

std::vector<Document> MemoryDocuments::Dump() const {
  std::vector<Document> out;
  out.reserve(docs_.size());
  for (const auto& [k, v] : docs_) out.push_back(Document{k, v});
  return out;
}

std::optional<FoldFailure> Fold(const Projection& projection,
                                const eventstore::RecordedEvent& event, MemoryDocuments* docs) {
  docs->SetSavePoint();
  std::optional<FoldFailure> failure;
  try {
    FoldStatus s = projection.Apply(event, *docs);
    if (!s.ok()) failure = FoldFailure{event.position, s.error()};
  } catch (const std::exception& e) {
    failure = FoldFailure{event.position, std::string("exception: ") + e.what()};
  } catch (...) {
    failure = FoldFailure{event.position, "exception: unknown"};
  }
  if (failure) {
    docs->RollbackToSavePoint();
  } else {
    docs->PopSavePoint();
  }
  return failure;
}

std::vector<FoldFailure> FoldAll(const Projection& projection,
                                 const std::vector<eventstore::RecordedEvent>& events,
                                 MemoryDocuments* docs) {
  std::vector<FoldFailure> failures;
  for (const auto& e : events) {
    if (auto f = Fold(projection, e, docs)) failures.push_back(std::move(*f));
  }
  return failures;
}

bool IsValidProjectionName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace kinerja::projections
