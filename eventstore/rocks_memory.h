// What one RocksDB instance holds in memory, from its own properties, for the metrics and the
// month-end soak (which must tell a bounded cache filling up from a leak).
//
// block_cache: bytes in the block cache, including the memtables' reservation (our stores charge
//   their memtables to the block cache through a WriteBufferManager), so it is bounded by the
//   cache's capacity plus what is pinned.
// memtables: bytes of all memtables (active, immutable, pinned) of every column family.
// table_readers: index and filter blocks of the open SST files held outside the block cache;
//   grows with the amount of data on disk, not with the request rate.
#pragma once

#include <cstdint>

namespace rocksdb {
class DB;
}

namespace kinerja::eventstore {

struct RocksMemory {
  uint64_t block_cache = 0;
  uint64_t memtables = 0;
  uint64_t table_readers = 0;
};

// Reads the properties; a property RocksDB cannot answer counts as 0. `db` may be null.
RocksMemory ReadRocksMemory(rocksdb::DB* db);

}  // namespace kinerja::eventstore
