// kinerja-analytics against the mock cluster: figures computed by hand from a known log, a clean
// restart, and two instances of one group (one crashing mid-stream) counting every event once.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <tuple>

#include <rapidjson/document.h>

#include "consumers/analytics_consumer.h"
#include "consumers/analytics_state.h"
#include "consumers/file_util.h"
#include "tests/consumers/consumer_test_util.h"

namespace kinerja::consumers {
namespace {

using namespace testing;  // NOLINT
using d::Period;
using d::Rating;

const std::string kP1 = "198001012005011001";
const std::string kP2 = "198202022006022002";
const std::string kP3 = "198303032007031003";
const std::string kP4 = "198404042008042004";
constexpr int kFillers = 30;
std::string Filler(int i) {
  char seq[4];
  std::snprintf(seq, sizeof(seq), "%03d", i + 1);
  return std::string("198501012010011") + seq;
}

// Phase 1: units, pegawai, approved SKPs, Q1 appraisals, some trainings.
void Phase1(Log& log) {
  log.Unit("disdik", "Dinas Pendidikan");
  log.Unit("dpmptsp", "DPMPTSP");
  log.Unit("bappeda", "Bappeda");
  log.Register(kP1, "disdik", "2026-01-01");
  log.Register(kP2, "disdik", "2026-01-01");
  log.Register(kP3, "dpmptsp", "2026-01-01");
  log.Register(kP4, "disdik", "2026-01-01");
  log.Approve(kP1, 2026);
  log.Approve(kP3, 2026);
  log.Approve(kP4, 2026);
  const Period q1 = Period::Quarter(2026, 1);
  log.Appraise(kP1, q1, Rating::kDiAtas, Rating::kDiAtas);   // SANGAT_BAIK
  log.Appraise(kP2, q1, Rating::kSesuai, Rating::kSesuai);   // BAIK
  log.Appraise(kP3, q1, Rating::kDiBawah, Rating::kSesuai);  // BUTUH_PERBAIKAN
  log.Appraise(kP4, q1, Rating::kDiAtas, Rating::kSesuai);   // BAIK
  log.Training(kP1, "t-p1-a", 12, "2026-02-01");
  log.Training(kP4, "t-p4-a", 20, "2026-02-10");
  log.Training(kP2, "t-p2-a", 10, "2026-02-11", /*cancel=*/true);
  for (int i = 0; i < kFillers; ++i) {
    log.Register(Filler(i), "bappeda", "2026-01-01");
    log.Approve(Filler(i), 2026);
    log.Appraise(Filler(i), q1, Rating::kSesuai, Rating::kSesuai);  // BAIK
  }
}

// Phase 2: a mutasi, Q2 appraisals with an upheld objection, the remaining trainings.
void Phase2(Log& log) {
  const Period q2 = Period::Quarter(2026, 2);
  log.Move(kP4, "dpmptsp", "2026-04-01");
  log.Appraise(kP4, q2, Rating::kDiAtas, Rating::kDiAtas);   // SANGAT_BAIK, in dpmptsp
  log.Appraise(kP1, q2, Rating::kSesuai, Rating::kDiBawah);  // KURANG ...
  log.UpholdObjection(kP1, q2, Rating::kSesuai, Rating::kSesuai);  // ... decided: BAIK
  log.Training(kP1, "t-p1-b", 10, "2026-05-01");
  log.Training(kP3, "t-p3-a", 8, "2026-03-15");
  for (int i = 0; i < kFillers; ++i) log.Training(Filler(i), "t-f" + std::to_string(i), 5, "2026-06-01");
}

FigureRow Row(std::string unit, std::string period, std::vector<int64_t> v) {
  FigureRow r;
  r.unit_id = std::move(unit);
  r.period = std::move(period);
  int64_t* f[] = {&r.appraised, &r.sangat_baik,  &r.baik,         &r.butuh_perbaikan,
                  &r.kurang,    &r.sangat_kurang, &r.pegawai,     &r.skp_approved,
                  &r.jp_total,  &r.jp_compliant};
  for (size_t i = 0; i < v.size(); ++i) *f[i] = v[i];
  return r;
}

// Computed by hand from Phase1 + Phase2 (columns: appraised, SB, B, BP, K, SK, pegawai, skp,
// jp, jp>=20). P4's Q1 appraisal counts in disdik (its unit on 31 March), Q2 and the year in
// dpmptsp (moved from 1 April); P1's Q2 is BAIK after the upheld objection; P2's cancelled
// training earns nothing.
std::vector<FigureRow> Expected() {
  return {
      Row("bappeda", "2026", {0, 0, 0, 0, 0, 0, kFillers, kFillers, 5 * kFillers, 0}),
      Row("bappeda", "2026-Q1", {kFillers, 0, kFillers}),
      Row("disdik", "2026", {0, 0, 0, 0, 0, 0, 2, 1, 22, 1}),
      Row("disdik", "2026-Q1", {3, 1, 2}),
      Row("disdik", "2026-Q2", {1, 0, 1}),
      Row("dpmptsp", "2026", {0, 0, 0, 0, 0, 0, 2, 2, 28, 1}),
      Row("dpmptsp", "2026-Q1", {1, 0, 0, 1}),
      Row("dpmptsp", "2026-Q2", {1, 1}),
  };
}

std::vector<std::string> FilesLike(const std::string& dir, const std::string& prefix,
                                   const std::string& suffix) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      out.push_back(e.path().string());
    }
  }
  return out;
}

// What an analyst does: sum every figures-p*.csv by (unit, period).
std::vector<FigureRow> SumFigures(const std::string& dir) {
  std::map<std::pair<std::string, std::string>, FigureRow> sum;
  for (const std::string& path : FilesLike(dir, "figures-p", ".csv")) {
    auto text = ReadFileToString(path);
    EXPECT_TRUE(text.ok());
    auto rows = ParseFiguresCsv(text.value());
    EXPECT_TRUE(rows.ok()) << path << ": " << rows.status().ToString();
    if (!rows.ok()) continue;
    for (const FigureRow& r : rows.value()) {
      FigureRow& s = sum[{r.unit_id, r.period}];
      s.unit_id = r.unit_id;
      s.period = r.period;
      s.appraised += r.appraised;
      s.sangat_baik += r.sangat_baik;
      s.baik += r.baik;
      s.butuh_perbaikan += r.butuh_perbaikan;
      s.kurang += r.kurang;
      s.sangat_kurang += r.sangat_kurang;
      s.pegawai += r.pegawai;
      s.skp_approved += r.skp_approved;
      s.jp_total += r.jp_total;
      s.jp_compliant += r.jp_compliant;
    }
  }
  std::vector<FigureRow> out;
  for (auto& [k, r] : sum) out.push_back(r);
  return out;
}

struct StateTotals {
  uint64_t applied = 0;
  uint64_t duplicates = 0;
  int files = 0;
};
StateTotals SumStates(const std::string& dir) {
  StateTotals t;
  for (const std::string& path : FilesLike(dir, "state-p", ".json")) {
    auto text = ReadFileToString(path);
    if (!text.ok()) continue;
    auto s = PartitionState::Parse(text.value());
    EXPECT_TRUE(s.ok()) << path;
    if (!s.ok()) continue;
    t.applied += s.value().applied();
    t.duplicates += s.value().duplicates();
    ++t.files;
  }
  return t;
}

std::string Show(const std::vector<FigureRow>& rows) { return FiguresToCsv(rows); }

AnalyticsOptions Options(const std::string& bootstrap, const std::string& group,
                         const std::string& dir, int snapshot_ms = 200) {
  AnalyticsOptions o;
  o.brokers = bootstrap;
  o.group_id = group;
  o.topic = kTopic;
  o.state_dir = dir + "/state";
  o.output_dir = dir + "/out";
  o.snapshot_interval_ms = snapshot_ms;
  o.session_timeout_ms = 6000;
  return o;
}

std::unique_ptr<AnalyticsConsumer> StartConsumer(const AnalyticsOptions& o) {
  auto c = AnalyticsConsumer::Start(o);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? std::move(c.value()) : nullptr;
}

TEST(AnalyticsConsumerTest, FiguresAreExactAndSurviveACleanRestart) {
  Log log;
  Kafka kafka;
  ASSERT_NO_FATAL_FAILURE(kafka.Start(&log.store()));
  TempDir dir;
  Phase1(log);
  const uint64_t n1 = log.head();
  kafka.WaitRelayed(n1);

  auto first = StartConsumer(Options(kafka.cluster->bootstrap(), "analytics-a", dir.path()));
  ASSERT_NE(first, nullptr);
  ASSERT_TRUE(WaitFor([&] { return first->metrics().applied == n1; }))
      << "applied " << first->metrics().applied << " of " << n1;
  ASSERT_TRUE(first->Stop().ok());
  EXPECT_EQ(SumStates(dir.path() + "/state").applied, n1);

  Phase2(log);
  const uint64_t n = log.head();
  kafka.WaitRelayed(n);
  auto second = StartConsumer(Options(kafka.cluster->bootstrap(), "analytics-a", dir.path()));
  ASSERT_NE(second, nullptr);
  ASSERT_TRUE(WaitFor([&] { return second->metrics().applied == n - n1; }))
      << "applied " << second->metrics().applied << " of " << n - n1;
  ASSERT_TRUE(second->Stop().ok());
  // The restart resumed from the state files' offsets: nothing re-read, nothing missed.
  EXPECT_EQ(second->metrics().duplicates, 0u);
  const StateTotals totals = SumStates(dir.path() + "/state");
  EXPECT_EQ(totals.applied, n);
  EXPECT_EQ(totals.duplicates, 0u);

  const std::vector<FigureRow> got = SumFigures(dir.path() + "/out");
  EXPECT_EQ(got, Expected()) << "got:\n" << Show(got) << "want:\n" << Show(Expected());
}

TEST(AnalyticsConsumerTest, NdjsonSnapshotsCarryTheSameFigures) {
  Log log;
  Kafka kafka;
  ASSERT_NO_FATAL_FAILURE(kafka.Start(&log.store()));
  TempDir dir;
  Phase1(log);
  Phase2(log);
  const uint64_t n = log.head();
  kafka.WaitRelayed(n);
  AnalyticsOptions o = Options(kafka.cluster->bootstrap(), "analytics-ndjson", dir.path());
  o.format = FigureFormat::kNdjson;
  auto c = StartConsumer(o);
  ASSERT_NE(c, nullptr);
  ASSERT_TRUE(WaitFor([&] { return c->metrics().applied == n; }));
  ASSERT_TRUE(c->Stop().ok());

  std::map<std::pair<std::string, std::string>, std::map<std::string, int64_t>> sum;
  for (const std::string& path : FilesLike(dir.path() + "/out", "figures-p", ".ndjson")) {
    auto text = ReadFileToString(path);
    ASSERT_TRUE(text.ok());
    size_t start = 0;
    while (start < text.value().size()) {
      const size_t end = text.value().find('\n', start);
      ASSERT_NE(end, std::string::npos) << "unterminated line in " << path;
      rapidjson::Document doc;
      doc.Parse(text.value().c_str() + start, end - start);
      ASSERT_FALSE(doc.HasParseError());
      auto& s = sum[{doc["unitId"].GetString(), doc["period"].GetString()}];
      for (auto m = doc.MemberBegin(); m != doc.MemberEnd(); ++m) {
        if (m->value.IsInt64()) s[m->name.GetString()] += m->value.GetInt64();
      }
      start = end + 1;
    }
  }
  ASSERT_EQ(sum.size(), Expected().size());
  for (const FigureRow& r : Expected()) {
    const auto& s = sum[{r.unit_id, r.period}];
    EXPECT_EQ(s.at("appraised"), r.appraised) << r.unit_id << " " << r.period;
    EXPECT_EQ(s.at("sangatBaik"), r.sangat_baik) << r.unit_id << " " << r.period;
    EXPECT_EQ(s.at("baik"), r.baik) << r.unit_id << " " << r.period;
    EXPECT_EQ(s.at("butuhPerbaikan"), r.butuh_perbaikan) << r.unit_id << " " << r.period;
    EXPECT_EQ(s.at("kurang"), r.kurang) << r.unit_id << " " << r.period;
    EXPECT_EQ(s.at("pegawai"), r.pegawai) << r.unit_id << " " << r.period;
    EXPECT_EQ(s.at("skpApproved"), r.skp_approved) << r.unit_id << " " << r.period;
    EXPECT_EQ(s.at("jpTotal"), r.jp_total) << r.unit_id << " " << r.period;
    EXPECT_EQ(s.at("jpCompliant"), r.jp_compliant) << r.unit_id << " " << r.period;
  }
}

TEST(AnalyticsConsumerTest, TwoInstancesInOneGroupCountEveryEventOnceThroughACrash) {
  Log log;
  Kafka kafka;
  ASSERT_NO_FATAL_FAILURE(kafka.Start(&log.store()));
  TempDir dir;
  Phase1(log);
  const uint64_t n1 = log.head();
  kafka.WaitRelayed(n1);

  const std::string bootstrap = kafka.cluster->bootstrap();
  auto a = StartConsumer(Options(bootstrap, "analytics-shared", dir.path()));
  ASSERT_NE(a, nullptr);
  ASSERT_TRUE(WaitFor([&] { return a->metrics().applied == n1; }));
  // B never snapshots by itself: whatever it applies is lost when it crashes.
  auto b = StartConsumer(Options(bootstrap, "analytics-shared", dir.path(), 600000));
  ASSERT_NE(b, nullptr);
  ASSERT_TRUE(WaitFor([&] {
    return !b->metrics().partitions.empty() && !a->metrics().partitions.empty() &&
           a->metrics().partitions.size() + b->metrics().partitions.size() == kPartitions;
  })) << "the group did not spread the partitions over both instances";

  Phase2(log);
  const uint64_t n = log.head();
  kafka.WaitRelayed(n);
  ASSERT_TRUE(WaitFor([&] { return a->metrics().applied + b->metrics().applied >= n; }))
      << a->metrics().applied << " + " << b->metrics().applied << " of " << n;
  EXPECT_GT(b->metrics().applied, 0u);
  b->AbandonForTesting();  // A crash: B's phase-2 work was never snapshotted.

  auto b2 = StartConsumer(Options(bootstrap, "analytics-shared", dir.path()));
  ASSERT_NE(b2, nullptr);
  ASSERT_TRUE(WaitFor([&] { return SumStates(dir.path() + "/state").applied == n; },
                      std::chrono::seconds(28)))
      << "state files hold " << SumStates(dir.path() + "/state").applied << " of " << n;
  ASSERT_TRUE(a->Stop().ok());
  ASSERT_TRUE(b2->Stop().ok());

  const StateTotals totals = SumStates(dir.path() + "/state");
  EXPECT_EQ(totals.applied, n);
  const std::vector<FigureRow> got = SumFigures(dir.path() + "/out");
  EXPECT_EQ(got, Expected()) << "got:\n" << Show(got) << "want:\n" << Show(Expected());
}

TEST(AnalyticsStateTest, StateFileRoundTripsAndDropsDuplicates) {
  Log log;
  Phase1(log);
  auto events = log.store().ReadAll({});
  ASSERT_TRUE(events.ok());
  PartitionState s(kTopic, 0);
  int64_t offset = 0;
  for (const auto& e : events.value()) EXPECT_TRUE(s.Apply(e, offset++));
  EXPECT_FALSE(s.Apply(events.value()[3], offset++));  // a re-sent copy
  EXPECT_EQ(s.duplicates(), 1u);
  auto parsed = PartitionState::Parse(s.Serialize());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed.value().Serialize(), s.Serialize());
  EXPECT_EQ(parsed.value().Figures(), s.Figures());
  EXPECT_EQ(parsed.value().next_offset(), offset);
  EXPECT_FALSE(PartitionState::Parse("{\"format\":\"other\"}").ok());
}

}  // namespace
}  // namespace kinerja::consumers
