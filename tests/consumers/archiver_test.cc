// kinerja-archiver against the mock cluster: the archive is exactly the log (each position once,
// chain verified, day files by recordedAt), a crash and restart lose and duplicate nothing, and a
// tampered message or a missing position raises the alert.
#include <gtest/gtest.h>

#include <filesystem>

#include "consumers/archive_files.h"
#include "consumers/archiver.h"
#include "consumers/file_util.h"
#include "eventstore/hash_chain.h"
#include "eventstore/kafka_event_codec.h"
#include "tests/consumers/consumer_test_util.h"

namespace kinerja::consumers {
namespace {

using namespace testing;  // NOLINT

// A log of `pegawai` registrations and SKP approvals (two events each).
void Fill(Log& log, int first, int count) {
  for (int i = first; i < first + count; ++i) {
    char seq[4];
    std::snprintf(seq, sizeof(seq), "%03d", i + 1);
    const std::string nip = std::string("198501012010011") + seq;
    log.Register(nip, "disdik", "2026-01-01");
    log.Approve(nip, 2026);
  }
}

ArchiverOptions Options(const std::string& bootstrap, const std::string& dir) {
  ArchiverOptions o;
  o.brokers = bootstrap;
  o.group_id = "archiver";
  o.topic = kTopic;
  o.archive_dir = dir + "/archive";
  o.status_interval_ms = 100;
  o.session_timeout_ms = 6000;
  return o;
}

std::unique_ptr<Archiver> StartArchiver(const ArchiverOptions& o) {
  auto a = Archiver::Start(o);
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  return a.ok() ? std::move(a.value()) : nullptr;
}

// Every line of every day file, in file order, checked against the store: position p is line p,
// its bytes are the relay's value of event p, its file is its recordedAt day, and the chain
// verifies from genesis.
void ExpectArchiveIsTheLog(const std::string& archive_dir, eventstore::EventStore& store) {
  auto events = store.ReadAll({});
  ASSERT_TRUE(events.ok());
  ArchiveFiles files(archive_dir);
  std::vector<std::string> lines;
  for (const std::string& path : files.DayFiles()) {
    auto text = ReadFileToString(path);
    ASSERT_TRUE(text.ok());
    size_t start = 0;
    while (start < text.value().size()) {
      const size_t end = text.value().find('\n', start);
      ASSERT_NE(end, std::string::npos);
      lines.push_back(text.value().substr(start, end - start));
      auto e = eventstore::DecodeKafkaValue(lines.back());
      ASSERT_TRUE(e.ok());
      EXPECT_EQ(std::filesystem::path(path).filename().string(), ArchiveFiles::DayFileName(e.value()));
      start = end + 1;
    }
  }
  ASSERT_EQ(lines.size(), events.value().size());
  std::string prev = eventstore::GenesisHashHex();
  for (size_t i = 0; i < lines.size(); ++i) {
    const eventstore::RecordedEvent& want = events.value()[i];
    EXPECT_EQ(lines[i], eventstore::EncodeKafkaValue(want)) << "line " << i + 1;
    auto got = eventstore::DecodeKafkaValue(lines[i]);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got.value().position, i + 1);
    EXPECT_EQ(got.value().prev_hash, prev);
    std::string prev_raw;
    ASSERT_TRUE(eventstore::FromHex(prev, &prev_raw));
    EXPECT_EQ(eventstore::ToHex(eventstore::ComputeHashRaw(prev_raw, got.value())),
              got.value().hash);
    prev = got.value().hash;
  }
}

TEST(ArchiverTest, ArchivesExactlyTheLogAcrossACrashAndRestart) {
  Log log;
  Kafka kafka;
  ASSERT_NO_FATAL_FAILURE(kafka.Start(&log.store()));
  TempDir dir;
  Fill(log, 0, 20);  // 40 events, one hour apart from 08:00: they span two days.
  const uint64_t n1 = log.head();
  kafka.WaitRelayed(n1);
  const ArchiverOptions o = Options(kafka.cluster->bootstrap(), dir.path());

  auto first = StartArchiver(o);
  ASSERT_NE(first, nullptr);
  ASSERT_TRUE(WaitFor([&] { return first->metrics().last_position == n1; }));
  first->AbandonForTesting();  // A crash after the archive was written.

  Fill(log, 20, 15);
  const uint64_t n = log.head();
  kafka.WaitRelayed(n);
  auto second = StartArchiver(o);
  ASSERT_NE(second, nullptr);
  ASSERT_TRUE(WaitFor([&] { return second->metrics().last_position == n; }))
      << "archived through " << second->metrics().last_position << " of " << n;
  ASSERT_TRUE(second->Stop().ok());
  const ArchiverMetrics m = second->metrics();
  EXPECT_EQ(m.alerts, 0u) << m.last_alert;
  EXPECT_EQ(m.last_hash, log.store().GetHead().value().hash);

  ASSERT_NO_FATAL_FAILURE(ExpectArchiveIsTheLog(o.archive_dir, log.store()));
  EXPECT_GE(ArchiveFiles(o.archive_dir).DayFiles().size(), 2u);
  auto status = ReadFileToString(o.archive_dir + "/status.json");
  ASSERT_TRUE(status.ok());
  EXPECT_NE(status.value().find("\"ok\":true"), std::string::npos) << status.value();
  EXPECT_NE(status.value().find("\"lastPosition\":" + std::to_string(n)), std::string::npos);

  // A third start finds nothing new and archives nothing twice.
  auto third = StartArchiver(o);
  ASSERT_NE(third, nullptr);
  EXPECT_EQ(third->metrics().last_position, n);
  Fill(log, 35, 1);
  kafka.WaitRelayed(n + 2);
  ASSERT_TRUE(WaitFor([&] { return third->metrics().last_position == n + 2; }));
  ASSERT_TRUE(third->Stop().ok());
  EXPECT_EQ(third->metrics().archived, 2u);
  ASSERT_NO_FATAL_FAILURE(ExpectArchiveIsTheLog(o.archive_dir, log.store()));
}

TEST(ArchiverTest, ATamperedMessageIsRejectedAndAlertedAndTheGenuineOneArchived) {
  Log log;
  Kafka kafka;
  ASSERT_NO_FATAL_FAILURE(kafka.Start(&log.store()));
  TempDir dir;
  Fill(log, 0, 5);
  const uint64_t n = log.head();
  kafka.WaitRelayed(n);
  const ArchiverOptions o = Options(kafka.cluster->bootstrap(), dir.path());
  auto a = StartArchiver(o);
  ASSERT_NE(a, nullptr);
  ASSERT_TRUE(WaitFor([&] { return a->metrics().last_position == n; }));

  // Position n+1 as a forger would send it: right prevHash, altered data, stale hash.
  eventstore::RecordedEvent forged = log.store().ReadAt(n).value();
  forged.position = n + 1;
  forged.prev_hash = forged.hash;
  forged.data = "{\"nip\":\"198501012010011001\",\"year\":2027}";
  ASSERT_NO_FATAL_FAILURE(ProduceRaw(kafka.cluster->bootstrap(),
                                     {{"198501012010011001", eventstore::EncodeKafkaValue(forged)}}));
  ASSERT_TRUE(WaitFor([&] { return a->metrics().breaks == 1; }));
  EXPECT_EQ(a->metrics().last_position, n);
  EXPECT_TRUE(std::filesystem::exists(o.archive_dir + "/rejected.ndjson"));
  ASSERT_TRUE(WaitFor([&] {
    auto s = ReadFileToString(o.archive_dir + "/status.json");
    return s.ok() && s.value().find("\"breaks\":1") != std::string::npos &&
           s.value().find("\"ok\":false") != std::string::npos;
  }));

  // The genuine n+1 from the relay still fills the open position.
  Fill(log, 5, 1);
  kafka.WaitRelayed(n + 2);
  ASSERT_TRUE(WaitFor([&] { return a->metrics().last_position == n + 2; }));
  ASSERT_TRUE(a->Stop().ok());
  EXPECT_EQ(a->metrics().breaks, 1u);
  ASSERT_NO_FATAL_FAILURE(ExpectArchiveIsTheLog(o.archive_dir, log.store()));
}

TEST(ArchiverTest, AMissingPositionRaisesAGapAlertAndStopsInExitMode) {
  Log log;
  Fill(log, 0, 3);  // positions 1..6, never relayed: produced by hand without position 3.
  eventstore::MockClusterOptions mo;
  mo.topics.push_back({kTopic, kPartitions, 1});
  auto cluster = eventstore::MockCluster::Start(mo);
  ASSERT_TRUE(cluster.ok());
  std::vector<std::pair<std::string, std::string>> messages;
  for (uint64_t p = 1; p <= 6; ++p) {
    if (p == 3) continue;
    const eventstore::RecordedEvent e = log.store().ReadAt(p).value();
    auto kv = eventstore::EncodeKafkaKeyValue(e);
    messages.emplace_back(kv.key, kv.value);
  }
  ASSERT_NO_FATAL_FAILURE(ProduceRaw(cluster.value()->bootstrap(), messages));

  TempDir dir;
  ArchiverOptions o = Options(cluster.value()->bootstrap(), dir.path());
  // Long enough for every partition's first fetch: under ASan on a busy machine positions 1..2
  // (another partition) once arrived more than 500 ms after 4..6, and the alert named 1..3.
  o.gap_timeout_ms = 5000;
  o.exit_on_alert = true;
  auto a = StartArchiver(o);
  ASSERT_NE(a, nullptr);
  ASSERT_TRUE(WaitFor([&] { return a->finished(); })) << "no alert stopped the archiver";
  ASSERT_TRUE(a->Stop().ok());
  const ArchiverMetrics m = a->metrics();
  EXPECT_EQ(m.gaps, 1u);
  EXPECT_EQ(m.breaks, 0u);
  EXPECT_EQ(m.last_position, 2u);
  EXPECT_NE(m.last_alert.find("positions 3..3"), std::string::npos) << m.last_alert;
  auto status = ReadFileToString(o.archive_dir + "/status.json");
  ASSERT_TRUE(status.ok());
  EXPECT_NE(status.value().find("\"gaps\":1"), std::string::npos) << status.value();
}

TEST(ArchiveFilesTest, ATornLastLineIsCutOffOnOpen) {
  Log log;
  Fill(log, 0, 2);
  TempDir dir;
  const std::string archive = dir.path() + "/archive";
  ArchiveFiles files(archive);
  ASSERT_TRUE(files.Open().ok());
  EXPECT_EQ(files.last_position(), 0u);
  auto events = log.store().ReadAll({});
  std::vector<std::pair<eventstore::RecordedEvent, std::string>> run;
  for (const auto& e : events.value()) run.emplace_back(e, eventstore::EncodeKafkaValue(e));
  ASSERT_TRUE(files.Append(run).ok());
  const std::string day = archive + "/" + ArchiveFiles::DayFileName(events.value().back());
  ASSERT_TRUE(AppendFileDurable(day, "{\"position\":5,\"str").ok());
  ArchiveFiles reopened(archive);
  ASSERT_TRUE(reopened.Open().ok());
  EXPECT_EQ(reopened.last_position(), 4u);
  EXPECT_EQ(reopened.last_hash(), events.value().back().hash);
  auto text = ReadFileToString(day);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text.value().back(), '\n');
}

}  // namespace
}  // namespace kinerja::consumers
