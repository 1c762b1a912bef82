#include "api/app/aggregate_cache.h"

#include <utility>

namespace kinerja::app {

bool AggregateCache::TakeErased(const std::string& stream, std::type_index type,
                                std::shared_ptr<void>* state, Meta* meta) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(stream);
  if (it == index_.end() || it->second->type != type) {
    ++misses_;
    return false;
  }
  *state = std::move(it->second->state);
  *meta = std::move(it->second->meta);
  bytes_ -= meta->bytes;
  lru_.erase(it->second);
  index_.erase(it);
  ++hits_;
  return true;
}

void AggregateCache::PutErased(const std::string& stream, std::type_index type,
                               std::shared_ptr<void> state, Meta meta) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(stream);
  if (it != index_.end()) {
    Node& node = *it->second;
    if (node.type == type && node.meta.version > meta.version) return;  // a newer one is cached
    bytes_ -= node.meta.bytes;
    bytes_ += meta.bytes;
    node.type = type;
    node.state = std::move(state);
    node.meta = std::move(meta);
    lru_.splice(lru_.begin(), lru_, it->second);
  } else {
    bytes_ += meta.bytes;
    lru_.push_front(Node{stream, type, std::move(state), std::move(meta)});
    index_.emplace(stream, lru_.begin());
  }
  EvictLocked();
}

void AggregateCache::Erase(const std::string& stream) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(stream);
  if (it == index_.end()) return;
  bytes_ -= it->second->meta.bytes;
  lru_.erase(it->second);
  index_.erase(it);
}

void AggregateCache::EvictLocked() {
  // The most recent entry stays even when it alone is over the byte budget.
  while (lru_.size() > 1 && (bytes_ > options_.max_bytes || lru_.size() > options_.max_entries)) {
    Node& last = lru_.back();
    bytes_ -= last.meta.bytes;
    index_.erase(last.stream);
    lru_.pop_back();
    ++evictions_;
  }
}

AggregateCache::Stats AggregateCache::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return Stats{hits_, misses_, evictions_, lru_.size(), bytes_};
}

}  // namespace kinerja::app
