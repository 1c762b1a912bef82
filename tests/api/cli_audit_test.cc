// `kinerja export | verify | state | rebuild | backup | restore` through the real binary on a data
// directory filled by `kinerja import` and given a signing key and a published checkpoint the way
// kinerjad makes them (eventstore::MerkleIndex + CheckpointPublisher). Tampering rewrites an event
// straight in RocksDB (eventstore/rocks_layout.h).
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include "eventstore/checkpoint_signer.h"
#include "eventstore/merkle_checkpoints.h"
#include "eventstore/merkle_index.h"
#include "eventstore/record_codec.h"
#include "eventstore/rocks_event_store.h"
#include "eventstore/rocks_layout.h"
#include "tests/api/cli_test_support.h"

namespace kinerja::testing {
namespace {

class CliAudit : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = dir_.path() + "/data";
    org_ = GenerateOrg(60, 2);
    WriteAll(dir_.path() + "/units.csv", org_.units_csv);
    WriteAll(dir_.path() + "/pegawai.csv", org_.pegawai_csv);
    Ran imported = Kinerja({"import", "--data-dir", data_, "--units", dir_.path() + "/units.csv",
                            "--pegawai", dir_.path() + "/pegawai.csv", "--sync=false"});
    ASSERT_EQ(imported.exit_code, 0) << imported.all();
    // What kinerjad does at start and while running: key, Merkle index, a published checkpoint.
    eventstore::RocksOptions options;
    options.path = data_ + "/events";
    options.create_if_missing = false;
    auto store = eventstore::RocksEventStore::Open(options);
    ASSERT_TRUE(store.ok());
    head_ = store.value()->head_position();
    ASSERT_EQ(head_, 7u + 60u);
    auto index = eventstore::MerkleIndex::Open(store.value().get(), {data_ + "/merkle"});
    ASSERT_TRUE(index.ok());
    ASSERT_TRUE(index.value()->CatchUp().ok());
    auto signer = eventstore::CheckpointSigner::LoadOrCreate(data_ + "/audit", "kinerja/pontianak");
    ASSERT_TRUE(signer.ok());
    eventstore::CheckpointPublisherOptions publisher_options;
    publisher_options.path = data_ + "/audit/checkpoint.note";
    auto publisher = eventstore::CheckpointPublisher::Open(index.value().get(),
                                                           signer.value().get(), publisher_options);
    ASSERT_TRUE(publisher.ok());
    ASSERT_TRUE(publisher.value()->PublishNow().ok());
    public_key_ = dir_.path() + "/public.pem";
    WriteAll(public_key_, signer.value()->public_key_pem());
  }

  // Rewrites the data of the event at `position` keeping its stored hash.
  void Tamper(uint64_t position) {
    eventstore::RocksOptions options;
    options.path = data_ + "/events";
    options.create_if_missing = false;
    auto store = eventstore::RocksEventStore::Open(options);
    ASSERT_TRUE(store.ok());
    rocksdb::DB* db = store.value()->raw_db();
    std::string value;
    ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), eventstore::layout::EventKey(position), &value).ok());
    eventstore::RecordedEvent e;
    ASSERT_TRUE(eventstore::DecodeRecord(value, &e));
    const size_t at = e.data.find("Pengelola");
    ASSERT_NE(at, std::string::npos) << e.data;
    e.data.replace(at, 9, "Direktur!");
    std::string rewritten;
    eventstore::EncodeRecord(e, &rewritten);
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), eventstore::layout::EventKey(position), rewritten).ok());
  }

  std::string Export(const std::string& name, std::vector<std::string> extra = {}) {
    const std::string out = dir_.path() + "/" + name;
    std::vector<std::string> args = {"export", "--data-dir", data_, "--out", out};
    args.insert(args.end(), extra.begin(), extra.end());
    Ran ran = Kinerja(args);
    EXPECT_EQ(ran.exit_code, 0) << ran.all();
    return out;
  }

  Ran VerifyExport(const std::string& file) {
    return Kinerja({"verify", "--export", file, "--public-key", public_key_});
  }

  TempDir dir_;
  std::string data_;
  std::string public_key_;
  GeneratedOrg org_;
  uint64_t head_ = 0;
};

TEST_F(CliAudit, ExportThenVerifyOk) {
  Ran dir_ok = Kinerja({"verify", "--data-dir", data_});
  EXPECT_EQ(dir_ok.exit_code, 0) << dir_ok.all();
  EXPECT_NE(dir_ok.out.find("ok: hash chain of 67 events"), std::string::npos) << dir_ok.out;
  EXPECT_NE(dir_ok.out.find("Merkle root of the first 67 events matches"), std::string::npos);

  const std::string file = Export("all.ndjson");
  const std::string text = ReadAll(file);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1 + 67 + 1);
  EXPECT_EQ(text.rfind("{\"format\":\"kinerja-export/1\",\"from\":1,\"to\":67,", 0), 0u) << text;
  EXPECT_NE(text.find("\"prevHash\":\"0000000000000000"), std::string::npos);
  EXPECT_NE(text.find("\"checkpoint\":{\"origin\":\"kinerja/pontianak\",\"treeSize\":67"),
            std::string::npos);
  Ran ok = VerifyExport(file);
  EXPECT_EQ(ok.exit_code, 0) << ok.all();
  EXPECT_NE(ok.out.find("ok: hash chain of 67 events (positions 1..67)"), std::string::npos);
  EXPECT_NE(ok.out.find("export checkpoint: Merkle root of the first 67 events matches"),
            std::string::npos)
      << ok.out;
  // The published checkpoint saved separately, as --checkpoint.
  EXPECT_EQ(Kinerja({"verify", "--export", file, "--public-key", public_key_, "--checkpoint",
                     data_ + "/audit/checkpoint.note"})
                .exit_code,
            0);
  // A different key: the signature does not verify.
  TempDir other;
  auto signer = eventstore::CheckpointSigner::LoadOrCreate(other.path() + "/k", "kinerja/pontianak");
  ASSERT_TRUE(signer.ok());
  WriteAll(other.path() + "/other.pem", signer.value()->public_key_pem());
  Ran wrong_key = Kinerja({"verify", "--export", file, "--public-key", other.path() + "/other.pem"});
  EXPECT_EQ(wrong_key.exit_code, 1);
  EXPECT_NE(wrong_key.out.find("signature does not verify"), std::string::npos) << wrong_key.out;

  // A range export: chain from its first prevHash, signature checked.
  const std::string range = Export("range.ndjson", {"--from", "10", "--to", "20"});
  Ran range_ok = VerifyExport(range);
  EXPECT_EQ(range_ok.exit_code, 0) << range_ok.all();
  EXPECT_NE(range_ok.out.find("ok: hash chain of 11 events (positions 10..20)"), std::string::npos);
  // Usage errors.
  EXPECT_EQ(Kinerja({"verify"}).exit_code, 2);
  EXPECT_EQ(Kinerja({"verify", "--data-dir", data_, "--export", file}).exit_code, 2);
  EXPECT_EQ(Kinerja({"export", "--data-dir", data_, "--from", "0"}).exit_code, 2);
  EXPECT_EQ(Kinerja({"export", "--data-dir", data_, "--to", "999"}).exit_code, 1);
  EXPECT_EQ(Kinerja({"export", "--data-dir", dir_.path() + "/nothing"}).exit_code, 1);
}

TEST_F(CliAudit, TamperedEventIsNamedByVerifyOfTheDirectoryAndOfALaterExport) {
  const std::string before = Export("before.ndjson");
  const uint64_t victim = 30;  // a staff registration ("Pengelola Data")
  Tamper(victim);
  Ran dir_bad = Kinerja({"verify", "--data-dir", data_});
  EXPECT_EQ(dir_bad.exit_code, 1) << dir_bad.all();
  EXPECT_NE(dir_bad.out.find("FAILED: position 30: hash mismatch"), std::string::npos)
      << dir_bad.out;
  // Taken before the tampering: still verifies. Taken after: names the event.
  EXPECT_EQ(VerifyExport(before).exit_code, 0);
  const std::string after = Export("after.ndjson");
  Ran export_bad = VerifyExport(after);
  EXPECT_EQ(export_bad.exit_code, 1) << export_bad.all();
  EXPECT_NE(export_bad.out.find("FAILED: position 30 (line 31): hash mismatch"), std::string::npos)
      << export_bad.out;
  // Hand-editing an export's event (without touching the store) is caught the same way.
  std::string text = ReadAll(before);
  const size_t line = text.find("{\"position\":30,");
  const size_t at = text.find("Pengelola", line);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 9, "Pengelolx");
  WriteAll(dir_.path() + "/edited.ndjson", text);
  Ran edited = VerifyExport(dir_.path() + "/edited.ndjson");
  EXPECT_EQ(edited.exit_code, 1);
  EXPECT_NE(edited.out.find("FAILED: position 30 (line 31): hash mismatch"), std::string::npos) << edited.out;
}

TEST_F(CliAudit, TruncatedExportsAreReportedAsTruncated) {
  const std::string file = Export("all.ndjson");
  const std::string text = ReadAll(file);
  std::vector<size_t> line_ends;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_ends.push_back(i);
  }
  // Whole lines dropped from the tail (trailer included).
  WriteAll(dir_.path() + "/tail.ndjson", text.substr(0, line_ends[60] + 1));
  Ran tail = VerifyExport(dir_.path() + "/tail.ndjson");
  EXPECT_EQ(tail.exit_code, 1);
  EXPECT_NE(tail.out.find("truncated: no trailer line; the export stops after position 60"),
            std::string::npos)
      << tail.out;
  // Cut in the middle of a line.
  WriteAll(dir_.path() + "/cut.ndjson", text.substr(0, line_ends[40] + 50));
  Ran cut = VerifyExport(dir_.path() + "/cut.ndjson");
  EXPECT_EQ(cut.exit_code, 1);
  EXPECT_NE(cut.out.find("truncated: line 42 is cut"), std::string::npos) << cut.out;
  // Tail events removed but the trailer kept.
  WriteAll(dir_.path() + "/gap.ndjson",
           text.substr(0, line_ends[62] + 1) + text.substr(line_ends[67] + 1));
  Ran gap = VerifyExport(dir_.path() + "/gap.ndjson");
  EXPECT_EQ(gap.exit_code, 1);
  EXPECT_NE(gap.out.find("truncated or altered"), std::string::npos) << gap.out;
  // An event removed from the middle: a position gap.
  WriteAll(dir_.path() + "/hole.ndjson",
           text.substr(0, line_ends[20] + 1) + text.substr(line_ends[21] + 1));
  Ran hole = VerifyExport(dir_.path() + "/hole.ndjson");
  EXPECT_EQ(hole.exit_code, 1);
  EXPECT_NE(hole.out.find("position gap: expected position 21, found 22"), std::string::npos)
      << hole.out;
}

TEST_F(CliAudit, StateAsOfPositionsAndTimesAtTheEdges) {
  // The last staff row's pegawai: find its registration position and time in an export.
  const std::string file = Export("all.ndjson");
  const std::string text = ReadAll(file);
  const std::string nip = org_.nips[30];
  const size_t at = text.find("\"stream\":\"pegawai-" + nip + "\"");
  ASSERT_NE(at, std::string::npos);
  const size_t line_start = text.rfind('\n', at) + 1;
  const uint64_t position = std::stoull(text.substr(line_start + 12));
  const size_t t = text.find("\"recordedAt\":\"", at) + 14;
  const std::string recorded_at = text.substr(t, 27);
  ASSERT_EQ(recorded_at.back(), 'Z') << recorded_at;
  const std::string stream = "pegawai-" + nip;
  for (const std::string& source : {std::string("--data-dir"), std::string("--export")}) {
    const std::string where = source == "--data-dir" ? data_ : file;
    auto state = [&](const std::string& as_of) {
      std::vector<std::string> args = {"state", source, where, "--stream", stream};
      if (!as_of.empty()) args.insert(args.end(), {"--as-of", as_of});
      return Kinerja(args);
    };
    Ran before = state(std::to_string(position - 1));
    EXPECT_EQ(before.exit_code, 1) << source << before.all();
    EXPECT_NE(before.err.find("had no events"), std::string::npos);
    EXPECT_EQ(state("0").exit_code, 1);
    Ran exactly = state(std::to_string(position));
    EXPECT_EQ(exactly.exit_code, 0) << source << exactly.all();
    EXPECT_NE(exactly.out.find("\"version\":1"), std::string::npos);
    EXPECT_NE(exactly.out.find("\"nip\":\"" + nip + "\""), std::string::npos) << exactly.out;
    // Exactly at the event's time: admitted; one microsecond earlier: not.
    EXPECT_EQ(state(recorded_at).exit_code, 0) << source;
    std::string earlier = recorded_at;
    // recordedAt is "YYYY-MM-DDTHH:MM:SS.ffffffZ": step back one microsecond within the fraction.
    int digit = 25;
    while (digit >= 20 && earlier[digit] == '0') earlier[digit--] = '9';
    ASSERT_GE(digit, 20) << "fraction .000000 (one in a million): rerun " << recorded_at;
    earlier[digit] -= 1;
    EXPECT_EQ(state(earlier).exit_code, 1) << source << earlier;
    Ran after = state("2099-01-01T00:00:00Z");
    EXPECT_EQ(after.exit_code, 0);
    Ran now = state("");
    EXPECT_EQ(now.exit_code, 0);
    auto timeline = [](const std::string& out) {
      const size_t from = out.find("\"state\"");
      return out.substr(from, out.find("\"derived\"") - from);
    };
    EXPECT_EQ(timeline(after.out), timeline(now.out));
    EXPECT_EQ(exactly.out.substr(exactly.out.find("\"version\"")),
              Kinerja({"state", "--data-dir", data_, "--stream", stream, "--as-of",
                       std::to_string(position)})
                  .out.substr(exactly.out.find("\"version\"")));
  }
  EXPECT_EQ(Kinerja({"state", "--data-dir", data_, "--stream", "nope-1"}).exit_code, 2);
  EXPECT_EQ(Kinerja({"state", "--data-dir", data_, "--stream", stream, "--as-of", "yesterday"})
                .exit_code,
            2);
  const std::string range = Export("range.ndjson", {"--from", "5"});
  EXPECT_EQ(Kinerja({"state", "--export", range, "--stream", stream}).exit_code, 1);
}

TEST_F(CliAudit, BackupRestoreVerifyAndRebuild) {
  const std::string backup = dir_.path() + "/backup";
  Ran backed = Kinerja({"backup", "--data-dir", data_, "--to", backup});
  ASSERT_EQ(backed.exit_code, 0) << backed.all();
  EXPECT_EQ(Kinerja({"backup", "--data-dir", data_, "--to", backup}).exit_code, 1);  // exists
  const std::string restored = dir_.path() + "/restored";
  Ran restore = Kinerja({"restore", "--from", backup, "--data-dir", restored});
  ASSERT_EQ(restore.exit_code, 0) << restore.all();
  EXPECT_NE(restore.out.find("ok: hash chain of 67 events"), std::string::npos) << restore.out;
  EXPECT_NE(restore.out.find("ok: Merkle root of the first 67 events matches"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(restored + "/views"));
  EXPECT_TRUE(std::filesystem::exists(restored + "/merkle"));
  Ran verified = Kinerja({"verify", "--data-dir", restored});
  EXPECT_EQ(verified.exit_code, 0) << verified.all();
  // The key came along (0600): an export of the restored directory verifies with the old key.
  EXPECT_EQ((std::filesystem::status(restored + "/audit/checkpoint-ed25519.pem").permissions() &
             std::filesystem::perms::group_read),
            std::filesystem::perms::none);
  const std::string file = dir_.path() + "/restored.ndjson";
  ASSERT_EQ(Kinerja({"export", "--data-dir", restored, "--out", file}).exit_code, 0);
  EXPECT_EQ(VerifyExport(file).exit_code, 0);
  // Not over a non-empty directory without --force.
  Ran refused = Kinerja({"restore", "--from", backup, "--data-dir", restored});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("--force"), std::string::npos);
  EXPECT_EQ(Kinerja({"restore", "--from", backup, "--data-dir", restored, "--force"}).exit_code, 0);
  // A tampered backup does not restore silently.
  const std::string bad_backup = dir_.path() + "/bad-backup";
  Tamper(30);
  ASSERT_EQ(Kinerja({"backup", "--data-dir", data_, "--to", bad_backup}).exit_code, 0);
  Ran bad = Kinerja({"restore", "--from", bad_backup, "--data-dir", dir_.path() + "/r2"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("does not verify at position 30"), std::string::npos) << bad.err;

  Ran rebuilt = Kinerja({"rebuild", "--data-dir", restored});
  EXPECT_EQ(rebuilt.exit_code, 0) << rebuilt.all();
  EXPECT_NE(rebuilt.err.find("read models rebuilt through position 67"), std::string::npos)
      << rebuilt.err;
  EXPECT_NE(rebuilt.err.find("rebuild read models: 67/67 events (100%)"), std::string::npos)
      << rebuilt.err;
}

TEST(CliHelp, EverySubcommandAnswersHelpAndRefusesUnknownFlags) {
  for (const char* sub : {"export", "verify", "state", "import", "rebuild", "backup", "restore"}) {
    Ran help = Kinerja({sub, "--help"});
    EXPECT_EQ(help.exit_code, 0) << sub;
    EXPECT_NE(help.out.find(std::string("kinerja ") + sub), std::string::npos) << sub;
    Ran bad = Kinerja({sub, "--no-such-flag"});
    EXPECT_EQ(bad.exit_code, 2) << sub;
    EXPECT_NE(bad.err.find("unknown flag --no-such-flag"), std::string::npos) << sub << bad.err;
  }
  Ran top = Kinerja({"--help"});
  EXPECT_EQ(top.out.find("(not yet available)"), std::string::npos) << top.out;
}

}  // namespace
}  // namespace kinerja::testing
