#include "consumers/archiver.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <iterator>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "consumers/file_util.h"
#include "eventstore/hash_chain.h"
#include "eventstore/kafka_event_codec.h"

namespace kinerja::consumers {

using eventstore::Result;
using eventstore::Status;

namespace {
constexpr size_t kRecentHashes = 65536;  // Archived positions whose hash is kept for conflicts.
constexpr int kFlushEveryMessages = 1000;
constexpr auto kFlushEvery = std::chrono::milliseconds(200);
}  // namespace

struct ArchiverCallbacks {
  static void Rebalance(rd_kafka_t* /*rk*/, rd_kafka_resp_err_t err,
                        rd_kafka_topic_partition_list_t* partitions, void* opaque) {
    static_cast<Archiver*>(opaque)->OnRebalance(static_cast<int>(err), partitions);
  }
};

Archiver::Archiver(ArchiverOptions options)
    : options_(std::move(options)), files_(options_.archive_dir) {}

Result<std::unique_ptr<Archiver>> Archiver::Start(ArchiverOptions options) {
  if (options.brokers.empty()) return Status::InvalidArgument("brokers are required");
  if (options.topic.empty()) return Status::InvalidArgument("topic is required");
  if (options.group_id.empty()) return Status::InvalidArgument("group id is required");
  if (options.archive_dir.empty()) return Status::InvalidArgument("archive dir is required");
  if (options.gap_timeout_ms <= 0 || options.status_interval_ms <= 0) {
    return Status::InvalidArgument("timeouts must be positive");
  }
  if (options.status_file.empty()) options.status_file = options.archive_dir + "/status.json";
  std::unique_ptr<Archiver> a(new Archiver(std::move(options)));
  if (Status s = a->files_.Open(); !s.ok()) return s;
  {
    std::lock_guard<std::mutex> lock(a->metrics_mu_);
    a->metrics_.last_position = a->files_.last_position();
    a->metrics_.last_hash = a->files_.last_hash();
  }
  a->Log("archive " + a->options_.archive_dir + ": last position " +
         std::to_string(a->files_.last_position()));

  const ArchiverOptions& o = a->options_;
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  std::vector<std::pair<std::string, std::string>> props = {
      {"bootstrap.servers", o.brokers},
      {"group.id", o.group_id},
      {"client.id", "kinerja-archiver"},
      {"enable.auto.commit", "false"},
      {"enable.auto.offset.store", "false"},
      {"auto.offset.reset", "earliest"},
      {"partition.assignment.strategy", "range,roundrobin"},
      {"session.timeout.ms", std::to_string(o.session_timeout_ms)},
      {"heartbeat.interval.ms", std::to_string(std::max(100, o.session_timeout_ms / 10))},
      {"fetch.wait.max.ms", "100"},
  };
  for (const auto& kv : o.extra_config) props.push_back(kv);
  for (const auto& [k, v] : props) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof(err)) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      return Status::InvalidArgument("librdkafka " + k + ": " + err);
    }
  }
  rd_kafka_conf_set_rebalance_cb(conf, &ArchiverCallbacks::Rebalance);
  rd_kafka_conf_set_opaque(conf, a.get());
  a->rk_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
  if (a->rk_ == nullptr) {
    rd_kafka_conf_destroy(conf);
    return Status::InvalidArgument(std::string("librdkafka consumer: ") + err);
  }
  rd_kafka_poll_set_consumer(a->rk_);
  rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(topics, o.topic.c_str(), RD_KAFKA_PARTITION_UA);
  const rd_kafka_resp_err_t sub = rd_kafka_subscribe(a->rk_, topics);
  rd_kafka_topic_partition_list_destroy(topics);
  if (sub != RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_destroy(a->rk_);
    a->rk_ = nullptr;
    return Status::InvalidArgument(std::string("subscribe: ") + rd_kafka_err2str(sub));
  }
  a->thread_ = std::thread([p = a.get()] { p->Run(); });
  return a;
}

Archiver::~Archiver() {
  if (!stopped_) (void)Stop();
}

Status Archiver::Stop() {
  if (stopped_) return stop_status_;
  stopped_ = true;
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  return stop_status_;
}

void Archiver::AbandonForTesting() {
  abandon_ = true;
  (void)Stop();
}

ArchiverMetrics Archiver::metrics() const {
  std::lock_guard<std::mutex> lock(metrics_mu_);
  return metrics_;
}

void Archiver::Log(const std::string& line) {
  if (options_.log) options_.log(line);
}

void Archiver::Alert(const std::string& what, uint64_t ArchiverMetrics::*counter) {
  {
    std::lock_guard<std::mutex> lock(metrics_mu_);
    ++(metrics_.*counter);
    ++metrics_.alerts;
    metrics_.last_alert = what;
  }
  Log("ALERT " + what);
  WriteStatus();
}

void Archiver::WriteStatus() {
  const ArchiverMetrics m = metrics();
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("ok");
  w.Bool(m.alerts == 0);
  w.Key("lastPosition");
  w.Uint64(m.last_position);
  w.Key("lastHash");
  w.String(m.last_hash.c_str());
  const std::pair<const char*, uint64_t> nums[] = {
      {"archived", m.archived}, {"duplicates", m.duplicates}, {"buffered", m.buffered},
      {"alerts", m.alerts},     {"breaks", m.breaks},         {"gaps", m.gaps},
      {"conflicts", m.conflicts}, {"undecodable", m.undecodable}};
  for (const auto& [k, v] : nums) {
    w.Key(k);
    w.Uint64(v);
  }
  w.Key("lastAlert");
  w.String(m.last_alert.c_str(), static_cast<rapidjson::SizeType>(m.last_alert.size()));
  w.Key("updatedAt");
  w.String(eventstore::FormatKafkaTime(
               std::chrono::duration_cast<std::chrono::microseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count())
               .c_str());
  w.EndObject();
  std::string text(buf.GetString(), buf.GetSize());
  text += '\n';
  if (Status s = WriteFileAtomic(options_.status_file, text); !s.ok()) {
    Log("status file: " + s.message());
  }
}

bool Archiver::Verify(const eventstore::RecordedEvent& e, uint64_t prev_position,
                      const std::string& prev_hash, std::string* why) {
  if (e.prev_hash != prev_hash) {
    *why = "position " + std::to_string(e.position) + ": prevHash " + e.prev_hash +
           " is not the hash of position " + std::to_string(prev_position) + " (" + prev_hash +
           ")";
    return false;
  }
  std::string prev_raw;
  if (!eventstore::FromHex(e.prev_hash, &prev_raw)) {
    *why = "position " + std::to_string(e.position) + ": prevHash is not hex";
    return false;
  }
  const std::string hash = eventstore::ToHex(eventstore::ComputeHashRaw(prev_raw, e));
  if (hash != e.hash) {
    *why = "position " + std::to_string(e.position) + ": hash " + e.hash +
           " does not match the recomputed " + hash;
    return false;
  }
  return true;
}

void Archiver::ForgetOffset(int32_t partition, int64_t offset) {
  auto it = buffered_offsets_.find(partition);
  if (it == buffered_offsets_.end()) return;
  auto o = it->second.find(offset);
  if (o != it->second.end()) it->second.erase(o);
}

void Archiver::OnMessage(int32_t partition, int64_t offset, std::string value) {
  next_offset_[partition] = offset + 1;
  auto decoded = eventstore::DecodeKafkaValue(value);
  if (!decoded.ok()) {
    (void)files_.Reject(value, "undecodable: " + decoded.status().message());
    Alert("partition " + std::to_string(partition) + " offset " + std::to_string(offset) +
              ": not an event envelope (" + decoded.status().message() + ")",
          &ArchiverMetrics::undecodable);
    return;
  }
  eventstore::RecordedEvent& e = decoded.value();
  const uint64_t last = files_.last_position();
  if (e.position <= last) {
    const uint64_t back = last - e.position;
    if (back < recent_hashes_.size() &&
        recent_hashes_[recent_hashes_.size() - 1 - back] != e.hash) {
      (void)files_.Reject(value, "conflicts with archived position");
      Alert("position " + std::to_string(e.position) + " arrived again with hash " + e.hash +
                ", archived with " + recent_hashes_[recent_hashes_.size() - 1 - back],
            &ArchiverMetrics::conflicts);
      return;
    }
    std::lock_guard<std::mutex> lock(metrics_mu_);
    ++metrics_.duplicates;
    return;
  }
  std::vector<Candidate>& candidates = buffer_[e.position];
  for (const Candidate& c : candidates) {
    if (c.value == value) {
      std::lock_guard<std::mutex> lock(metrics_mu_);
      ++metrics_.duplicates;
      return;
    }
  }
  buffered_offsets_[partition].insert(offset);
  candidates.push_back(Candidate{std::move(e), std::move(value), partition, offset});
}

Status Archiver::Flush() {
  std::vector<std::pair<eventstore::RecordedEvent, std::string>> run;
  // The running head: files_ only moves after the append below succeeded.
  uint64_t head_position = files_.last_position();
  std::string head_hash = files_.last_hash();
  Status result = Status::Ok();
  while (!buffer_.empty()) {
    auto it = buffer_.begin();
    if (it->first <= head_position) {  // Cannot happen after OnMessage's check; be safe.
      for (const Candidate& c : it->second) ForgetOffset(c.partition, c.offset);
      buffer_.erase(it);
      continue;
    }
    if (it->first != head_position + 1) break;
    Candidate* chosen = nullptr;
    for (Candidate& c : it->second) {
      ForgetOffset(c.partition, c.offset);
      if (chosen != nullptr) {
        if (c.event.hash != chosen->event.hash) {
          (void)files_.Reject(c.value, "conflicting copy of an archived position");
          Alert("position " + std::to_string(c.event.position) +
                    " arrived with two different contents",
                &ArchiverMetrics::conflicts);
        }
        continue;
      }
      std::string why;
      if (Verify(c.event, head_position, head_hash, &why)) {
        chosen = &c;
      } else {
        (void)files_.Reject(c.value, why);
        Alert("hash chain break: " + why, &ArchiverMetrics::breaks);
      }
    }
    if (chosen == nullptr) {
      buffer_.erase(it);
      break;  // The position stays open for a genuine copy (or a gap alert).
    }
    head_position = chosen->event.position;
    head_hash = chosen->event.hash;
    run.emplace_back(std::move(chosen->event), std::move(chosen->value));
    buffer_.erase(it);
  }
  if (!run.empty()) {
    result = files_.Append(run);
    if (!result.ok()) {
      Log("ALERT archive write failed: " + result.message());
      return result;
    }
    for (const auto& [e, v] : run) {
      recent_hashes_.push_back(e.hash);
      if (recent_hashes_.size() > kRecentHashes) recent_hashes_.pop_front();
    }
    std::lock_guard<std::mutex> lock(metrics_mu_);
    metrics_.archived += run.size();
    metrics_.last_position = files_.last_position();
    metrics_.last_hash = files_.last_hash();
  }
  {
    std::lock_guard<std::mutex> lock(metrics_mu_);
    uint64_t n = 0;
    for (const auto& [p, c] : buffer_) n += c.size();
    metrics_.buffered = n;
  }
  // Commit, per partition, up to (not including) the first message still buffered.
  rd_kafka_topic_partition_list_t* commit = rd_kafka_topic_partition_list_new(
      static_cast<int>(next_offset_.size()) + 1);
  for (const auto& [p, next] : next_offset_) {
    const auto b = buffered_offsets_.find(p);
    const int64_t upto = (b == buffered_offsets_.end() || b->second.empty()) ? next
                                                                              : *b->second.begin();
    auto c = committed_.find(p);
    if (c != committed_.end() && c->second == upto) continue;
    rd_kafka_topic_partition_list_add(commit, options_.topic.c_str(), p)->offset = upto;
    committed_[p] = upto;
  }
  if (commit->cnt > 0 && rk_ != nullptr) {
    const rd_kafka_resp_err_t e = rd_kafka_commit(rk_, commit, /*async=*/0);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR && e != RD_KAFKA_RESP_ERR__NO_OFFSET) {
      Log(std::string("offset commit failed: ") + rd_kafka_err2str(e));
      for (int i = 0; i < commit->cnt; ++i) committed_.erase(commit->elems[i].partition);
    }
  }
  rd_kafka_topic_partition_list_destroy(commit);
  return result;
}

void Archiver::CheckGap() {
  const uint64_t want = files_.last_position() + 1;
  if (buffer_.empty() || buffer_.begin()->first == want) {
    gap_at_ = 0;
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  if (gap_at_ != want) {
    gap_at_ = want;
    gap_since_ = now;
    gap_alerted_ = false;
    return;
  }
  if (!gap_alerted_ && now - gap_since_ >= std::chrono::milliseconds(options_.gap_timeout_ms)) {
    gap_alerted_ = true;
    Alert("gap: positions " + std::to_string(want) + ".." +
              std::to_string(buffer_.begin()->first - 1) + " missing for more than " +
              std::to_string(options_.gap_timeout_ms) + " ms (" +
              std::to_string(buffer_.size()) + " later position(s) waiting)",
          &ArchiverMetrics::gaps);
  }
}

void Archiver::OnRebalance(int err, rd_kafka_topic_partition_list_t* partitions) {
  if (abandon_) return;
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    if (files_.last_position() == 0) {
      // An empty archive starts from the beginning whatever the group committed before.
      for (int i = 0; i < partitions->cnt; ++i) {
        partitions->elems[i].offset = RD_KAFKA_OFFSET_BEGINNING;
      }
    }
    rd_kafka_assign(rk_, partitions);
    Log("assigned " + std::to_string(partitions->cnt) + " partition(s)");
    return;
  }
  (void)Flush();
  // What is still buffered from a revoked partition is re-read by its next owner (the commit
  // stopped before it).
  for (int i = 0; i < partitions->cnt; ++i) {
    const int32_t p = partitions->elems[i].partition;
    for (auto it = buffer_.begin(); it != buffer_.end();) {
      auto& cands = it->second;
      cands.erase(std::remove_if(cands.begin(), cands.end(),
                                 [p](const Candidate& c) { return c.partition == p; }),
                  cands.end());
      it = cands.empty() ? buffer_.erase(it) : std::next(it);
    }
    buffered_offsets_.erase(p);
    next_offset_.erase(p);
    committed_.erase(p);
  }
  rd_kafka_assign(rk_, nullptr);
  Log("revoked " + std::to_string(partitions->cnt) + " partition(s)");
}

void Archiver::Run() {
  auto last_flush = std::chrono::steady_clock::now();
  auto last_status = last_flush;
  int since_flush = 0;
  while (!stop_) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk_, 50);
    if (m != nullptr) {
      if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        OnMessage(m->partition, m->offset,
                  std::string(static_cast<const char*>(m->payload), m->len));
        ++since_flush;
      } else if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        Log(std::string("consumer error: ") + rd_kafka_message_errstr(m));
      }
      rd_kafka_message_destroy(m);
    }
    const auto now = std::chrono::steady_clock::now();
    if (m == nullptr || since_flush >= kFlushEveryMessages || now - last_flush >= kFlushEvery) {
      if (Status s = Flush(); !s.ok()) {
        stop_status_ = s;
        break;
      }
      CheckGap();
      since_flush = 0;
      last_flush = now;
    }
    if (now - last_status >= std::chrono::milliseconds(options_.status_interval_ms)) {
      WriteStatus();
      last_status = now;
    }
    if (options_.exit_on_alert && metrics().alerts > 0) break;
  }
  if (abandon_) {
    rd_kafka_destroy_flags(rk_, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
    rk_ = nullptr;
    finished_ = true;
    return;
  }
  if (stop_status_.ok()) stop_status_ = Flush();
  WriteStatus();
  rd_kafka_consumer_close(rk_);
  rd_kafka_destroy(rk_);
  rk_ = nullptr;
  finished_ = true;
}

}  // namespace kinerja::consumers
