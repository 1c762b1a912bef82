// FaultFileSystem: a RocksDB FileSystem (public API, FileSystemWrapper) that fails writes on
// demand, for deterministic disk-full / read-only tests of every RocksDB writer in kinerja.
//   kNoSpace  - appends and syncs fail like ENOSPC does in RocksDB's Posix file system
//               (IOStatus::NoSpace, retryable): RocksDB turns it into a recoverable hard error.
//               Creating and renaming files still works, as on a full disk with free inodes.
//               (RocksDB 7.8 makes a failure to create the new WAL at a memtable switch fatal.)
//   kReadOnly - they fail like EROFS/EIO (a plain IOError): RocksDB makes it a fatal error that
//               only a reopen clears.
//   kSyncOnly - appends reach the file but sync fails with ENOSPC (as a delayed-allocation file
//               system reports a full disk): the bytes are there, the append is not acknowledged.
// Flush() is left alone: RocksDB's Posix file system writes in Append() and its Flush() does
// nothing, so a real full disk never fails there.
// Use NewEnv() as RocksOptions::env / ViewStoreOptions::env.
// Thread-safety: set_mode() and failures() may be called from any thread at any time.
#pragma once

#include <rocksdb/env.h>
#include <rocksdb/file_system.h>
#include <rocksdb/io_status.h>

#include <atomic>
#include <memory>
#include <string>

namespace kinerja::testing {

class FaultFileSystem : public rocksdb::FileSystemWrapper {
 public:
  enum class Mode { kNone, kNoSpace, kReadOnly, kSyncOnly };

  FaultFileSystem() : rocksdb::FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "KinerjaFaultFileSystem"; }

  // An Env over a new FaultFileSystem; *fs (if given) receives the file system.
  static std::shared_ptr<rocksdb::Env> NewEnv(std::shared_ptr<FaultFileSystem>* fs) {
    auto f = std::make_shared<FaultFileSystem>();
    if (fs != nullptr) *fs = f;
    return std::shared_ptr<rocksdb::Env>(rocksdb::NewCompositeEnv(f).release());
  }

  void set_mode(Mode m) { mode_.store(m); }
  Mode mode() const { return mode_.load(); }
  uint64_t failures() const { return failures_.load(); }

  // The error for a data write (append) in the current mode; OK when it should go through.
  rocksdb::IOStatus WriteFault(const char* op) {
    Mode m = mode_.load();
    if (m == Mode::kNone || m == Mode::kSyncOnly) return rocksdb::IOStatus::OK();
    return Fail(m, op);
  }
  // The error for a sync in the current mode.
  rocksdb::IOStatus SyncFault(const char* op) {
    Mode m = mode_.load();
    if (m == Mode::kNone) return rocksdb::IOStatus::OK();
    return Fail(m, op);
  }
  // The error for creating or renaming a file: only a read-only file system refuses it.
  rocksdb::IOStatus CreateFault(const char* op) {
    if (mode_.load() != Mode::kReadOnly) return rocksdb::IOStatus::OK();
    return Fail(Mode::kReadOnly, op);
  }

  rocksdb::IOStatus NewWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                                    std::unique_ptr<rocksdb::FSWritableFile>* r,
                                    rocksdb::IODebugContext* dbg) override {
    if (auto s = CreateFault("create"); !s.ok()) return s;
    std::unique_ptr<rocksdb::FSWritableFile> t;
    auto s = target()->NewWritableFile(f, o, &t, dbg);
    if (s.ok()) r->reset(new File(this, std::move(t)));
    return s;
  }
  rocksdb::IOStatus ReopenWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                                       std::unique_ptr<rocksdb::FSWritableFile>* r,
                                       rocksdb::IODebugContext* dbg) override {
    if (auto s = CreateFault("reopen"); !s.ok()) return s;
    std::unique_ptr<rocksdb::FSWritableFile> t;
    auto s = target()->ReopenWritableFile(f, o, &t, dbg);
    if (s.ok()) r->reset(new File(this, std::move(t)));
    return s;
  }
  rocksdb::IOStatus ReuseWritableFile(const std::string& f, const std::string& old,
                                      const rocksdb::FileOptions& o,
                                      std::unique_ptr<rocksdb::FSWritableFile>* r,
                                      rocksdb::IODebugContext* dbg) override {
    if (auto s = CreateFault("reuse"); !s.ok()) return s;
    std::unique_ptr<rocksdb::FSWritableFile> t;
    auto s = target()->ReuseWritableFile(f, old, o, &t, dbg);
    if (s.ok()) r->reset(new File(this, std::move(t)));
    return s;
  }
  rocksdb::IOStatus RenameFile(const std::string& src, const std::string& dst,
                               const rocksdb::IOOptions& o,
                               rocksdb::IODebugContext* dbg) override {
    if (auto s = CreateFault("rename"); !s.ok()) return s;
    return target()->RenameFile(src, dst, o, dbg);
  }

 private:
  class File : public rocksdb::FSWritableFileOwnerWrapper {
   public:
    File(FaultFileSystem* fs, std::unique_ptr<rocksdb::FSWritableFile> t)
        : rocksdb::FSWritableFileOwnerWrapper(std::move(t)), fs_(fs) {}
    rocksdb::IOStatus Append(const rocksdb::Slice& d, const rocksdb::IOOptions& o,
                             rocksdb::IODebugContext* g) override {
      if (auto s = fs_->WriteFault("append"); !s.ok()) return s;
      return FSWritableFileOwnerWrapper::Append(d, o, g);
    }
    rocksdb::IOStatus Append(const rocksdb::Slice& d, const rocksdb::IOOptions& o,
                             const rocksdb::DataVerificationInfo& v,
                             rocksdb::IODebugContext* g) override {
      if (auto s = fs_->WriteFault("append"); !s.ok()) return s;
      return FSWritableFileOwnerWrapper::Append(d, o, v, g);
    }
    rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& d, uint64_t off,
                                       const rocksdb::IOOptions& o,
                                       rocksdb::IODebugContext* g) override {
      if (auto s = fs_->WriteFault("append"); !s.ok()) return s;
      return FSWritableFileOwnerWrapper::PositionedAppend(d, off, o, g);
    }
    rocksdb::IOStatus Sync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* g) override {
      if (auto s = fs_->SyncFault("sync"); !s.ok()) return s;
      return FSWritableFileOwnerWrapper::Sync(o, g);
    }
    rocksdb::IOStatus Fsync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* g) override {
      if (auto s = fs_->SyncFault("fsync"); !s.ok()) return s;
      return FSWritableFileOwnerWrapper::Fsync(o, g);
    }
    rocksdb::IOStatus RangeSync(uint64_t off, uint64_t n, const rocksdb::IOOptions& o,
                                rocksdb::IODebugContext* g) override {
      if (auto s = fs_->SyncFault("range sync"); !s.ok()) return s;
      return FSWritableFileOwnerWrapper::RangeSync(off, n, o, g);
    }

   private:
    FaultFileSystem* fs_;
  };

  rocksdb::IOStatus Fail(Mode m, const char* op) {
    failures_.fetch_add(1);
    if (m == Mode::kNoSpace || m == Mode::kSyncOnly) {
      // What RocksDB's Posix file system returns for ENOSPC.
      rocksdb::IOStatus s = rocksdb::IOStatus::NoSpace(op, "No space left on device");
      s.SetRetryable(true);
      return s;
    }
    return rocksdb::IOStatus::IOError(op, "Read-only file system");
  }

  std::atomic<Mode> mode_{Mode::kNone};
  std::atomic<uint64_t> failures_{0};
};

}  // namespace kinerja::testing
