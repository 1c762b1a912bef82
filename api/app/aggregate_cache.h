// AggregateCache: folded aggregate states kept between commands, so that loading a stream for a
// command reads and decodes only the events appended since the state was cached, instead of the
// whole stream (a work plan's stream grows with every progress report). Used by
// LoadForCommand in command_service.h.
//
// An entry is (stream, version N, position and id of event N, the state folded from events
// 1..N). Why it is exact: events 1..N of a stream never change, so fold(1..N+k) ==
// Evolve(fold(1..N), N+1..N+k). A load re-reads event N and uses the entry only when that event
// is still the one cached (same position and id; otherwise the store is not the one the entry
// came from, e.g. a test reusing the cache with another store) and folds the events after it.
// Concurrent commands on one stream may each start from the same entry; the append that follows
// uses the expected version, so the loser gets 409 exactly as without the cache.
//
// Bounded: least recently used entries are dropped once the entries' cost (the bytes of event
// data folded into them, a proxy for the state's size) exceeds Options::max_bytes or their number
// exceeds Options::max_entries.
//
// Thread-safety: every method may be called from any thread (one mutex, held only for map and
// list operations, never while folding or copying a state). A state handed out by Take is owned
// by the caller until Put.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <typeindex>
#include <unordered_map>

namespace kinerja::app {

class AggregateCache {
 public:
  struct Options {
    // Most bytes of event data folded into the cached states together.
    // Default: 32 MiB.
    size_t max_bytes = size_t{32} << 20;
    // Most streams cached.
    // Default: 16384.
    size_t max_entries = 16384;
  };

  // One cached state of type State. Whoever holds `state` while state.use_count() == 1 (after
  // Take) is its only owner and may evolve it in place before putting it back.
  template <class State>
  struct Entry {
    std::shared_ptr<State> state;
    uint64_t version = 0;   // stream version N the state is folded up to (>= 1)
    uint64_t position = 0;  // global position of event N
    std::string event_id;   // id of event N
    size_t bytes = 0;       // event data bytes folded into the state
  };

  AggregateCache() : AggregateCache(Options{}) {}
  explicit AggregateCache(Options options) : options_(options) {}
  AggregateCache(const AggregateCache&) = delete;
  AggregateCache& operator=(const AggregateCache&) = delete;

  // Removes and returns the entry cached for `stream`; nullopt when none or when the cached state
  // is of another type. A concurrent Take of the same stream finds nothing until it is Put back.
  template <class State>
  std::optional<Entry<State>> Take(const std::string& stream) {
    std::shared_ptr<void> state;
    Meta meta;
    if (!TakeErased(stream, std::type_index(typeid(State)), &state, &meta)) return std::nullopt;
    return Entry<State>{std::static_pointer_cast<State>(std::move(state)), meta.version,
                        meta.position, std::move(meta.event_id), meta.bytes};
  }

  // Caches `entry` (most recently used) unless an entry of a higher version is already there (a
  // concurrent load got further). An entry of version 0 (an empty stream) is not cached. After
  // Put the state is shared: nobody may modify it any more.
  template <class State>
  void Put(const std::string& stream, Entry<State> entry) {
    if (entry.version == 0 || !entry.state) return;
    PutErased(stream, std::type_index(typeid(State)), std::move(entry.state),
              Meta{entry.version, entry.position, std::move(entry.event_id), entry.bytes});
  }

  // Drops the entry of `stream`, if any.
  void Erase(const std::string& stream);

  struct Stats {
    uint64_t hits = 0;    // Take found an entry
    uint64_t misses = 0;  // Take found none
    uint64_t evictions = 0;
    size_t entries = 0;
    size_t bytes = 0;
  };
  Stats stats() const;

 private:
  struct Meta {
    uint64_t version = 0;
    uint64_t position = 0;
    std::string event_id;
    size_t bytes = 0;
  };
  struct Node {
    std::string stream;
    std::type_index type;
    std::shared_ptr<void> state;
    Meta meta;
  };

  bool TakeErased(const std::string& stream, std::type_index type, std::shared_ptr<void>* state,
                  Meta* meta);
  void PutErased(const std::string& stream, std::type_index type, std::shared_ptr<void> state,
                 Meta meta);
  void EvictLocked();

  const Options options_;
  mutable std::mutex mu_;
  std::list<Node> lru_;  // most recently used first
  std::unordered_map<std::string, std::list<Node>::iterator> index_;
  size_t bytes_ = 0;
  uint64_t hits_ = 0, misses_ = 0, evictions_ = 0;
};

}  // namespace kinerja::app
