// Parses stored read-model documents one after another into one reused memory pool. A
// rapidjson::Document of its own per document allocates a 64 KiB pool chunk even for a 1 KiB
// document, so a reader of thousands of documents held hundreds of MiB for a moment (the
// month-end soak's heap profile: 56 MB in one follow-ups read); this parser holds one document
// at a time in a 16 KiB buffer (spilling into chunks freed on the next parse).
// Thread-safety: one parser per thread (a request's reader).
#pragma once

#include <rapidjson/document.h>

#include <cstddef>
#include <optional>
#include <string_view>

namespace kinerja::app {

class PooledJsonParser {
 public:
  PooledJsonParser() : pool_(buffer_, sizeof(buffer_), kChunkBytes) {}
  PooledJsonParser(const PooledJsonParser&) = delete;
  PooledJsonParser& operator=(const PooledJsonParser&) = delete;

  // The parsed object, valid until the next Parse (or the parser's end); null when `json` is not
  // a JSON object.
  const rapidjson::Value* Parse(std::string_view json) {
    doc_.reset();
    pool_.Clear();
    doc_.emplace(&pool_, kStackBytes, &stack_allocator_);
    doc_->Parse(json.data(), json.size());
    if (doc_->HasParseError() || !doc_->IsObject()) return nullptr;
    return &*doc_;
  }

 private:
  static constexpr size_t kBufferBytes = 16 << 10;
  static constexpr size_t kChunkBytes = 16 << 10;
  static constexpr size_t kStackBytes = 1 << 10;
  alignas(16) char buffer_[kBufferBytes];
  rapidjson::CrtAllocator stack_allocator_;
  rapidjson::MemoryPoolAllocator<> pool_;
  std::optional<rapidjson::Document> doc_;
};

}  // namespace kinerja::app
