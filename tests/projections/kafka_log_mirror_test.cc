// KafkaLogMirror against librdkafka's mock cluster: messages produced straight to the topic in a
// scrambled order across partitions, with duplicates, are mirrored in position order into a log
// identical to the source (positions, stream versions, hashes); offsets committed by the mirror
// let a restarted mirror resume; a message whose hash does not recompute stops mirroring before
// anything unverified is appended; values that are not relay events are skipped and counted.
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "eventstore/kafka_event_codec.h"
#include "eventstore/kafka_mock_cluster.h"
#include "eventstore/memory_event_store.h"
#include "projections/kafka_log_mirror.h"

namespace kinerja::projections {
namespace {

constexpr const char* kTopic = "mirror.events";

class Producer {
 public:
  explicit Producer(const std::string& brokers) {
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char err[256];
    rd_kafka_conf_set(conf, "bootstrap.servers", brokers.c_str(), err, sizeof(err));
    rd_kafka_conf_set(conf, "log_level", "3", err, sizeof(err));
    rk_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  }
  ~Producer() { rd_kafka_destroy(rk_); }
  void Send(int32_t partition, const std::string& value) {
    ASSERT_EQ(rd_kafka_producev(rk_, RD_KAFKA_V_TOPIC(kTopic), RD_KAFKA_V_PARTITION(partition),
                                RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                                RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END),
              RD_KAFKA_RESP_ERR_NO_ERROR);
  }
  void Flush() { ASSERT_EQ(rd_kafka_flush(rk_, 10000), RD_KAFKA_RESP_ERR_NO_ERROR); }

 private:
  rd_kafka_t* rk_ = nullptr;
};

class KafkaLogMirrorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    eventstore::MockClusterOptions options;
    options.topics.push_back({kTopic, 3, 1});
    auto cluster = eventstore::MockCluster::Start(options);
    ASSERT_TRUE(cluster.ok());
    cluster_ = std::move(cluster).value();
    dir_ = std::filesystem::temp_directory_path() /
           ("kinerja-mirror-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    // The source log: 3 streams, 12 events, one multi-event append.
    source_ = std::make_unique<eventstore::MemoryEventStore>([this] { return t_ += 1000; });
    for (int i = 0; i < 10; ++i) {
      eventstore::NewEvent e;
      e.type = "Thing" + std::to_string(i % 3);
      e.data = R"({"n":)" + std::to_string(i) + "}";
      e.metadata = R"({"partitionKey":"k)" + std::to_string(i % 3) + R"("})";
      eventstore::AppendContext ctx{"actor-" + std::to_string(i), "corr", "cause", "", ""};
      std::vector<eventstore::NewEvent> events{e};
      if (i == 4) events.push_back(e);
      if (i == 7) events.push_back(e);
      ASSERT_TRUE(source_->Append("stream-" + std::to_string(i % 3),
                                  eventstore::ExpectedVersion::Any(), events, ctx)
                      .ok());
    }
    auto all = source_->ReadAll(eventstore::AllRead{});
    ASSERT_TRUE(all.ok());
    events_ = std::move(all).value();
    ASSERT_EQ(events_.size(), 12u);
  }
  void TearDown() override {
    mirror_.reset();
    cluster_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  void OpenMirror() {
    KafkaLogMirrorOptions o;
    o.path = (dir_ / "mirror").string();
    o.brokers = cluster_->bootstrap();
    o.topic = kTopic;
    o.group_id = "mirror-test";
    o.commit_interval = std::chrono::milliseconds(50);
    auto m = KafkaLogMirror::Open(o);
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    mirror_ = std::move(m).value();
    mirror_->Start();
  }

  // Waits (bounded) until the mirror reaches `position` or stops.
  bool MirrorReaches(uint64_t position) {
    for (int i = 0; i < 200; ++i) {
      if (mirror_->store()->WaitForPosition(position, std::chrono::milliseconds(100))) return true;
      if (mirror_->metrics().diverged) return false;
    }
    return false;
  }

  std::string Value(size_t index) const { return eventstore::EncodeKafkaValue(events_[index]); }

  std::unique_ptr<eventstore::MockCluster> cluster_;
  std::filesystem::path dir_;
  int64_t t_ = 1760000000000000;
  std::unique_ptr<eventstore::MemoryEventStore> source_;
  std::vector<eventstore::RecordedEvent> events_;
  std::unique_ptr<KafkaLogMirror> mirror_;
};

TEST_F(KafkaLogMirrorTest, ScrambledDuplicatedMessagesMirrorInPositionOrderAndResume) {
  Producer producer(cluster_->bootstrap());
  // Positions 1..8 scrambled over 3 partitions, with duplicates (a relay re-send) and a value
  // that is not an event.
  const int order[] = {5, 2, 0, 7, 1, 1, 3, 6, 4, 0, 5};
  for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); ++i) {
    producer.Send(static_cast<int32_t>(i % 3), Value(static_cast<size_t>(order[i])));
  }
  producer.Send(2, "not an event");
  producer.Flush();
  OpenMirror();
  ASSERT_TRUE(MirrorReaches(8)) << mirror_->metrics().last_error;
  // Every message consumed (the junk and the last duplicate may come after position 8).
  for (int i = 0; i < 200; ++i) {
    auto x = mirror_->metrics();
    if (x.messages_total == 12 && x.buffered_events == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  auto m = mirror_->metrics();
  EXPECT_EQ(m.messages_total, 12u);
  EXPECT_EQ(m.mirrored_position, 8u);
  EXPECT_EQ(m.buffered_events, 0u);
  EXPECT_EQ(m.duplicates_total, 3u);
  EXPECT_EQ(m.decode_errors_total, 1u);
  EXPECT_FALSE(m.diverged);

  // Position 10 arrives before 9: held until 9 comes.
  producer.Send(0, Value(9));
  producer.Flush();
  for (int i = 0; i < 100 && mirror_->metrics().buffered_events == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(mirror_->metrics().buffered_events, 1u);
  EXPECT_EQ(mirror_->store()->head_position(), 8u);
  producer.Send(1, Value(8));
  producer.Flush();
  ASSERT_TRUE(MirrorReaches(10));

  // Restart: resumes from the committed offsets (or re-reads and skips), then takes 11 and 12.
  mirror_.reset();
  producer.Send(2, Value(11));
  producer.Send(1, Value(10));
  producer.Flush();
  OpenMirror();
  ASSERT_TRUE(MirrorReaches(12)) << mirror_->metrics().last_error;

  // The mirror is the source: every field, hash chain included.
  auto mirrored = mirror_->store()->ReadAll(eventstore::AllRead{});
  ASSERT_TRUE(mirrored.ok());
  ASSERT_EQ(mirrored->size(), events_.size());
  for (size_t i = 0; i < events_.size(); ++i) EXPECT_EQ((*mirrored)[i], events_[i]) << i;
  auto verified = mirror_->store()->Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok);
}

TEST_F(KafkaLogMirrorTest, AnAlteredEventStopsMirroringBeforeItIsAppended) {
  Producer producer(cluster_->bootstrap());
  producer.Send(0, Value(0));
  eventstore::RecordedEvent altered = events_[1];
  altered.data = R"({"n":999})";  // hash no longer recomputes
  producer.Send(1, eventstore::EncodeKafkaValue(altered));
  producer.Send(2, Value(2));
  producer.Flush();
  OpenMirror();
  EXPECT_FALSE(MirrorReaches(2));
  auto m = mirror_->metrics();
  EXPECT_TRUE(m.diverged);
  EXPECT_NE(m.last_error.find("position 2"), std::string::npos) << m.last_error;
  EXPECT_EQ(mirror_->store()->head_position(), 1u);
}

}  // namespace
}  // namespace kinerja::projections
