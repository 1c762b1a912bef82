// The Kafka message format: envelope round trip (byte-exact data/metadata, so hashes verify
// downstream), the documented JSON shape, partition keys, headers and RFC 3339 times.
#include <gtest/gtest.h>

#include "eventstore/hash_chain.h"
#include "eventstore/kafka_event_codec.h"
#include "eventstore/memory_event_store.h"
#include "rapidjson/document.h"

namespace kinerja::eventstore {
namespace {

RecordedEvent Sample() {
  RecordedEvent e;
  e.position = 42;
  e.stream = "pegawai-198001012005011001";
  e.stream_version = 7;
  e.id = "0f8fad5b-d9cb-469f-a165-70867728950e";
  e.type = "ProgressRecorded";
  e.schema_version = 2;
  e.recorded_at = 1'764'291'723'000'456;  // 2025-11-28T01:02:03.000456Z
  e.actor = "198001012005011001";
  e.correlation_id = "corr-1";
  e.causation_id = "cmd-1";
  e.data = "{\"capaian\":87.5,\"catatan\":\"\\\"ok\\\" \\u00e9\",\"list\":[1,2,{\"a\":null}]}";
  e.metadata = "{\"partitionKey\":\"198001012005011001\",\"ip\":\"10.0.0.1\"}";
  e.prev_hash = std::string(64, 'a');
  e.hash = std::string(64, 'b');
  return e;
}

TEST(KafkaEventCodecTest, ValueHasTheDocumentedShape) {
  const std::string v = EncodeKafkaValue(Sample());
  EXPECT_EQ(v,
            "{\"position\":42,\"stream\":\"pegawai-198001012005011001\",\"streamVersion\":7,"
            "\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"type\":\"ProgressRecorded\","
            "\"schemaVersion\":2,\"recordedAt\":\"2025-11-28T01:02:03.000456Z\","
            "\"actor\":\"198001012005011001\",\"correlationId\":\"corr-1\","
            "\"causationId\":\"cmd-1\",\"data\":" + Sample().data +
            ",\"metadata\":" + Sample().metadata + ",\"prevHash\":\"" + std::string(64, 'a') +
            "\",\"hash\":\"" + std::string(64, 'b') + "\"}");
  rapidjson::Document d;
  d.Parse(v.c_str());
  ASSERT_FALSE(d.HasParseError());
  ASSERT_TRUE(d["data"].IsObject());
  EXPECT_DOUBLE_EQ(d["data"]["capaian"].GetDouble(), 87.5);
}

TEST(KafkaEventCodecTest, RoundTripIsByteExact) {
  const RecordedEvent e = Sample();
  auto back = DecodeKafkaValue(EncodeKafkaValue(e));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, e);
}

TEST(KafkaEventCodecTest, OddDataAndMetadataRoundTrip) {
  for (const std::string& text : std::vector<std::string>{"", "null", " {\"a\":1}", "{\"a\":1}\n", "not json", "[1,2]", "\"str\"", "12.50", "true",
        "{\"a\":1} trailing", "{\"x\":\"\\ud800\"}", std::string(300, '[') + std::string(300, ']')}) {
    RecordedEvent e = Sample();
    e.data = text;
    e.metadata = text;
    auto back = DecodeKafkaValue(EncodeKafkaValue(e));
    ASSERT_TRUE(back.ok()) << text << ": " << back.status().ToString();
    EXPECT_EQ(back->data, text);
    EXPECT_EQ(back->metadata, text);
    rapidjson::Document d;
    const std::string v = EncodeKafkaValue(e);
    d.Parse(v.c_str());
    EXPECT_FALSE(d.HasParseError()) << "value is not JSON for data " << text;
  }
}

TEST(KafkaEventCodecTest, DecodedEventsVerifyAgainstTheHashChain) {
  MemoryEventStore store;
  NewEvent n;
  n.type = "T";
  n.data = "{\"nested\":{\"k\":[true,false,null,1e3]}}";
  n.metadata = "{\"partitionKey\":\"u1\"}";
  ASSERT_TRUE(store.Append("s", ExpectedVersion::Any(), {n, n}, AppendContext{}).ok());
  std::string prev_raw(kHashBytes, '\0');
  for (uint64_t p = 1; p <= 2; ++p) {
    auto e = store.ReadAt(p);
    ASSERT_TRUE(e.ok());
    auto back = DecodeKafkaValue(EncodeKafkaValue(*e));
    ASSERT_TRUE(back.ok());
    const std::string raw = ComputeHashRaw(prev_raw, *back);
    EXPECT_EQ(ToHex(raw), e->hash);
    prev_raw = raw;
  }
}

TEST(KafkaEventCodecTest, RejectsWhatIsNotAnEventValue) {
  EXPECT_FALSE(DecodeKafkaValue("").ok());
  EXPECT_FALSE(DecodeKafkaValue("[]").ok());
  EXPECT_FALSE(DecodeKafkaValue("{\"position\":1}").ok());
  std::string v = EncodeKafkaValue(Sample());
  v.replace(v.find("2025-11-28"), 10, "2025-02-30");
  EXPECT_FALSE(DecodeKafkaValue(v).ok());
  EXPECT_FALSE(DecodeKafkaValue(std::string(100000, '[')).ok());
}

TEST(KafkaEventCodecTest, PartitionKeyComesFromMetadataOrStream) {
  RecordedEvent e = Sample();
  EXPECT_EQ(KafkaPartitionKey(e), "198001012005011001");
  e.metadata = "{\"partitionKey\":\"unit-17\"}";
  EXPECT_EQ(KafkaPartitionKey(e), "unit-17");
  for (const char* m : {"", "{}", "not json", "{\"partitionKey\":5}", "{\"partitionKey\":\"\"}",
                        "[\"partitionKey\"]", "{\"x\":{\"partitionKey\":\"inner\"}}"}) {
    e.metadata = m;
    EXPECT_EQ(KafkaPartitionKey(e), e.stream) << m;
  }
}

TEST(KafkaEventCodecTest, HeadersAreCloudEventsBinaryMode) {
  const auto h = KafkaHeaders(Sample(), "kinerja/pontianak");
  const std::vector<std::pair<std::string, std::string>> want = {
      {"ce_specversion", "1.0"},
      {"ce_id", "0f8fad5b-d9cb-469f-a165-70867728950e"},
      {"ce_source", "kinerja/pontianak"},
      {"ce_type", "ProgressRecorded"},
      {"ce_time", "2025-11-28T01:02:03.000456Z"},
      {"ce_subject", "pegawai-198001012005011001"},
      {"content-type", "application/json"},
      {"kinerja_position", "42"},
      {"kinerja_hash", std::string(64, 'b')}};
  EXPECT_EQ(h, want);
}

TEST(KafkaEventCodecTest, Rfc3339) {
  EXPECT_EQ(FormatKafkaTime(0), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(FormatKafkaTime(-1), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(FormatKafkaTime(951'782'400'000'000), "2000-02-29T00:00:00.000000Z");
  for (int64_t t : {int64_t{0}, int64_t{-1}, int64_t{1'764'291'723'000'456},
                    int64_t{-62'135'596'800'000'000}, int64_t{253'402'300'799'999'999}}) {
    int64_t back = 7;
    ASSERT_TRUE(ParseKafkaTime(FormatKafkaTime(t), &back)) << t;
    EXPECT_EQ(back, t);
  }
  int64_t out;
  EXPECT_FALSE(ParseKafkaTime("2025-11-28T01:02:03Z", &out));
  EXPECT_FALSE(ParseKafkaTime("2025-13-28T01:02:03.000000Z", &out));
}

// Found by tests/fuzz/fuzz_kafka_event: a value ending in a truncated UTF-8 sequence made the
// decoder's UTF-8 validation read past the end of the value (ASan: heap-buffer-overflow).
TEST(KafkaEventCodecTest, TruncatedUtf8AtTheEndIsRefusedWithoutReadingPastIt) {
  for (const char* value : {"{\"position12015\xf0}", "{\"a\":\"\xf0\x9f", "\"\xe2", "[\xf4"}) {
    EXPECT_FALSE(DecodeKafkaValue(value).ok()) << value;
  }
}

}  // namespace
}  // namespace kinerja::eventstore
