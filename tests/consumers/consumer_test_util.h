// Helpers of the consumer suites: a mock Kafka cluster with the relay shipping a MemoryEventStore,
// a known log of domain events (encoded with the domain codecs), a raw producer for messages the
// relay would never send, waits with deadlines, and temporary directories.
#pragma once

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "domain/appraisal.h"
#include "domain/json/appraisal_codec.h"
#include "domain/json/pegawai_codec.h"
#include "domain/json/skp_codec.h"
#include "domain/json/training_codec.h"
#include "domain/json/unit_codec.h"
#include "domain/period.h"
#include "domain/pegawai.h"
#include "domain/skp.h"
#include "domain/training.h"
#include "domain/unit.h"
#include "eventstore/kafka_mock_cluster.h"
#include "eventstore/kafka_relay.h"
#include "eventstore/memory_event_store.h"

namespace kinerja::consumers::testing {

namespace d = domain;
namespace dj = domain::json;

inline constexpr char kTopic[] = "kinerja.events";
inline constexpr int kPartitions = 6;

// A fresh directory under the system temp dir, removed with the object.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = (std::filesystem::temp_directory_path() /
             ("kinerja-consumers-" + std::to_string(rd()) + std::to_string(rd())))
                .string();
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Polls `done` every 50 ms until it holds or `max_wait` passes; returns the last answer.
inline bool WaitFor(const std::function<bool()>& done,
                    std::chrono::milliseconds max_wait = std::chrono::seconds(25)) {
  const auto deadline = std::chrono::steady_clock::now() + max_wait;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

inline d::Date D(const char* text) { return d::Date::Parse(text).value(); }

// A store whose clock starts at 2026-03-01T08:00:00Z and advances one hour per event read.
class Log {
 public:
  Log()
      : store_([this] {
          const int64_t t = now_;
          now_ += 3600LL * 1000000;
          return t;
        }) {}

  eventstore::MemoryEventStore& store() { return store_; }

  // Appends one encoded domain event to `stream` with the Kafka partition key `key`.
  void Append(const std::string& stream, const std::string& key, const dj::EncodedEvent& ev) {
    eventstore::NewEvent e;
    e.type = ev.type;
    e.schema_version = static_cast<uint32_t>(ev.version);
    e.data = ev.data;
    e.metadata = "{\"partitionKey\":\"" + key + "\"}";
    eventstore::AppendContext ctx;
    ctx.actor = "test";
    ctx.correlation_id = "corr";
    ctx.causation_id = "cmd";
    auto r = store_.Append(stream, eventstore::ExpectedVersion::Any(), {e}, ctx);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  void Unit(const std::string& id, const std::string& name) {
    d::UnitRegistered u;
    u.id = id;
    u.name = name;
    Append("unit-" + id, id, dj::EncodeUnitEvent(u));
  }
  void Register(const std::string& nip, const std::string& unit, const char* effective) {
    d::EmployeeRegistered e;
    e.nip = nip;
    e.name = "Pegawai " + nip.substr(14);
    e.status = d::EmployeeStatus::kPns;
    e.unit_id = unit;
    e.jabatan = "Analis";
    e.jenis_jabatan = d::JenisJabatan::kPelaksana;
    e.golongan = d::Golongan::Parse("III/a").value();
    e.effective_date = D(effective);
    Append("pegawai-" + nip, nip, dj::EncodePegawaiEvent(e));
  }
  void Move(const std::string& nip, const std::string& unit, const char* effective) {
    d::AssignmentChanged e;
    e.nip = nip;
    e.unit_id = unit;
    e.effective_date = D(effective);
    Append("pegawai-" + nip, nip, dj::EncodePegawaiEvent(e));
  }
  void Approve(const std::string& nip, int year) {
    d::WorkPlanApproved e;
    e.nip = nip;
    e.year = year;
    e.version = 1;
    e.actor = "199001012015011001";
    Append("skp-" + nip + "-" + std::to_string(year), nip, dj::EncodeSkpEvent(e));
  }
  void Appraise(const std::string& nip, d::Period period, d::Rating hasil, d::Rating perilaku) {
    d::AppraisalRecorded e;
    e.nip = nip;
    e.period = period;
    e.hasil_kerja = hasil;
    e.perilaku_kerja = perilaku;
    e.predikat = d::PredikatFor(hasil, perilaku);
    e.skp_version = 1;
    e.pejabat_penilai_nip = "199001012015011001";
    Append(AppraisalStream(nip, period), nip, dj::EncodeAppraisalEvent(e));
  }
  void UpholdObjection(const std::string& nip, d::Period period, d::Rating hasil,
                       d::Rating perilaku) {
    d::ObjectionDecided e;
    e.nip = nip;
    e.period = period;
    e.upheld = true;
    e.hasil_kerja = hasil;
    e.perilaku_kerja = perilaku;
    e.predikat = d::PredikatFor(hasil, perilaku);
    e.reason = "bukti baru";
    e.decided_by = "198501012010011001";
    Append(AppraisalStream(nip, period), nip, dj::EncodeAppraisalEvent(e));
  }
  void Training(const std::string& nip, const std::string& id, int jp, const char* completed,
                bool cancel = false) {
    d::TrainingAssigned a;
    a.id = id;
    a.nip = nip;
    a.title = "Pelatihan " + id;
    a.jp = jp;
    a.start_date = D(completed);
    a.end_date = D(completed);
    Append("training-" + id, nip, dj::EncodeTrainingEvent(a));
    if (cancel) {
      d::TrainingCancelled c;
      c.id = id;
      c.nip = nip;
      c.reason = "batal";
      Append("training-" + id, nip, dj::EncodeTrainingEvent(c));
      return;
    }
    d::TrainingCompleted c;
    c.id = id;
    c.nip = nip;
    c.completed_on = D(completed);
    c.jp = jp;
    Append("training-" + id, nip, dj::EncodeTrainingEvent(c));
  }

  uint64_t head() { return store_.head_position(); }

 private:
  static std::string AppraisalStream(const std::string& nip, d::Period p) {
    return "appraisal-" + nip + "-" + p.ToString();
  }

  int64_t now_ = 1772352000LL * 1000000;  // 2026-03-01T08:00:00Z
  eventstore::MemoryEventStore store_;
};

// A mock cluster with the topic (6 partitions) and a relay shipping `store`.
struct Kafka {
  std::unique_ptr<eventstore::MockCluster> cluster;
  std::unique_ptr<eventstore::KafkaRelay> relay;

  void Start(eventstore::EventStore* store) {
    eventstore::MockClusterOptions o;
    o.topics.push_back({kTopic, kPartitions, 1});
    auto c = eventstore::MockCluster::Start(o);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    cluster = std::move(c.value());
    eventstore::KafkaRelayOptions r;
    r.brokers = cluster->bootstrap();
    r.topic = kTopic;
    r.linger_ms = 1;
    auto relay_or = eventstore::KafkaRelay::Start(store, r);
    ASSERT_TRUE(relay_or.ok()) << relay_or.status().ToString();
    relay = std::move(relay_or.value());
  }
  void WaitRelayed(uint64_t position) {
    ASSERT_TRUE(relay->WaitForRelayed(position, std::chrono::seconds(20)))
        << "relay did not deliver through " << position;
  }
  ~Kafka() {
    if (relay) (void)relay->Stop();
    relay.reset();
    cluster.reset();
  }
};

// Produces raw values with `key` straight to the topic (what the relay would never send).
inline void ProduceRaw(const std::string& bootstrap,
                       const std::vector<std::pair<std::string, std::string>>& key_values) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof(err));
  rd_kafka_conf_set(conf, "partitioner", "murmur2_random", err, sizeof(err));
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  ASSERT_NE(rk, nullptr) << err;
  for (const auto& [key, value] : key_values) {
    const rd_kafka_resp_err_t e = rd_kafka_producev(
        rk, RD_KAFKA_V_TOPIC(kTopic), RD_KAFKA_V_KEY(key.data(), key.size()),
        RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
    EXPECT_EQ(e, RD_KAFKA_RESP_ERR_NO_ERROR) << rd_kafka_err2str(e);
  }
  EXPECT_EQ(rd_kafka_flush(rk, 20000), RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_destroy(rk);
}

}  // namespace kinerja::consumers::testing
