// Helpers of the Kafka relay tests: read a topic with a librdkafka consumer or with kcat (an
// outside client), append keyed events, and check what reached the topic against the log.
#pragma once

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "eventstore/event_store.h"
#include "eventstore/kafka_event_codec.h"
#include "eventstore/kafka_relay.h"
#include "rapidjson/document.h"

namespace kinerja::eventstore::testing {

struct KafkaMessage {
  int32_t partition = 0;
  int64_t offset = 0;
  std::string key;
  std::string value;
  std::vector<std::pair<std::string, std::string>> headers;

  // The value of the first header called `name` ("<missing>" when absent).
  std::string Header(const std::string& name) const {
    for (const auto& [n, v] : headers) {
      if (n == name) return v;
    }
    return "<missing>";
  }
};

// Reads `partitions` partitions of `topic` from the beginning to their current end with a
// librdkafka consumer (no group: assigned partitions). Gives up after `max_wait`.
inline std::vector<KafkaMessage> ReadTopic(const std::string& bootstrap, const std::string& topic,
                                           int partitions,
                                           std::chrono::milliseconds max_wait =
                                               std::chrono::seconds(20),
                                           std::vector<int32_t> only = {}) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof(err));
  rd_kafka_conf_set(conf, "group.id", "kinerja-test-reader", err, sizeof(err));
  rd_kafka_conf_set(conf, "enable.auto.commit", "false", err, sizeof(err));
  rd_kafka_conf_set(conf, "enable.partition.eof", "true", err, sizeof(err));
  rd_kafka_conf_set(conf, "fetch.wait.max.ms", "20", err, sizeof(err));
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
  EXPECT_NE(rk, nullptr) << err;
  if (rk == nullptr) return {};
  if (only.empty()) {
    for (int32_t p = 0; p < partitions; ++p) only.push_back(p);
  }
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
  for (int32_t p : only) {
    rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  }
  EXPECT_EQ(rd_kafka_assign(rk, list), RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_topic_partition_list_destroy(list);

  std::vector<KafkaMessage> out;
  std::set<int32_t> at_end;
  const auto deadline = std::chrono::steady_clock::now() + max_wait;
  while (at_end.size() < only.size() && std::chrono::steady_clock::now() < deadline) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 100);
    if (m == nullptr) continue;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      at_end.insert(m->partition);
    } else if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      at_end.erase(m->partition);
      KafkaMessage km;
      km.partition = m->partition;
      km.offset = m->offset;
      km.key.assign(static_cast<const char*>(m->key), m->key_len);
      km.value.assign(static_cast<const char*>(m->payload), m->len);
      rd_kafka_headers_t* hdrs = nullptr;
      if (rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        const char* name;
        const void* val;
        size_t size;
        for (size_t i = 0; rd_kafka_header_get_all(hdrs, i, &name, &val, &size) ==
                           RD_KAFKA_RESP_ERR_NO_ERROR;
             ++i) {
          km.headers.emplace_back(name, std::string(static_cast<const char*>(val), size));
        }
      }
      out.push_back(std::move(km));
    }
    rd_kafka_message_destroy(m);
  }
  EXPECT_EQ(at_end.size(), only.size()) << "did not reach the end of every partition in time";
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  return out;
}

inline bool KcatAvailable() { return std::system("command -v kcat >/dev/null 2>&1") == 0; }

// Reads the whole topic with `kcat -C -e -J` (a separate process, as an outside client would).
inline std::vector<KafkaMessage> ReadTopicWithKcat(const std::string& bootstrap,
                                                   const std::string& topic) {
  const std::string cmd = "kcat -b '" + bootstrap + "' -t '" + topic + "' -C -e -J -q 2>&1";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  if (pipe == nullptr) return {};
  std::string all;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), pipe)) > 0) all.append(buf, n);
  const int rc = ::pclose(pipe);
  EXPECT_EQ(rc, 0) << "kcat failed: " << all.substr(0, 2000);
  std::vector<KafkaMessage> out;
  size_t start = 0;
  while (start < all.size()) {
    size_t end = all.find('\n', start);
    if (end == std::string::npos) end = all.size();
    const std::string line = all.substr(start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    rapidjson::Document d;
    d.Parse(line.c_str(), line.size());
    EXPECT_FALSE(d.HasParseError()) << "kcat line is not JSON: " << line.substr(0, 300);
    if (d.HasParseError() || !d.IsObject()) continue;
    KafkaMessage m;
    m.partition = d["partition"].GetInt();
    m.offset = d["offset"].GetInt64();
    if (d.HasMember("key") && d["key"].IsString()) {
      m.key.assign(d["key"].GetString(), d["key"].GetStringLength());
    }
    if (d.HasMember("payload") && d["payload"].IsString()) {
      m.value.assign(d["payload"].GetString(), d["payload"].GetStringLength());
    }
    if (d.HasMember("headers") && d["headers"].IsArray()) {
      const auto& h = d["headers"];
      for (rapidjson::SizeType i = 0; i + 1 < h.Size(); i += 2) {
        m.headers.emplace_back(h[i].GetString(),
                               h[i + 1].IsString() ? h[i + 1].GetString() : "<null>");
      }
    }
    out.push_back(std::move(m));
  }
  return out;
}

// Appends `count` one-event appends round-robin over `keys` pegawai streams (metadata carries
// the partition key), a unit stream and a stream without partitionKey. Returns whether all
// succeeded.
inline bool AppendKeyed(EventStore* store, int count, int keys, int salt = 0) {
  for (int i = 0; i < count; ++i) {
    const int k = (i + salt) % (keys + 2);
    std::string stream, metadata;
    if (k < keys) {
      const std::string nip = "19800101200501" + std::to_string(1000 + k);
      stream = "pegawai-" + nip;
      metadata = "{\"partitionKey\":\"" + nip + "\",\"requestId\":\"r" + std::to_string(i) + "\"}";
    } else if (k == keys) {
      stream = "unit-dinkes";
      metadata = "{\"partitionKey\":\"dinkes\"}";
    } else {
      stream = "system-config";
      metadata = "{}";
    }
    NewEvent e;
    e.type = "ProgressRecorded";
    e.data = "{\"i\":" + std::to_string(i) + ",\"salt\":" + std::to_string(salt) +
             ",\"note\":\"capaian \\\"Q1\\\" \\u00e9\"}";
    e.metadata = metadata;
    AppendContext c;
    c.actor = "199001012015011001";
    c.correlation_id = "corr-" + std::to_string(i);
    c.causation_id = "cmd-" + std::to_string(i);
    auto r = store->Append(stream, ExpectedVersion::Any(), {e}, c);
    if (!r.ok()) {
      ADD_FAILURE() << "append " << i << ": " << r.status().ToString();
      return false;
    }
  }
  return true;
}

// Checks the messages against the log: every position 1..head present, each message decoding
// to exactly the stored event with the right key and headers, duplicates only as identical
// copies of the same position, one partition per key and, per partition, the first copies of a
// key's events in increasing position order. Returns the number of duplicate messages.
inline size_t CheckTopicAgainstLog(const std::vector<KafkaMessage>& messages, EventStore* store,
                                   const std::string& source) {
  const uint64_t head = store->head_position();
  std::map<uint64_t, const KafkaMessage*> first;  // position -> first copy
  std::map<std::string, int32_t> partition_of_key;
  size_t duplicates = 0;
  std::vector<const KafkaMessage*> sorted;
  for (const KafkaMessage& m : messages) sorted.push_back(&m);
  std::sort(sorted.begin(), sorted.end(), [](const KafkaMessage* a, const KafkaMessage* b) {
    return std::make_pair(a->partition, a->offset) < std::make_pair(b->partition, b->offset);
  });
  std::map<std::pair<int32_t, std::string>, uint64_t> last_first_copy;  // (partition, key)
  for (const KafkaMessage* m : sorted) {
    auto decoded = DecodeKafkaValue(m->value);
    EXPECT_TRUE(decoded.ok()) << decoded.status().ToString() << " in " << m->value.substr(0, 300);
    if (!decoded.ok()) continue;
    const uint64_t pos = decoded->position;
    EXPECT_EQ(m->Header("kinerja_position"), std::to_string(pos));
    auto it = first.find(pos);
    if (it != first.end()) {
      ++duplicates;
      EXPECT_EQ(m->value, it->second->value) << "a duplicate of position " << pos << " differs";
      EXPECT_EQ(m->Header("ce_id"), it->second->Header("ce_id"));
      EXPECT_EQ(m->key, it->second->key);
      continue;
    }
    first[pos] = m;
    auto stored = store->ReadAt(pos);
    EXPECT_TRUE(stored.ok()) << "position " << pos << " is not in the log";
    if (!stored.ok()) continue;
    EXPECT_EQ(*decoded, *stored) << "value of position " << pos << " differs from the log";
    EXPECT_EQ(m->key, KafkaPartitionKey(*stored));
    EXPECT_EQ(m->Header("ce_specversion"), "1.0");
    EXPECT_EQ(m->Header("ce_id"), stored->id);
    EXPECT_EQ(m->Header("ce_source"), source);
    EXPECT_EQ(m->Header("ce_type"), stored->type);
    EXPECT_EQ(m->Header("ce_time"), FormatKafkaTime(stored->recorded_at));
    EXPECT_EQ(m->Header("ce_subject"), stored->stream);
    EXPECT_EQ(m->Header("content-type"), "application/json");
    EXPECT_EQ(m->Header("kinerja_hash"), stored->hash);
    auto [pk, inserted] = partition_of_key.emplace(m->key, m->partition);
    EXPECT_EQ(pk->second, m->partition) << "key " << m->key << " in two partitions";
    uint64_t& last = last_first_copy[{m->partition, m->key}];
    EXPECT_LT(last, pos) << "key " << m->key << ": position " << pos << " after " << last;
    last = pos;
  }
  EXPECT_EQ(first.size(), head) << "distinct positions in the topic vs the log head";
  if (!first.empty()) {
    EXPECT_EQ(first.begin()->first, 1u);
    EXPECT_EQ(first.rbegin()->first, head);
  }
  return duplicates;
}

// Relay options for tests: short backoffs so recoveries take milliseconds, not seconds.
inline KafkaRelayOptions TestRelayOptions(const std::string& bootstrap) {
  KafkaRelayOptions o;
  o.brokers = bootstrap;
  o.topic = "kinerja.events";
  o.source = "kinerja/test";
  o.linger_ms = 2;
  o.retry_backoff_ms = 50;
  o.reconnect_backoff_max_ms = 200;
  o.checkpoint_interval_ms = 20;
  o.error_backoff_ms = 100;
  o.stop_flush_timeout_ms = 5000;
  o.log = [](const std::string& line) { std::fprintf(stderr, "[relay] %s\n", line.c_str()); };
  return o;
}

// Polls `pred` every 5 ms until it holds or `max_wait` passes; returns whether it held.
template <typename Pred>
bool WaitUntil(Pred pred, std::chrono::milliseconds max_wait = std::chrono::seconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + max_wait;
  while (!pred()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace kinerja::eventstore::testing
