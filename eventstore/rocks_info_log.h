// RocksInfoLog: the RocksDB info log ("LOG" in a database directory) written with plain write(2)
// whose errors are ignored. RocksDB's own file logger aborts the process (a debug assertion left
// on in Debian's librocksdb 7.8: WritableFileWriter "sync_without_flush_called_") on the first
// log line after a failed write, i.e. as soon as the disk is full or read-only; every kinerja
// RocksDB database uses this logger instead (DBOptions::info_log). The previous run's log is kept
// as LOG.old.
// Thread-safety: RocksDB calls it from any thread; each line is one write(2).
#pragma once

#include <rocksdb/env.h>

#include <memory>
#include <string>

namespace kinerja::eventstore {

// A logger writing to <dir>/LOG (created if possible; when it cannot be opened, lines are
// dropped). Never fails, never aborts.
std::shared_ptr<rocksdb::Logger> NewRocksInfoLog(const std::string& dir);

}  // namespace kinerja::eventstore
