#include "projections/kafka_log_mirror.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <string_view>

#include "eventstore/hash_chain.h"
#include "eventstore/kafka_event_codec.h"

namespace kinerja::projections {

using eventstore::Result;
using eventstore::Status;

namespace {

bool SetConf(rd_kafka_conf_t* conf, const std::string& key, const std::string& value,
             std::string* error) {
  char err[512];
  if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof(err)) !=
      RD_KAFKA_CONF_OK) {
    *error = key + ": " + err;
    return false;
  }
  return true;
}

}  // namespace

KafkaLogMirror::KafkaLogMirror(KafkaLogMirrorOptions options)
    : options_(std::move(options)), next_time_(std::make_shared<std::atomic<int64_t>>(0)) {}

Result<std::unique_ptr<KafkaLogMirror>> KafkaLogMirror::Open(KafkaLogMirrorOptions options) {
  if (options.path.empty() || options.brokers.empty() || options.topic.empty() ||
      options.group_id.empty()) {
    return Status::InvalidArgument("the mirror needs a path, brokers, a topic and a group id");
  }
  std::unique_ptr<KafkaLogMirror> m(new KafkaLogMirror(std::move(options)));
  eventstore::RocksOptions store_options;
  store_options.path = m->options_.path;
  store_options.sync = m->options_.sync;
  // recorded_at = max(clock, previous): the clock returns the event being mirrored's time.
  std::shared_ptr<std::atomic<int64_t>> next_time = m->next_time_;
  store_options.clock = [next_time] { return next_time->load(); };
  auto store = eventstore::RocksEventStore::Open(store_options);
  if (!store.ok()) return store.status();
  m->store_ = std::move(store).value();
  auto head = m->store_->GetHead();
  if (!head.ok()) return head.status();
  m->tip_hash_ = head->position == 0 ? eventstore::GenesisHashHex() : head->hash;
  m->metrics_.mirrored_position = head->position;
  if (Status s = m->CreateConsumer(); !s.ok()) return s;
  return m;
}

Status KafkaLogMirror::CreateConsumer() {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  std::string error;
  bool ok = SetConf(conf, "bootstrap.servers", options_.brokers, &error) &&
            SetConf(conf, "group.id", options_.group_id, &error) &&
            SetConf(conf, "enable.auto.commit", "false", &error) &&
            SetConf(conf, "enable.auto.offset.store", "false", &error) &&
            SetConf(conf, "auto.offset.reset", "earliest", &error) &&
            SetConf(conf, "enable.partition.eof", "false", &error) &&
            SetConf(conf, "reconnect.backoff.max.ms", "2000", &error) &&
            SetConf(conf, "log_level", "3", &error);
  for (const auto& [k, v] : options_.extra_config) ok = ok && SetConf(conf, k, v, &error);
  if (!ok) {
    rd_kafka_conf_destroy(conf);
    return Status::InvalidArgument("Kafka consumer configuration: " + error);
  }
  char err[512];
  consumer_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
  if (consumer_ == nullptr) {
    rd_kafka_conf_destroy(conf);
    return Status::InvalidArgument(std::string("cannot create the Kafka consumer: ") + err);
  }
  rd_kafka_poll_set_consumer(consumer_);
  return Status::Ok();
}

KafkaLogMirror::~KafkaLogMirror() {
  Stop();
  if (consumer_ != nullptr) rd_kafka_destroy(consumer_);
}

void KafkaLogMirror::Start() {
  if (started_ || stopped_) return;
  started_ = true;
  thread_ = std::thread([this] { Run(); });
}

void KafkaLogMirror::Stop() {
  if (stopped_) return;
  stopped_ = true;
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (consumer_ != nullptr && started_) {
    CommitOffsets(/*sync=*/true);
    rd_kafka_consumer_close(consumer_);
  }
}

KafkaLogMirrorMetrics KafkaLogMirror::metrics() const {
  std::lock_guard<std::mutex> lock(mu_);
  KafkaLogMirrorMetrics m = metrics_;
  m.mirrored_position = store_->head_position();
  return m;
}

void KafkaLogMirror::Log(const std::string& line) {
  if (options_.log) options_.log(line);
}

void KafkaLogMirror::Fail(const std::string& error) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    metrics_.diverged = true;
    metrics_.last_error = error;
  }
  Log("kafka mirror STOPPED: " + error);
}

void KafkaLogMirror::RefreshAssignment() {
  rd_kafka_topic_t* topic = rd_kafka_topic_new(consumer_, options_.topic.c_str(), nullptr);
  if (topic == nullptr) return;
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(consumer_, 0, topic, &md, 2000);
  rd_kafka_topic_destroy(topic);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR || md == nullptr) {
    if (md != nullptr) rd_kafka_metadata_destroy(md);
    return;
  }
  rd_kafka_topic_partition_list_t* add = rd_kafka_topic_partition_list_new(8);
  for (int t = 0; t < md->topic_cnt; ++t) {
    if (md->topics[t].err != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
    for (int p = 0; p < md->topics[t].partition_cnt; ++p) {
      const int32_t id = md->topics[t].partitions[p].id;
      if (assigned_.count(id) != 0) continue;
      // RD_KAFKA_OFFSET_INVALID: the group's committed offset, else auto.offset.reset.
      rd_kafka_topic_partition_list_add(add, options_.topic.c_str(), id)->offset =
          RD_KAFKA_OFFSET_INVALID;
    }
  }
  rd_kafka_metadata_destroy(md);
  if (add->cnt > 0) {
    rd_kafka_error_t* error = rd_kafka_incremental_assign(consumer_, add);
    if (error != nullptr) {
      Log(std::string("kafka mirror: assign failed: ") + rd_kafka_error_string(error));
      rd_kafka_error_destroy(error);
    } else {
      for (int i = 0; i < add->cnt; ++i) assigned_.insert(add->elems[i].partition);
      Log("kafka mirror: reading " + std::to_string(assigned_.size()) + " partition(s) of " +
          options_.topic);
    }
  }
  rd_kafka_topic_partition_list_destroy(add);
}

void KafkaLogMirror::Run() {
  auto last_refresh = std::chrono::steady_clock::now() - options_.metadata_refresh;
  auto last_commit = std::chrono::steady_clock::now();
  while (!stop_.load()) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_refresh >= options_.metadata_refresh ||
        (assigned_.empty() && now - last_refresh >= std::chrono::milliseconds(200))) {
      RefreshAssignment();
      last_refresh = std::chrono::steady_clock::now();
    }
    if (offsets_dirty_ && now - last_commit >= options_.commit_interval) {
      CommitOffsets(/*sync=*/false);
      last_commit = now;
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (metrics_.diverged) {
        // Keep the thread alive (Stop joins it) but consume nothing more.
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        continue;
      }
    }
    if (assigned_.empty()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    rd_kafka_message_t* msg = rd_kafka_consumer_poll(consumer_, 100);
    if (msg == nullptr) {
      if (!buffer_.empty()) ApplyReady();  // Retry after an append error.
      continue;
    }
    if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (msg->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        {
          std::lock_guard<std::mutex> lock(mu_);
          ++metrics_.consumer_errors_total;
          metrics_.last_error = rd_kafka_message_errstr(msg);
        }
        Log(std::string("kafka mirror: consumer error: ") + rd_kafka_message_errstr(msg));
      }
      rd_kafka_message_destroy(msg);
      continue;
    }
    OnMessage(msg->partition, msg->offset, static_cast<const char*>(msg->payload), msg->len);
    rd_kafka_message_destroy(msg);
    ApplyReady();
  }
}

void KafkaLogMirror::OnMessage(int32_t partition, int64_t offset, const char* value,
                               size_t size) {
  PartitionProgress& progress = partitions_[partition];
  progress.next_offset = std::max(progress.next_offset, offset + 1);
  offsets_dirty_ = true;
  std::lock_guard<std::mutex> lock(mu_);
  ++metrics_.messages_total;
  auto decoded = eventstore::DecodeKafkaValue(
      std::string_view(value == nullptr ? "" : value, value == nullptr ? 0 : size));
  if (!decoded.ok()) {
    ++metrics_.decode_errors_total;
    metrics_.last_error = "partition " + std::to_string(partition) + " offset " +
                          std::to_string(offset) + ": " + decoded.status().ToString();
    Log("kafka mirror: skipped a message that is not a relay event: " + metrics_.last_error);
    return;
  }
  eventstore::RecordedEvent e = std::move(decoded).value();
  metrics_.high_position_seen = std::max(metrics_.high_position_seen, e.position);
  if (e.position <= store_->head_position() || buffer_.count(e.position) != 0) {
    ++metrics_.duplicates_total;
    return;
  }
  const uint64_t position = e.position;
  buffer_.emplace(position, Held{std::move(e), partition, offset});
  progress.held.insert(offset);
  metrics_.buffered_events = buffer_.size();
  if (buffer_.size() > options_.max_buffered_warning && !warned_buffer_) {
    warned_buffer_ = true;
    Log("kafka mirror: " + std::to_string(buffer_.size()) + " events held waiting for position " +
        std::to_string(store_->head_position() + 1));
  }
}

void KafkaLogMirror::ApplyReady() {
  while (!buffer_.empty() && buffer_.begin()->first <= store_->head_position() + 1) {
    auto it = buffer_.begin();
    if (it->first == store_->head_position() + 1 && !ApplyOne(it->second.event)) return;
    auto held = partitions_[it->second.partition].held.find(it->second.offset);
    if (held != partitions_[it->second.partition].held.end()) {
      partitions_[it->second.partition].held.erase(held);
    }
    buffer_.erase(it);
    std::lock_guard<std::mutex> lock(mu_);
    metrics_.buffered_events = buffer_.size();
  }
  if (buffer_.size() <= options_.max_buffered_warning) warned_buffer_ = false;
}

bool KafkaLogMirror::ApplyOne(const eventstore::RecordedEvent& e) {
  const std::string at = "position " + std::to_string(e.position);
  if (e.prev_hash != tip_hash_) {
    Fail(at + ": prevHash " + e.prev_hash + " does not chain to the mirror's tip " + tip_hash_);
    return false;
  }
  std::string prev_raw;
  if (!eventstore::FromHex(e.prev_hash, &prev_raw) ||
      eventstore::ToHex(eventstore::ComputeHashRaw(prev_raw, e)) != e.hash) {
    Fail(at + ": the event's hash does not recompute (altered in transit or at the source)");
    return false;
  }
  eventstore::NewEvent n;
  n.id = e.id;
  n.type = e.type;
  n.schema_version = e.schema_version;
  n.data = e.data;
  n.metadata = e.metadata;
  eventstore::AppendContext ctx;
  ctx.actor = e.actor;
  ctx.correlation_id = e.correlation_id;
  ctx.causation_id = e.causation_id;
  next_time_->store(e.recorded_at);
  std::vector<eventstore::NewEvent> events;
  events.push_back(std::move(n));
  auto appended = store_->Append(
      e.stream, eventstore::ExpectedVersion::Exact(e.stream_version - 1), std::move(events), ctx);
  if (!appended.ok()) {
    if (appended.status().code() == eventstore::StatusCode::kWrongExpectedVersion ||
        appended.status().code() == eventstore::StatusCode::kIdempotencyMismatch) {
      Fail(at + ": the mirror refused it: " + appended.status().ToString());
    } else {
      {
        std::lock_guard<std::mutex> lock(mu_);
        ++metrics_.append_errors_total;
        metrics_.last_error = at + ": " + appended.status().ToString();
      }
      Log("kafka mirror: append failed, retrying: " + appended.status().ToString());
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  const auto& result = appended.value();
  if (result.events.size() != 1 || result.events[0].position != e.position ||
      result.events[0].hash != e.hash) {
    Fail(at + ": the mirror recorded it differently (position or hash); the mirror log at " +
         options_.path + " no longer matches the writer's");
    return false;
  }
  tip_hash_ = e.hash;
  return true;
}

void KafkaLogMirror::CommitOffsets(bool sync) {
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(
      static_cast<int>(std::max<size_t>(partitions_.size(), 1)));
  for (const auto& [partition, progress] : partitions_) {
    if (progress.next_offset < 0) continue;
    const int64_t safe = progress.held.empty() ? progress.next_offset : *progress.held.begin();
    rd_kafka_topic_partition_list_add(list, options_.topic.c_str(), partition)->offset = safe;
  }
  if (list->cnt > 0) {
    rd_kafka_resp_err_t err = rd_kafka_commit(consumer_, list, sync ? 0 : 1);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET) {
      Log(std::string("kafka mirror: offset commit failed: ") + rd_kafka_err2str(err));
    }
  }
  rd_kafka_topic_partition_list_destroy(list);
  offsets_dirty_ = false;
}

}  // namespace kinerja::projections
