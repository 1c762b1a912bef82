// Recovering a RocksDB 7.8 database after a failed write (disk full, read-only) without tripping
// two defects of Debian's librocksdb 7.8.3 (built with assertions on):
//  - DB::Resume() flushes the memtables and only then starts a new WAL. With an empty active
//    memtable there is nothing to flush, the WAL writer that saw the error is kept, and the next
//    write aborts the process (WritableFileWriter::AssertFalseAndGetStatusForPrevError). So every
//    kinerja database keeps a sentinel key in its active memtable (written without the WAL at
//    open and after each resume), and SafeResume refuses to resume when the memtables are empty
//    anyway (a failure on the very write that switched memtables): the database then stays
//    refusing writes until kinerjad is restarted, which is safe.
//  - RocksDB's own automatic recovery resumes at moments nobody checked, so it is switched off
//    (NewManualRecoveryListener); the stores call SafeResume on their next write instead.
// Thread-safety: the functions may be called from any thread (RocksDB's DB is thread-safe).
#pragma once

#include <memory>
#include <string>

namespace rocksdb {
class DB;
class EventListener;
class Status;
}  // namespace rocksdb

namespace kinerja::eventstore {

// Add to DBOptions::listeners: turns RocksDB's automatic error recovery off.
std::shared_ptr<rocksdb::EventListener> NewManualRecoveryListener();

// Writes `key` (empty value) to the active memtable without the WAL. Ignores failures.
void PutResumeSentinel(rocksdb::DB* db, const std::string& key);

enum class ResumeOutcome {
  kResumed,  // Writes work again (or never stopped).
  kFailed,   // Resume() failed (the disk is still full, or the error is fatal): try later.
  kUnsafe,   // Resuming would keep the failed WAL (see above): a restart is needed.
};

// Resumes after a failed write if that is safe; re-arms the sentinel when resumed.
ResumeOutcome SafeResume(rocksdb::DB* db, const std::string& sentinel_key);

}  // namespace kinerja::eventstore
