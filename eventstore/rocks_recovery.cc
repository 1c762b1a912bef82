#include "eventstore/rocks_recovery.h"

#include <rocksdb/db.h>
#include <rocksdb/listener.h>

namespace kinerja::eventstore {
namespace {

class ManualRecovery : public rocksdb::EventListener {
 public:
  const char* Name() const override { return "KinerjaManualRecovery"; }
  void OnErrorRecoveryBegin(rocksdb::BackgroundErrorReason /*reason*/,
                            rocksdb::Status /*bg_error*/, bool* auto_recovery) override {
    if (auto_recovery != nullptr) *auto_recovery = false;
  }
};

}  // namespace

std::shared_ptr<rocksdb::EventListener> NewManualRecoveryListener() {
  return std::make_shared<ManualRecovery>();
}

void PutResumeSentinel(rocksdb::DB* db, const std::string& key) {
  rocksdb::WriteOptions wo;
  wo.disableWAL = true;
  rocksdb::Status s = db->Put(wo, key, rocksdb::Slice());
  (void)s;  // A refused write leaves the memtable as it was; SafeResume checks it again.
}

ResumeOutcome SafeResume(rocksdb::DB* db, const std::string& sentinel_key) {
  uint64_t active = 0, immutable = 0;
  const bool known = db->GetIntProperty("rocksdb.num-entries-active-mem-table", &active) &&
                     db->GetIntProperty("rocksdb.num-immutable-mem-table", &immutable);
  if (known && active == 0 && immutable == 0) return ResumeOutcome::kUnsafe;
  if (!db->Resume().ok()) return ResumeOutcome::kFailed;
  PutResumeSentinel(db, sentinel_key);
  return ResumeOutcome::kResumed;
}

}  // namespace kinerja::eventstore
