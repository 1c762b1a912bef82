#include "consumers/analytics_consumer.h"

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <set>

#include "consumers/file_util.h"
#include "eventstore/kafka_event_codec.h"

namespace kinerja::consumers {

using eventstore::Result;
using eventstore::Status;

struct AnalyticsCallbacks {
  static void Rebalance(rd_kafka_t* /*rk*/, rd_kafka_resp_err_t err,
                        rd_kafka_topic_partition_list_t* partitions, void* opaque) {
    static_cast<AnalyticsConsumer*>(opaque)->OnRebalance(static_cast<int>(err), partitions);
  }
};

Result<FigureFormat> ParseFigureFormat(const std::string& text) {
  if (text == "csv") return FigureFormat::kCsv;
  if (text == "ndjson") return FigureFormat::kNdjson;
  return Status::InvalidArgument("format must be csv or ndjson, not '" + text + "'");
}

AnalyticsConsumer::AnalyticsConsumer(AnalyticsOptions options) : options_(std::move(options)) {}

Result<std::unique_ptr<AnalyticsConsumer>> AnalyticsConsumer::Start(AnalyticsOptions options) {
  if (options.brokers.empty()) return Status::InvalidArgument("brokers are required");
  if (options.group_id.empty()) return Status::InvalidArgument("group id is required");
  if (options.topic.empty()) return Status::InvalidArgument("topic is required");
  if (options.state_dir.empty()) return Status::InvalidArgument("state dir is required");
  if (options.output_dir.empty()) return Status::InvalidArgument("output dir is required");
  if (options.snapshot_interval_ms <= 0) {
    return Status::InvalidArgument("snapshot interval must be positive");
  }
  if (Status s = MakeDirs(options.state_dir); !s.ok()) return s;
  if (Status s = MakeDirs(options.output_dir); !s.ok()) return s;

  std::unique_ptr<AnalyticsConsumer> c(new AnalyticsConsumer(std::move(options)));
  const AnalyticsOptions& o = c->options_;
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  std::vector<std::pair<std::string, std::string>> props = {
      {"bootstrap.servers", o.brokers},
      {"group.id", o.group_id},
      {"client.id", "kinerja-analytics"},
      {"enable.auto.commit", "false"},
      {"enable.auto.offset.store", "false"},
      {"auto.offset.reset", "earliest"},
      // Eager assignors: every partition is revoked (and snapshotted) before it moves.
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
  rd_kafka_conf_set_rebalance_cb(conf, &AnalyticsCallbacks::Rebalance);
  rd_kafka_conf_set_opaque(conf, c.get());
  c->rk_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
  if (c->rk_ == nullptr) {
    rd_kafka_conf_destroy(conf);
    return Status::InvalidArgument(std::string("librdkafka consumer: ") + err);
  }
  rd_kafka_poll_set_consumer(c->rk_);
  rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(topics, o.topic.c_str(), RD_KAFKA_PARTITION_UA);
  const rd_kafka_resp_err_t sub = rd_kafka_subscribe(c->rk_, topics);
  rd_kafka_topic_partition_list_destroy(topics);
  if (sub != RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_destroy(c->rk_);
    c->rk_ = nullptr;
    return Status::InvalidArgument(std::string("subscribe: ") + rd_kafka_err2str(sub));
  }
  c->thread_ = std::thread([p = c.get()] { p->Run(); });
  return c;
}

AnalyticsConsumer::~AnalyticsConsumer() {
  if (!stopped_) (void)Stop();
}

Status AnalyticsConsumer::Stop() {
  if (stopped_) return stop_status_;
  stopped_ = true;
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  return stop_status_;
}

void AnalyticsConsumer::AbandonForTesting() {
  abandon_ = true;
  (void)Stop();
}

AnalyticsMetrics AnalyticsConsumer::metrics() const {
  std::lock_guard<std::mutex> lock(metrics_mu_);
  return metrics_;
}

std::string AnalyticsConsumer::StatePath(int32_t partition) const {
  return options_.state_dir + "/state-p" + std::to_string(partition) + ".json";
}

std::string AnalyticsConsumer::FiguresPath(int32_t partition) const {
  return options_.output_dir + "/figures-p" + std::to_string(partition) +
         (options_.format == FigureFormat::kCsv ? ".csv" : ".ndjson");
}

void AnalyticsConsumer::Log(const std::string& line) {
  if (options_.log) options_.log(line);
}

void AnalyticsConsumer::Run() {
  auto last_snapshot = std::chrono::steady_clock::now();
  const auto interval = std::chrono::milliseconds(options_.snapshot_interval_ms);
  while (!stop_) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk_, 100);
    if (m != nullptr) {
      if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        auto it = states_.find(m->partition);
        if (it != states_.end()) {
          std::string_view value(static_cast<const char*>(m->payload), m->len);
          auto e = eventstore::DecodeKafkaValue(value);
          bool applied = false;
          if (e.ok()) {
            applied = it->second.Apply(e.value(), m->offset);
          } else {
            it->second.SkipMessage(m->offset);
            Log("partition " + std::to_string(m->partition) + " offset " +
                std::to_string(m->offset) + ": not an event envelope: " + e.status().message());
          }
          dirty_[m->partition] = true;
          std::lock_guard<std::mutex> lock(metrics_mu_);
          ++metrics_.messages;
          if (!e.ok()) ++metrics_.undecodable;
          else if (applied) ++metrics_.applied;
          else ++metrics_.duplicates;
        }
      } else if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        Log(std::string("consumer error: ") + rd_kafka_message_errstr(m));
        std::lock_guard<std::mutex> lock(metrics_mu_);
        metrics_.last_error = rd_kafka_message_errstr(m);
      }
      rd_kafka_message_destroy(m);
    }
    if (std::chrono::steady_clock::now() - last_snapshot >= interval) {
      (void)Snapshot({}, /*only_dirty=*/true);
      last_snapshot = std::chrono::steady_clock::now();
    }
  }
  if (abandon_) {
    // As a crash: nothing written, nothing committed, the group not told.
    rd_kafka_destroy_flags(rk_, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
    rk_ = nullptr;
    return;
  }
  stop_status_ = Snapshot({}, /*only_dirty=*/false);
  rd_kafka_consumer_close(rk_);  // Revokes (and snapshots) what is still assigned.
  rd_kafka_destroy(rk_);
  rk_ = nullptr;
}

void AnalyticsConsumer::OnRebalance(int err, rd_kafka_topic_partition_list_t* partitions) {
  if (abandon_) return;
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    Assign(partitions);
  } else {
    Revoke(partitions);
  }
}

void AnalyticsConsumer::Assign(rd_kafka_topic_partition_list_t* partitions) {
  std::string names;
  for (int i = 0; i < partitions->cnt; ++i) {
    rd_kafka_topic_partition_t& tp = partitions->elems[i];
    const int32_t p = tp.partition;
    auto text = ReadFileToString(StatePath(p));
    PartitionState state(options_.topic, p);
    if (text.ok()) {
      auto parsed = PartitionState::Parse(text.value());
      if (parsed.ok() && parsed.value().topic() == options_.topic &&
          parsed.value().partition() == p) {
        state = std::move(parsed.value());
      } else {
        Log("partition " + std::to_string(p) + ": unusable state file " + StatePath(p) + " (" +
            (parsed.ok() ? std::string("other topic/partition") : parsed.status().message()) +
            "): rebuilding from the beginning");
      }
    } else if (text.status().code() != eventstore::StatusCode::kNotFound) {
      Log("partition " + std::to_string(p) + ": " + text.status().message() +
          ": rebuilding from the beginning");
    }
    // The state file, not the group's committed offset, says where to resume: the two agree
    // after a clean snapshot, and only the state file knows what its figures contain.
    tp.offset = state.next_offset() >= 0 ? state.next_offset() : RD_KAFKA_OFFSET_BEGINNING;
    names += " " + std::to_string(p) + "@" +
             (state.next_offset() >= 0 ? std::to_string(state.next_offset()) : "beginning");
    states_.erase(p);
    states_.emplace(p, std::move(state));
    dirty_[p] = false;
  }
  const rd_kafka_resp_err_t e = rd_kafka_assign(rk_, partitions);
  Log("assigned:" + names + (e ? std::string(" (assign failed: ") + rd_kafka_err2str(e) + ")" : ""));
  std::lock_guard<std::mutex> lock(metrics_mu_);
  metrics_.partitions.clear();
  for (const auto& [p, s] : states_) metrics_.partitions.push_back(p);
}

void AnalyticsConsumer::Revoke(rd_kafka_topic_partition_list_t* partitions) {
  std::vector<int32_t> revoked;
  for (int i = 0; i < partitions->cnt; ++i) revoked.push_back(partitions->elems[i].partition);
  (void)Snapshot(revoked, /*only_dirty=*/false);
  for (int32_t p : revoked) {
    states_.erase(p);
    dirty_.erase(p);
  }
  rd_kafka_assign(rk_, nullptr);
  Log("revoked " + std::to_string(revoked.size()) + " partition(s)");
  std::lock_guard<std::mutex> lock(metrics_mu_);
  metrics_.partitions.clear();
  for (const auto& [p, s] : states_) metrics_.partitions.push_back(p);
}

Status AnalyticsConsumer::Snapshot(const std::vector<int32_t>& partitions, bool only_dirty) {
  std::vector<int32_t> todo = partitions;
  if (todo.empty()) {
    for (const auto& [p, s] : states_) todo.push_back(p);
  }
  Status result = Status::Ok();
  rd_kafka_topic_partition_list_t* commit = rd_kafka_topic_partition_list_new(
      static_cast<int>(todo.size()) + 1);
  for (int32_t p : todo) {
    auto it = states_.find(p);
    if (it == states_.end()) continue;
    if (only_dirty && !dirty_[p]) continue;
    const PartitionState& s = it->second;
    if (s.next_offset() < 0) continue;  // Nothing read: nothing to write or commit.
    // State first: it is what a restart trusts. The figures are derived from it (a crash between
    // the two leaves stale figures that the next snapshot rewrites).
    Status st = WriteFileAtomic(StatePath(p), s.Serialize());
    if (st.ok()) {
      const std::vector<FigureRow> rows = s.Figures();
      st = WriteFileAtomic(FiguresPath(p), options_.format == FigureFormat::kCsv
                                               ? FiguresToCsv(rows)
                                               : FiguresToNdjson(rows));
    }
    std::lock_guard<std::mutex> lock(metrics_mu_);
    if (!st.ok()) {
      ++metrics_.snapshot_errors;
      metrics_.last_error = st.message();
      Log("partition " + std::to_string(p) + ": snapshot failed: " + st.message());
      result = st;
      continue;
    }
    ++metrics_.snapshots;
    dirty_[p] = false;
    rd_kafka_topic_partition_list_add(commit, options_.topic.c_str(), p)->offset =
        s.next_offset();
  }
  if (commit->cnt > 0 && rk_ != nullptr) {
    // Only now, with the state durable, the group's offsets move (for lag monitoring and tools;
    // resumption uses the state file).
    const rd_kafka_resp_err_t e = rd_kafka_commit(rk_, commit, /*async=*/0);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR && e != RD_KAFKA_RESP_ERR__NO_OFFSET) {
      Log(std::string("offset commit failed: ") + rd_kafka_err2str(e));
    }
  }
  rd_kafka_topic_partition_list_destroy(commit);
  return result;
}

}  // namespace kinerja::consumers
