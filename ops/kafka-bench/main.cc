// kinerja-kafka-bench: (1) librdkafka's raw idempotent producer, (2) the relay shipping the same
// number of events from a RocksDB (or in-memory) log, both to one mock cluster in the same run
// with the same message bytes and producer settings, and (3) end-to-end lag from append ack to a
// consumer receiving the event, at a steady append rate. Flags:
//   --events=N (200000) --partitions=P (6) --store=rocks|memory (rocks) --dir=D
//   --lag-rate=R events/s (2000) --lag-seconds=S (5) --linger-ms=L (5) --rounds=K (3)
// Throughput rounds alternate raw and relay (each relay round on a fresh topic and checkpoint)
// and the medians are compared, because the machine is shared and rates swing between runs.
#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "eventstore/kafka_event_codec.h"
#include "eventstore/kafka_mock_cluster.h"
#include "eventstore/kafka_relay.h"
#include "eventstore/memory_event_store.h"
#include "eventstore/rocks_event_store.h"

namespace es = kinerja::eventstore;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

struct Flags {
  uint64_t events = 200000;
  int partitions = 6;
  std::string store = "rocks";
  std::string dir = "var/bench-kafka";
  int lag_rate = 2000;
  int lag_seconds = 5;
  int linger_ms = 5;
  int rounds = 3;
  size_t max_in_flight = 0;  // 0: the relay's default.
};

bool Flag(const char* arg, const char* name, std::string* out) {
  const size_t n = std::strlen(name);
  if (std::strncmp(arg, name, n) != 0 || arg[n] != '=') return false;
  *out = arg + n + 1;
  return true;
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "kinerja-kafka-bench: %s\n", what.c_str());
  std::exit(1);
}

std::unique_ptr<es::EventStore> OpenStore(const Flags& f, const std::string& name, bool sync) {
  if (f.store == "memory") return std::make_unique<es::MemoryEventStore>();
  es::RocksOptions o;
  o.path = f.dir + "/" + name;
  o.sync = sync;
  std::filesystem::remove_all(o.path);
  auto s = es::RocksEventStore::Open(o);
  if (!s.ok()) Die("open store: " + s.status().ToString());
  return std::move(s).value();
}

// A realistic event: an SKP progress record of a pegawai, keyed by NIP (1000 pegawai).
void AppendRealistic(es::EventStore* store, uint64_t i, size_t per_append) {
  const std::string nip = "1980010120050" + std::to_string(10000 + i % 1000);
  std::vector<es::NewEvent> events;
  for (size_t k = 0; k < per_append; ++k) {
    es::NewEvent e;
    e.type = "ProgressRecorded";
    e.data = "{\"skpId\":\"skp-" + nip + "-2025\",\"indikatorId\":\"ind-" +
             std::to_string((i + k) % 7) +
             "\",\"periode\":\"2025-Q3\",\"realisasi\":87.5,\"satuan\":\"persen\","
             "\"bukti\":\"https://arsip.pontianak.go.id/bukti/" + std::to_string(i + k) +
             ".pdf\",\"catatan\":\"Capaian triwulan sesuai rencana aksi\"}";
    e.metadata = "{\"partitionKey\":\"" + nip + "\",\"requestId\":\"req-" + std::to_string(i + k) +
                 "\",\"clientIp\":\"10.12.0.7\"}";
    events.push_back(std::move(e));
  }
  es::AppendContext c;
  c.actor = nip;
  c.correlation_id = "corr-" + std::to_string(i);
  c.causation_id = "cmd-" + std::to_string(i);
  auto r = store->Append("pegawai-" + nip, es::ExpectedVersion::Any(), std::move(events), c);
  if (!r.ok()) Die("append: " + r.status().ToString());
}

void SetConf(rd_kafka_conf_t* conf, const char* k, const std::string& v) {
  char err[512];
  if (rd_kafka_conf_set(conf, k, v.c_str(), err, sizeof(err)) != RD_KAFKA_CONF_OK) Die(err);
}

struct RawMessage {
  std::string key, value;
  std::vector<std::pair<std::string, std::string>> headers;
};

std::atomic<uint64_t> g_raw_delivered{0}, g_raw_failed{0};

void RawDr(rd_kafka_t*, const rd_kafka_message_t* m, void*) {
  if (m->err) {
    ++g_raw_failed;
  } else {
    ++g_raw_delivered;
  }
}

// librdkafka alone: the same message bytes, the same producer settings as the relay.
double RawProducerRate(const std::string& bootstrap, const std::string& topic,
                       const std::vector<RawMessage>& sample, uint64_t n, const Flags& f) {
  g_raw_delivered = 0;
  g_raw_failed = 0;
  // Timed from producer creation, like the relay (connection and producer id included).
  const auto t0 = Clock::now();
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  SetConf(conf, "bootstrap.servers", bootstrap);
  SetConf(conf, "enable.idempotence", "true");
  SetConf(conf, "acks", "all");
  SetConf(conf, "enable.gapless.guarantee", "true");
  SetConf(conf, "linger.ms", std::to_string(f.linger_ms));
  SetConf(conf, "batch.num.messages", "10000");
  SetConf(conf, "message.timeout.ms", "0");
  SetConf(conf, "compression.codec", "lz4");
  SetConf(conf, "partitioner", "murmur2_random");
  SetConf(conf, "queue.buffering.max.messages", "100000");
  rd_kafka_conf_set_dr_msg_cb(conf, RawDr);
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  if (!rk) Die(err);
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  std::atomic<bool> stop{false};
  std::thread poller([&] {
    while (!stop) rd_kafka_poll(rk, 50);
  });
  for (uint64_t i = 0; i < n; ++i) {
    const RawMessage& m = sample[i % sample.size()];
    for (;;) {
      rd_kafka_headers_t* h = rd_kafka_headers_new(m.headers.size());
      for (const auto& [k, v] : m.headers) {
        rd_kafka_header_add(h, k.data(), static_cast<ssize_t>(k.size()), v.data(),
                            static_cast<ssize_t>(v.size()));
      }
      rd_kafka_resp_err_t e = rd_kafka_producev(
          rk, RD_KAFKA_V_RKT(rkt), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
          RD_KAFKA_V_KEY(m.key.data(), m.key.size()),
          RD_KAFKA_V_VALUE(const_cast<char*>(m.value.data()), m.value.size()),
          RD_KAFKA_V_HEADERS(h), RD_KAFKA_V_END);
      if (e == RD_KAFKA_RESP_ERR_NO_ERROR) break;
      rd_kafka_headers_destroy(h);
      if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) Die(rd_kafka_err2str(e));
      std::this_thread::sleep_for(1ms);
    }
  }
  while (g_raw_delivered.load() + g_raw_failed.load() < n) std::this_thread::sleep_for(1ms);
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  stop = true;
  poller.join();
  if (g_raw_failed.load() != 0) Die("raw producer: failed deliveries");
  rd_kafka_topic_destroy(rkt);
  rd_kafka_destroy(rk);
  return static_cast<double>(n) / secs;
}

es::KafkaRelayOptions RelayOptions(const std::string& bootstrap, const std::string& topic,
                                   const Flags& f) {
  es::KafkaRelayOptions o;
  o.brokers = bootstrap;
  o.topic = topic;
  o.source = "kinerja/bench";
  o.linger_ms = f.linger_ms;
  if (f.max_in_flight > 0) o.max_in_flight = f.max_in_flight;
  o.log = [](const std::string& l) { std::fprintf(stderr, "[relay] %s\n", l.c_str()); };
  return o;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t i = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())));
  return v[i];
}

}  // namespace

int main(int argc, char** argv) {
  Flags f;
  for (int i = 1; i < argc; ++i) {
    std::string v;
    if (Flag(argv[i], "--events", &v)) f.events = std::stoull(v);
    else if (Flag(argv[i], "--partitions", &v)) f.partitions = std::stoi(v);
    else if (Flag(argv[i], "--store", &v)) f.store = v;
    else if (Flag(argv[i], "--dir", &v)) f.dir = v;
    else if (Flag(argv[i], "--lag-rate", &v)) f.lag_rate = std::stoi(v);
    else if (Flag(argv[i], "--lag-seconds", &v)) f.lag_seconds = std::stoi(v);
    else if (Flag(argv[i], "--linger-ms", &v)) f.linger_ms = std::stoi(v);
    else if (Flag(argv[i], "--rounds", &v)) f.rounds = std::max(1, std::stoi(v));
    else if (Flag(argv[i], "--max-in-flight", &v)) f.max_in_flight = std::stoull(v);
    else Die(std::string("unknown flag ") + argv[i]);
  }
  if (f.store != "rocks" && f.store != "memory") Die("--store must be rocks or memory");

  es::MockClusterOptions mo;
  mo.brokers = 1;
  mo.topics.push_back({"kinerja.lag", f.partitions, 1});
  for (int r = 0; r < f.rounds; ++r) {
    mo.topics.push_back({"bench.raw." + std::to_string(r), f.partitions, 1});
    mo.topics.push_back({"kinerja.events." + std::to_string(r), f.partitions, 1});
  }
  auto cluster = es::MockCluster::Start(mo);
  if (!cluster.ok()) Die(cluster.status().ToString());
  const std::string bootstrap = (*cluster)->bootstrap();

  // The log to relay, prefilled (not timed; unsynced appends of 10 events).
  auto store = OpenStore(f, "throughput", /*sync=*/false);
  for (uint64_t i = 0; i < f.events; i += 10) AppendRealistic(store.get(), i, 10);
  const uint64_t n = store->head_position();

  // The raw producer sends exactly the bytes the relay would send for the first 1000 events.
  std::vector<RawMessage> sample;
  size_t bytes = 0;
  for (uint64_t p = 1; p <= std::min<uint64_t>(n, 1000); ++p) {
    auto e = store->ReadAt(p);
    if (!e.ok()) Die(e.status().ToString());
    sample.push_back({es::KafkaPartitionKey(*e), es::EncodeKafkaValue(*e),
                      es::KafkaHeaders(*e, "kinerja/bench")});
    bytes += sample.back().key.size() + sample.back().value.size();
    for (const auto& [k, v] : sample.back().headers) bytes += k.size() + v.size();
  }
  std::printf("kinerja-kafka-bench: mock cluster %s, %d partitions, %llu events, store %s, "
              "~%zu bytes/message (key+value+headers), linger.ms=%d, idempotent acks=all lz4\n",
              bootstrap.c_str(), f.partitions, static_cast<unsigned long long>(n),
              f.store.c_str(), bytes / sample.size(), f.linger_ms);

  // The relay's own work without Kafka: read the log and encode key, value and headers.
  {
    const auto t0 = Clock::now();
    size_t sink = 0;
    es::AllRead all;
    es::Status s = store->ForEach(all, [&](const es::RecordedEvent& e) {
      es::KafkaKeyValue kv = es::EncodeKafkaKeyValue(e);
      es::ForEachKafkaHeader(e, "kinerja/bench", [&](std::string_view, std::string_view v) {
        sink += v.size();
      });
      sink += kv.key.size() + kv.value.size();
      return true;
    });
    if (!s.ok()) Die(s.ToString());
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("log read + encode alone (one thread, no Kafka): %.0f events/s (%zu bytes)\n",
                static_cast<double>(n) / secs, sink);
  }
  std::vector<double> raws, relays;
  for (int r = 0; r < f.rounds; ++r) {
    const double raw = RawProducerRate(bootstrap, "bench.raw." + std::to_string(r), sample, n, f);
    es::KafkaRelayOptions o = RelayOptions(bootstrap, "kinerja.events." + std::to_string(r), f);
    auto relay = es::KafkaRelay::Start(store.get(), o);
    if (!relay.ok()) Die(relay.status().ToString());
    const auto t0 = Clock::now();
    if (!(*relay)->WaitForRelayed(n, 300s)) Die("relay did not finish in 300 s");
    const double relay_secs = std::chrono::duration<double>(Clock::now() - t0).count();
    if (es::Status s = (*relay)->Stop(); !s.ok()) Die(s.ToString());
    const double rate = static_cast<double>(n) / relay_secs;
    std::printf("  round %d: raw %.0f events/s, relay %.0f events/s (%.2fx)\n", r + 1, raw, rate,
                rate / raw);
    raws.push_back(raw);
    relays.push_back(rate);
  }
  const double raw = Percentile(raws, 0.5), relay_rate = Percentile(relays, 0.5);
  std::printf("throughput (median of %d rounds): raw librdkafka producer %.0f events/s | relay "
              "(%s log -> Kafka) %.0f events/s | ratio %.2fx (target >= 0.7x)\n",
              f.rounds, raw, f.store.c_str(), relay_rate, relay_rate / raw);

  // Lag: appends at a steady rate (synced when rocks), a consumer on the other side.
  auto lag_store = OpenStore(f, "lag", /*sync=*/true);
  auto lag_relay = es::KafkaRelay::Start(lag_store.get(), RelayOptions(bootstrap, "kinerja.lag", f));
  if (!lag_relay.ok()) Die(lag_relay.status().ToString());
  const uint64_t total = static_cast<uint64_t>(f.lag_rate) * f.lag_seconds;
  std::vector<Clock::time_point> acked(total + 1), received(total + 1);
  std::vector<std::atomic<bool>> got(total + 1);
  std::atomic<uint64_t> received_count{0};
  std::atomic<bool> stop_consumer{false};
  std::thread consumer([&] {
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    SetConf(conf, "bootstrap.servers", bootstrap);
    SetConf(conf, "group.id", "bench-lag");
    SetConf(conf, "enable.auto.commit", "false");
    SetConf(conf, "fetch.wait.max.ms", "5");
    SetConf(conf, "fetch.error.backoff.ms", "5");
    char err[512];
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
    if (!rk) Die(err);
    rd_kafka_topic_partition_list_t* l = rd_kafka_topic_partition_list_new(f.partitions);
    for (int p = 0; p < f.partitions; ++p) {
      rd_kafka_topic_partition_list_add(l, "kinerja.lag", p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    }
    rd_kafka_assign(rk, l);
    rd_kafka_topic_partition_list_destroy(l);
    while (!stop_consumer) {
      rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 20);
      if (!m) continue;
      const auto now = Clock::now();
      const void* val;
      size_t size;
      if (!m->err) {
        rd_kafka_headers_t* h = nullptr;
        if (rd_kafka_message_headers(m, &h) == RD_KAFKA_RESP_ERR_NO_ERROR &&
            rd_kafka_header_get_last(h, "kinerja_position", &val, &size) ==
                RD_KAFKA_RESP_ERR_NO_ERROR) {
          const uint64_t pos = std::stoull(std::string(static_cast<const char*>(val), size));
          if (pos <= total && !got[pos].exchange(true)) {
            received[pos] = now;
            ++received_count;
          }
        }
      }
      rd_kafka_message_destroy(m);
    }
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
  });
  std::this_thread::sleep_for(500ms);  // Let the consumer join its partitions.
  const auto start = Clock::now();
  for (uint64_t i = 1; i <= total; ++i) {
    std::this_thread::sleep_until(start + std::chrono::microseconds(
                                              static_cast<int64_t>(i * 1'000'000 / f.lag_rate)));
    AppendRealistic(lag_store.get(), i, 1);
    acked[i] = Clock::now();  // Position i: single appender, one event per append.
  }
  const auto wait_until = Clock::now() + 30s;
  while (received_count.load() < total && Clock::now() < wait_until) std::this_thread::sleep_for(5ms);
  stop_consumer = true;
  consumer.join();
  if (es::Status s = (*lag_relay)->Stop(); !s.ok()) Die(s.ToString());
  std::vector<double> lags;
  for (uint64_t p = 1; p <= total; ++p) {
    if (got[p]) lags.push_back(std::chrono::duration<double, std::milli>(received[p] - acked[p]).count());
  }
  std::printf("lag append-ack -> consumer (%d events/s for %d s, %s log%s): received %zu/%llu, "
              "p50 %.1f ms, p99 %.1f ms, max %.1f ms (target p99 < 100 ms)\n",
              f.lag_rate, f.lag_seconds, f.store.c_str(), f.store == "rocks" ? " fsync'd" : "",
              lags.size(), static_cast<unsigned long long>(total), Percentile(lags, 0.5),
              Percentile(lags, 0.99), lags.empty() ? 0.0 : *std::max_element(lags.begin(), lags.end()));
  lag_relay = es::Status::Ok();
  store.reset();
  lag_store.reset();
  if (f.store == "rocks") std::filesystem::remove_all(f.dir);
  return lags.size() == total ? 0 : 1;
}
