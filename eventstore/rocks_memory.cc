#include "eventstore/rocks_memory.h"

#include <rocksdb/db.h>

namespace kinerja::eventstore {

RocksMemory ReadRocksMemory(rocksdb::DB* db) {
  RocksMemory m;
  if (db == nullptr) return m;
  uint64_t v = 0;
  // One block cache is shared by every column family of a store: read it once, not aggregated.
  if (db->GetIntProperty(rocksdb::DB::Properties::kBlockCacheUsage, &v)) m.block_cache = v;
  if (db->GetAggregatedIntProperty(rocksdb::DB::Properties::kCurSizeAllMemTables, &v)) {
    m.memtables = v;
  }
  if (db->GetAggregatedIntProperty(rocksdb::DB::Properties::kEstimateTableReadersMem, &v)) {
    m.table_readers = v;
  }
  return m;
}

}  // namespace kinerja::eventstore
