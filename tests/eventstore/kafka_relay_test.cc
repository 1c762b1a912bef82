// The Kafka relay against librdkafka's mock cluster (real TCP on 127.0.0.1): everything reaches
// the topic once per position with the right key, headers and value, in order per key, read by a
// librdkafka consumer and by kcat; outages, restarts, crashes and fatal producer errors lose
// nothing and the checkpoint never passes an undelivered position.
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <atomic>
#include <memory>
#include <thread>

#include "eventstore/kafka_mock_cluster.h"
#include "eventstore/kafka_relay.h"
#include "eventstore/memory_event_store.h"
#include "eventstore/rocks_event_store.h"
#include "tests/eventstore/kafka_test_util.h"
#include "tests/eventstore/test_util.h"

namespace kinerja::eventstore {
namespace {

using namespace std::chrono_literals;
using testing::AppendKeyed;
using testing::CheckTopicAgainstLog;
using testing::KafkaMessage;
using testing::ReadTopic;
using testing::TempDir;
using testing::TestRelayOptions;
using testing::WaitUntil;

constexpr char kTopic[] = "kinerja.events";
constexpr char kSource[] = "kinerja/test";
constexpr int kPartitions = 4;

std::unique_ptr<MockCluster> StartCluster(int brokers, int replication = 1) {
  MockClusterOptions o;
  o.brokers = brokers;
  o.topics.push_back({kTopic, kPartitions, replication});
  auto c = MockCluster::Start(o);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? std::move(c).value() : nullptr;
}

std::unique_ptr<EventStore> OpenStore(bool rocks, const TempDir& dir) {
  if (!rocks) return std::make_unique<MemoryEventStore>();
  RocksOptions o;
  o.path = dir.Sub("db");
  o.sync = false;  // Durability of the log is not what these tests are about.
  auto s = RocksEventStore::Open(o);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? std::unique_ptr<EventStore>(std::move(s).value()) : nullptr;
}

std::unique_ptr<KafkaRelay> StartRelay(EventStore* store, const KafkaRelayOptions& o) {
  auto r = KafkaRelay::Start(store, o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : nullptr;
}

class KafkaRelayTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    cluster_ = StartCluster(1);
    ASSERT_NE(cluster_, nullptr);
    store_ = OpenStore(GetParam(), dir_);
    ASSERT_NE(store_, nullptr);
  }
  TempDir dir_;
  std::unique_ptr<MockCluster> cluster_;
  std::unique_ptr<EventStore> store_;
};

// Appends before and while the relay runs; every position arrives exactly once.
TEST_P(KafkaRelayTest, DeliversEveryEventOnceWithKeyHeadersAndOrderPerKey) {
  ASSERT_TRUE(AppendKeyed(store_.get(), 120, 6));
  auto relay = StartRelay(store_.get(), TestRelayOptions(cluster_->bootstrap()));
  ASSERT_NE(relay, nullptr);
  std::thread a([&] { AppendKeyed(store_.get(), 150, 6, 1); });
  std::thread b([&] { AppendKeyed(store_.get(), 150, 5, 2); });
  a.join();
  b.join();
  const uint64_t head = store_->head_position();
  ASSERT_EQ(head, 420u);
  ASSERT_TRUE(relay->WaitForRelayed(head, 20s)) << relay->metrics().last_error;
  ASSERT_TRUE(relay->Stop().ok());
  const KafkaRelayMetrics m = relay->metrics();
  EXPECT_EQ(m.relayed_position, head);
  EXPECT_EQ(m.checkpoint_position, head);
  EXPECT_EQ(m.lag_events, 0u);
  EXPECT_EQ(m.in_flight, 0u);
  EXPECT_EQ(m.delivered_total, head);
  EXPECT_EQ(m.delivery_errors_total, 0u);
  auto checkpoint = store_->LoadCheckpoint("relay/kinerja.events");
  ASSERT_TRUE(checkpoint.ok());
  EXPECT_EQ(*checkpoint, head);

  const auto messages = ReadTopic(cluster_->bootstrap(), kTopic, kPartitions);
  EXPECT_EQ(messages.size(), head);
  EXPECT_EQ(CheckTopicAgainstLog(messages, store_.get(), kSource), 0u);
  // Several partitions are really used (the keys spread).
  std::set<int32_t> used;
  for (const KafkaMessage& msg : messages) used.insert(msg.partition);
  EXPECT_GE(used.size(), 2u);
}

// kcat, a separate Kafka client, reads the same messages.
TEST_P(KafkaRelayTest, KcatReadsTheSameMessages) {
  if (!testing::KcatAvailable()) {
    GTEST_SKIP() << "kcat is not installed (Debian package kcat; ops/lib.sh installs it)";
  }
  ASSERT_TRUE(AppendKeyed(store_.get(), 200, 7));
  auto relay = StartRelay(store_.get(), TestRelayOptions(cluster_->bootstrap()));
  ASSERT_NE(relay, nullptr);
  ASSERT_TRUE(relay->WaitForRelayed(200, 20s)) << relay->metrics().last_error;
  ASSERT_TRUE(relay->Stop().ok());
  const auto by_kcat = testing::ReadTopicWithKcat(cluster_->bootstrap(), kTopic);
  EXPECT_EQ(by_kcat.size(), 200u);
  EXPECT_EQ(CheckTopicAgainstLog(by_kcat, store_.get(), kSource), 0u);
  const auto by_consumer = ReadTopic(cluster_->bootstrap(), kTopic, kPartitions);
  ASSERT_EQ(by_consumer.size(), by_kcat.size());
  std::map<std::pair<int32_t, int64_t>, const KafkaMessage*> index;
  for (const KafkaMessage& m : by_consumer) index[{m.partition, m.offset}] = &m;
  for (const KafkaMessage& m : by_kcat) {
    auto it = index.find({m.partition, m.offset});
    ASSERT_NE(it, index.end());
    EXPECT_EQ(m.key, it->second->key);
    EXPECT_EQ(m.value, it->second->value);
    EXPECT_EQ(m.headers, it->second->headers);
  }
}

// Every broker down for a few seconds while appends continue: appends all succeed, the
// checkpoint stays put, and after the outage everything arrives, in order per key.
TEST_P(KafkaRelayTest, BrokerOutageLosesNothingAndNeverBlocksAppends) {
  auto relay = StartRelay(store_.get(), TestRelayOptions(cluster_->bootstrap()));
  ASSERT_NE(relay, nullptr);
  ASSERT_TRUE(AppendKeyed(store_.get(), 60, 6));
  ASSERT_TRUE(relay->WaitForRelayed(60, 20s)) << relay->metrics().last_error;

  ASSERT_TRUE(cluster_->SetAllBrokersDown().ok());
  std::atomic<int> ok_appends{0};
  auto appender = [&](int salt) {
    for (int round = 0; round < 30; ++round) {  // ~3 s of appends
      if (AppendKeyed(store_.get(), 5, 6, salt + round)) ok_appends += 5;
      std::this_thread::sleep_for(100ms);
    }
  };
  std::thread a(appender, 1), b(appender, 7);
  a.join();
  b.join();
  EXPECT_EQ(ok_appends.load(), 300);
  const uint64_t head = store_->head_position();
  ASSERT_EQ(head, 360u);
  // Nothing could be delivered: neither the relayed position nor the checkpoint moved.
  EXPECT_EQ(relay->metrics().relayed_position, 60u);
  auto during = store_->LoadCheckpoint("relay/kinerja.events");
  ASSERT_TRUE(during.ok());
  EXPECT_LE(*during, 60u);
  EXPECT_EQ(relay->metrics().lag_events, 300u);

  ASSERT_TRUE(cluster_->SetAllBrokersUp().ok());
  ASSERT_TRUE(relay->WaitForRelayed(head, 25s)) << relay->metrics().last_error;
  ASSERT_TRUE(relay->Stop().ok());
  const auto messages = ReadTopic(cluster_->bootstrap(), kTopic, kPartitions);
  const size_t dups = CheckTopicAgainstLog(messages, store_.get(), kSource);
  EXPECT_EQ(messages.size(), head + dups);
}

INSTANTIATE_TEST_SUITE_P(Stores, KafkaRelayTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& p) {
                           return p.param ? "Rocks" : "Memory";
                         });

// Keys whose partition (murmur2, like the relay) is `partition`.
int32_t PartitionOfKey(const std::string& key, int partitions) {
  return rd_kafka_msg_partitioner_murmur2_random(nullptr, key.data(), key.size(), partitions,
                                                 nullptr, nullptr);
}

// One partition's leader is down while the others work: later positions are delivered, but the
// checkpoint stops right before the first undelivered one until that broker is back.
TEST(KafkaRelayCheckpointTest, NeverPassesAnUndeliveredPosition) {
  auto cluster = StartCluster(2);
  ASSERT_NE(cluster, nullptr);
  ASSERT_TRUE(cluster->SetPartitionLeader(kTopic, 0, 2).ok());
  for (int32_t p = 1; p < kPartitions; ++p) ASSERT_TRUE(cluster->SetPartitionLeader(kTopic, p, 1).ok());
  MemoryEventStore store;
  ASSERT_TRUE(AppendKeyed(&store, 20, 6));  // Delivered before the outage.
  auto relay = StartRelay(&store, TestRelayOptions(cluster->bootstrap()));
  ASSERT_NE(relay, nullptr);
  ASSERT_TRUE(relay->WaitForRelayed(20, 20s)) << relay->metrics().last_error;

  ASSERT_TRUE(cluster->SetBrokerDown(2).ok());
  ASSERT_TRUE(AppendKeyed(&store, 160, 6, 3));
  uint64_t first_blocked = 0, deliverable = 0;
  for (uint64_t pos = 21; pos <= store.head_position(); ++pos) {
    auto e = store.ReadAt(pos);
    ASSERT_TRUE(e.ok());
    if (PartitionOfKey(KafkaPartitionKey(*e), kPartitions) == 0) {
      if (first_blocked == 0) first_blocked = pos;
    } else {
      ++deliverable;
    }
  }
  ASSERT_GT(first_blocked, 20u) << "no key of the test lands on partition 0";
  ASSERT_LT(first_blocked, store.head_position() - 20) << "pick other keys";
  // Everything on broker 1 gets delivered, including positions after the blocked one ...
  ASSERT_TRUE(WaitUntil([&] { return relay->metrics().delivered_total >= 20 + deliverable; }))
      << relay->metrics().delivered_total << " of " << 20 + deliverable;
  const auto on_broker1 = ReadTopic(cluster->bootstrap(), kTopic, kPartitions, 20s, {1, 2, 3});
  uint64_t max_seen = 0;
  for (const KafkaMessage& m : on_broker1) {
    max_seen = std::max<uint64_t>(max_seen, std::stoull(m.Header("kinerja_position")));
  }
  EXPECT_GT(max_seen, first_blocked);
  // ... but the relayed position and the checkpoint stop right before the blocked position.
  std::this_thread::sleep_for(100ms);  // Several checkpoint intervals.
  const KafkaRelayMetrics m = relay->metrics();
  EXPECT_EQ(m.relayed_position, first_blocked - 1);
  EXPECT_LE(m.checkpoint_position, first_blocked - 1);
  auto saved = store.LoadCheckpoint("relay/kinerja.events");
  ASSERT_TRUE(saved.ok());
  EXPECT_LE(*saved, first_blocked - 1);
  EXPECT_GE(*saved, 20u);

  ASSERT_TRUE(cluster->SetBrokerUp(2).ok());
  ASSERT_TRUE(relay->WaitForRelayed(store.head_position(), 25s)) << relay->metrics().last_error;
  ASSERT_TRUE(relay->Stop().ok());
  auto final_checkpoint = store.LoadCheckpoint("relay/kinerja.events");
  ASSERT_TRUE(final_checkpoint.ok());
  EXPECT_EQ(*final_checkpoint, store.head_position());
  const auto messages = ReadTopic(cluster->bootstrap(), kTopic, kPartitions);
  CheckTopicAgainstLog(messages, &store, kSource);
}

// A cleanly stopped relay resumes exactly where it stopped: no loss and no duplicate.
TEST(KafkaRelayRestartTest, StopAndRestartMidStreamIsExactlyOnce) {
  auto cluster = StartCluster(1);
  ASSERT_NE(cluster, nullptr);
  TempDir dir;
  auto store = OpenStore(true, dir);
  ASSERT_NE(store, nullptr);
  std::atomic<bool> done{false};
  std::thread appender([&] {
    for (int i = 0; i < 60; ++i) {
      AppendKeyed(store.get(), 10, 8, i);
      std::this_thread::sleep_for(5ms);
    }
    done = true;
  });
  for (int round = 0; round < 3; ++round) {
    auto relay = StartRelay(store.get(), TestRelayOptions(cluster->bootstrap()));
    ASSERT_NE(relay, nullptr);
    relay->WaitForRelayed(std::min<uint64_t>(store->head_position() + 20, 600), 20s);
    Status s = relay->Stop();
    EXPECT_TRUE(s.ok()) << s.ToString();
    EXPECT_EQ(relay->metrics().checkpoint_position, relay->metrics().relayed_position);
  }
  appender.join();
  auto relay = StartRelay(store.get(), TestRelayOptions(cluster->bootstrap()));
  ASSERT_NE(relay, nullptr);
  ASSERT_TRUE(relay->WaitForRelayed(600, 20s)) << relay->metrics().last_error;
  ASSERT_TRUE(relay->Stop().ok());
  const auto messages = ReadTopic(cluster->bootstrap(), kTopic, kPartitions);
  EXPECT_EQ(CheckTopicAgainstLog(messages, store.get(), kSource), 0u);
  EXPECT_EQ(messages.size(), 600u);
}

// A relay destroyed without Stop() (a crash: nothing flushed, no final checkpoint) while
// appends and deliveries are under way: the next relay re-sends from the checkpoint; nothing is
// lost, duplicates are identical copies of the same position.
TEST(KafkaRelayRestartTest, CrashMidStreamAndRestartLosesNothing) {
  auto cluster = StartCluster(1);
  ASSERT_NE(cluster, nullptr);
  TempDir dir;
  auto store = OpenStore(true, dir);
  ASSERT_NE(store, nullptr);
  std::thread appender([&] {
    for (int i = 0; i < 60; ++i) {
      AppendKeyed(store.get(), 10, 8, i);
      std::this_thread::sleep_for(5ms);
    }
  });
  uint64_t checkpoint_before = 0;
  for (int round = 0; round < 3; ++round) {
    KafkaRelayOptions o = TestRelayOptions(cluster->bootstrap());
    o.linger_ms = 50;  // Keep messages queued so the crash really drops some.
    auto relay = StartRelay(store.get(), o);
    ASSERT_NE(relay, nullptr);
    relay->WaitForRelayed(std::min<uint64_t>(store->head_position() + 10, 600), 20s);
    relay.reset();  // Crash.
    auto saved = store->LoadCheckpoint("relay/kinerja.events");
    ASSERT_TRUE(saved.ok());
    EXPECT_GE(*saved, checkpoint_before);
    checkpoint_before = *saved;
  }
  appender.join();
  auto relay = StartRelay(store.get(), TestRelayOptions(cluster->bootstrap()));
  ASSERT_NE(relay, nullptr);
  ASSERT_TRUE(relay->WaitForRelayed(600, 20s)) << relay->metrics().last_error;
  ASSERT_TRUE(relay->Stop().ok());
  const auto messages = ReadTopic(cluster->bootstrap(), kTopic, kPartitions);
  const size_t dups = CheckTopicAgainstLog(messages, store.get(), kSource);
  EXPECT_EQ(messages.size(), 600u + dups);
}

// A fatal producer error: the relay recreates the producer and resumes from its delivered prefix.
TEST(KafkaRelayFatalTest, RecreatesTheProducerAndResumes) {
  auto cluster = StartCluster(1);
  ASSERT_NE(cluster, nullptr);
  MemoryEventStore store;
  auto relay = StartRelay(&store, TestRelayOptions(cluster->bootstrap()));
  ASSERT_NE(relay, nullptr);
  ASSERT_TRUE(AppendKeyed(&store, 100, 5));
  ASSERT_TRUE(relay->WaitForRelayed(100, 20s));
  ASSERT_TRUE(relay->InjectFatalErrorForTesting().ok());
  ASSERT_TRUE(AppendKeyed(&store, 200, 5, 1));
  ASSERT_TRUE(relay->WaitForRelayed(300, 20s)) << relay->metrics().last_error;
  EXPECT_GE(relay->metrics().producer_restarts_total, 1u);
  ASSERT_TRUE(relay->Stop().ok());
  const auto messages = ReadTopic(cluster->bootstrap(), kTopic, kPartitions);
  const size_t dups = CheckTopicAgainstLog(messages, &store, kSource);
  EXPECT_EQ(messages.size(), 300u + dups);
}

TEST(KafkaRelayOptionsTest, RejectsBadOptions) {
  MemoryEventStore store;
  KafkaRelayOptions o;
  EXPECT_EQ(KafkaRelay::Start(&store, o).status().code(), StatusCode::kInvalidArgument);
  o.brokers = "127.0.0.1:1";
  o.extra_config.push_back({"no.such.property", "1"});
  EXPECT_EQ(KafkaRelay::Start(&store, o).status().code(), StatusCode::kInvalidArgument);
  o.extra_config.clear();
  o.compression = "brotli";
  EXPECT_EQ(KafkaRelay::Start(&store, o).status().code(), StatusCode::kInvalidArgument);
}

// Kafka unreachable at Stop(): Stop reports what is undelivered and keeps the checkpoint.
TEST(KafkaRelayStopTest, StopWithKafkaDownReportsUndeliveredAndKeepsCheckpoint) {
  auto cluster = StartCluster(1);
  ASSERT_NE(cluster, nullptr);
  MemoryEventStore store;
  KafkaRelayOptions o = TestRelayOptions(cluster->bootstrap());
  o.stop_flush_timeout_ms = 300;
  auto relay = StartRelay(&store, o);
  ASSERT_NE(relay, nullptr);
  ASSERT_TRUE(AppendKeyed(&store, 10, 3));
  ASSERT_TRUE(relay->WaitForRelayed(10, 20s));
  ASSERT_TRUE(cluster->SetAllBrokersDown().ok());
  ASSERT_TRUE(AppendKeyed(&store, 10, 3, 1));
  ASSERT_TRUE(WaitUntil([&] { return relay->metrics().produced_total >= 20; }));
  Status s = relay->Stop();
  EXPECT_EQ(s.code(), StatusCode::kUnavailable) << s.ToString();
  auto saved = store.LoadCheckpoint("relay/kinerja.events");
  ASSERT_TRUE(saved.ok());
  EXPECT_EQ(*saved, 10u);
}

}  // namespace
}  // namespace kinerja::eventstore
