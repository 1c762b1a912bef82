// DocumentView: what a projection's fold sees and writes. Keys are relative to the projection
// (the store prefixes them with the projection's name); values are bytes (usually JSON text).
// Reads see the writes made earlier in the same pending batch, including earlier events of the
// same batch. Two implementations: the view store's pending batch (view_store.h) and
// MemoryDocuments (memory_documents.h) for unit tests of folds.
// Thread-safety: a DocumentView is used by one thread at a time (the fold that received it).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace kinerja::projections {

struct Document {
  std::string key;
  std::string value;
  bool operator==(const Document& o) const { return key == o.key && value == o.value; }
  bool operator!=(const Document& o) const { return !(*this == o); }
};

class DocumentView {
 public:
  virtual ~DocumentView() = default;

  // The document under `key`, or nullopt when there is none. A storage read error also yields
  // nullopt; the runner notices it (it never reaches the fold's caller as data) and retries the
  // whole batch, so a fold may treat nullopt as "absent".
  virtual std::optional<std::string> Get(std::string_view key) = 0;
  virtual void Put(std::string_view key, std::string_view value) = 0;
  virtual void Delete(std::string_view key) = 0;
  // Calls visit(key, value) for every document whose key starts with `prefix`, in key order,
  // until visit returns false. Do not write from inside visit.
  virtual void Scan(std::string_view prefix,
                    const std::function<bool(std::string_view key, std::string_view value)>&
                        visit) = 0;
};

}  // namespace kinerja::projections
