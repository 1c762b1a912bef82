#include "eventstore/kafka_relay.h"

#include <librdkafka/rdkafka.h>
#include <pthread.h>

#include <algorithm>
#include <chrono>

#include "eventstore/kafka_event_codec.h"
#include "eventstore/kafka_log_prefetcher.h"

namespace kinerja::eventstore {

namespace {
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr uint8_t kPending = 0, kDelivered = 1, kFailed = 2;
}  // namespace

Result<std::unique_ptr<KafkaRelay>> KafkaRelay::Start(EventStore* store,
                                                      KafkaRelayOptions options) {
  if (store == nullptr) return Status::InvalidArgument("kafka relay: no store");
  if (options.brokers.empty()) return Status::InvalidArgument("kafka relay: brokers is empty");
  if (options.topic.empty()) return Status::InvalidArgument("kafka relay: topic is empty");
  if (options.max_in_flight == 0 || options.read_batch == 0) {
    return Status::InvalidArgument("kafka relay: max_in_flight and read_batch must be > 0");
  }
  std::unique_ptr<KafkaRelay> relay(new KafkaRelay(store, std::move(options)));
  auto checkpoint = store->LoadCheckpoint(relay->checkpoint_name_);
  if (!checkpoint.ok()) {
    relay->stopped_ = true;
    return Status::IOError("kafka relay: load checkpoint " + relay->checkpoint_name_ + ": " +
                           checkpoint.status().message());
  }
  relay->relayed_ = relay->checkpoint_ = *checkpoint;
  relay->next_ = *checkpoint + 1;
  Status s = relay->CreateProducer();
  if (!s.ok()) {
    relay->stopped_ = true;
    return s;
  }
  relay->poller_ = std::thread([r = relay.get()] { r->PollLoop(); });
  relay->reader_ = std::thread([r = relay.get()] { r->ReaderLoop(); });
  return relay;
}

KafkaRelay::KafkaRelay(EventStore* store, KafkaRelayOptions options)
    : store_(store), options_(std::move(options)) {
  checkpoint_name_ =
      options_.checkpoint_name.empty() ? "relay/" + options_.topic : options_.checkpoint_name;
}

KafkaRelay::~KafkaRelay() {
  if (stopped_) return;
  // Crash semantics: no flush, no final checkpoint.
  stop_reader_.store(true);
  cv_.notify_all();
  if (reader_.joinable()) reader_.join();
  stop_poll_.store(true);
  if (poller_.joinable()) poller_.join();
  DestroyProducer();
}

Status KafkaRelay::Stop() {
  if (stopped_) return Status::Ok();
  stopped_ = true;
  stop_reader_.store(true);
  cv_.notify_all();
  if (reader_.joinable()) reader_.join();
  stop_poll_.store(true);
  if (poller_.joinable()) poller_.join();

  int left = 0;
  if (producer_ != nullptr) {
    // Delivery reports are events on the main queue: serve them until everything is reported.
    const auto deadline = Clock::now() + milliseconds(options_.stop_flush_timeout_ms);
    while (rd_kafka_outq_len(producer_) > 0 && Clock::now() < deadline) ServeEvents(50);
    ServeEvents(0);
    left = rd_kafka_outq_len(producer_);
  }
  MaybeSaveCheckpoint(/*force=*/true);
  DestroyProducer();
  std::lock_guard<std::mutex> lock(mu_);
  if (checkpoint_ < relayed_) {
    return Status::IOError("kafka relay: could not save checkpoint: " + last_error_);
  }
  if (left > 0 || pending_ > 0) {
    return Status::Unavailable("kafka relay: " + std::to_string(pending_) +
                               " messages undelivered at stop; they are re-sent from position " +
                               std::to_string(relayed_ + 1) + " on the next start");
  }
  return Status::Ok();
}

Status KafkaRelay::CreateProducer() {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  std::string failed;
  auto set = [&](const std::string& key, const std::string& value) {
    if (!failed.empty()) return;
    if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof(err)) !=
        RD_KAFKA_CONF_OK) {
      failed = key + ": " + err;
    }
  };
  set("bootstrap.servers", options_.brokers);
  set("enable.idempotence", "true");
  set("acks", "all");
  set("enable.gapless.guarantee", "true");
  set("linger.ms", std::to_string(options_.linger_ms));
  set("batch.num.messages", std::to_string(options_.batch_num_messages));
  set("message.timeout.ms", std::to_string(options_.message_timeout_ms));
  set("compression.codec", options_.compression);
  set("partitioner", options_.partitioner);
  set("retry.backoff.ms", std::to_string(options_.retry_backoff_ms));
  set("reconnect.backoff.ms",
      std::to_string(std::min(100, std::max(1, options_.reconnect_backoff_max_ms))));
  set("reconnect.backoff.max.ms", std::to_string(options_.reconnect_backoff_max_ms));
  set("queue.buffering.max.messages",
      std::to_string(std::max<size_t>(100000, options_.max_in_flight + 1000)));
  set("log.connection.close", "false");
  for (const auto& [key, value] : options_.extra_config) set(key, value);
  if (!failed.empty()) {
    rd_kafka_conf_destroy(conf);
    return Status::InvalidArgument("kafka relay: " + failed);
  }
  // Delivery reports and errors as events on the main queue, served in batches by PollLoop.
  rd_kafka_conf_set_events(conf, RD_KAFKA_EVENT_DR | RD_KAFKA_EVENT_ERROR);
  rd_kafka_conf_set_log_cb(conf, &KafkaRelay::LogThunk);
  rd_kafka_conf_set_opaque(conf, this);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  if (rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    return Status::InvalidArgument(std::string("kafka relay: ") + err);
  }
  rd_kafka_topic_t* topic = rd_kafka_topic_new(rk, options_.topic.c_str(), nullptr);
  if (topic == nullptr) {
    rd_kafka_destroy(rk);
    return Status::InvalidArgument("kafka relay: topic " + options_.topic + ": " +
                                   rd_kafka_err2str(rd_kafka_last_error()));
  }
  std::unique_lock<std::shared_mutex> lock(producer_mu_);
  producer_ = rk;
  topic_ = topic;
  queue_ = rd_kafka_queue_get_main(rk);
  return Status::Ok();
}

void KafkaRelay::DestroyProducer() {
  std::unique_lock<std::shared_mutex> lock(producer_mu_);
  DestroyProducerLocked();
}

void KafkaRelay::DestroyProducerLocked() {
  if (producer_ == nullptr) return;
  rd_kafka_purge(producer_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
  rd_kafka_queue_destroy(queue_);
  rd_kafka_topic_destroy(topic_);
  rd_kafka_destroy(producer_);
  queue_ = nullptr;
  topic_ = nullptr;
  producer_ = nullptr;
}

void KafkaRelay::ServeEvents(int timeout_ms) {
  rd_kafka_event_t* ev = rd_kafka_queue_poll(queue_, timeout_ms);
  for (; ev != nullptr; ev = rd_kafka_queue_poll(queue_, 0)) {
    switch (rd_kafka_event_type(ev)) {
      case RD_KAFKA_EVENT_DR:
        OnDeliveries(ev);
        break;
      case RD_KAFKA_EVENT_ERROR:
        OnError(rd_kafka_event_error(ev), rd_kafka_event_error_string(ev));
        break;
      default:
        break;
    }
    rd_kafka_event_destroy(ev);
  }
}

void KafkaRelay::ReaderLoop() {
  pthread_setname_np(pthread_self(), "kinerja-relay");
  LogPrefetcher prefetcher(store_, next_, options_.read_batch, 4, options_.source,
                           [this](const Status& s) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      last_error_ = "read log: " + s.ToString();
    }
    Log("kafka relay: cannot read the log: " + s.ToString());
  });
  std::vector<PreparedEvent> batch;
  size_t index = 0;
  while (!stop_reader_.load()) {
    bool fatal, rewind, full;
    {
      std::lock_guard<std::mutex> lock(mu_);
      fatal = fatal_;
      rewind = rewind_;
      full = window_.size() >= options_.max_in_flight;
    }
    if (fatal || rewind) {
      if (fatal) {
        RecoverFromFatal();
      } else {
        Rewind();
      }
      batch.clear();
      index = 0;
      prefetcher.Seek(next_);
      continue;
    }
    if (full) {
      std::unique_lock<std::mutex> lock(mu_);
      ++waiters_;
      cv_.wait_for(lock, milliseconds(100), [&] {
        return window_.size() < options_.max_in_flight || stop_reader_.load() || fatal_ ||
               rewind_;
      });
      --waiters_;
      continue;
    }
    if (index >= batch.size()) {
      batch.clear();
      index = 0;
      if (!prefetcher.Next(&batch, milliseconds(100))) continue;
    }
    // Reserve window slots for a run of events under one lock, then produce them.
    size_t run;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (fatal_ || rewind_) continue;
      const uint64_t expected = relayed_ + window_.size() + 1;
      if (batch[index].position != expected) {
        last_error_ = "log returned position " + std::to_string(batch[index].position) +
                      ", expected " + std::to_string(expected);
        rewind_ = true;
        continue;
      }
      run = std::min(batch.size() - index, options_.max_in_flight - window_.size());
      window_.insert(window_.end(), run, kPending);
      pending_ += run;
      produced_total_ += run;
    }
    size_t done = 0;
    {
      // Shared for the whole run: only this thread replaces the producer (RecoverFromFatal).
      std::shared_lock<std::shared_mutex> producer_lock(producer_mu_);
      while (done < run && ProduceOne(batch[index + done])) ++done;
    }
    index += done;
    next_ += done;
    if (done < run) {  // Halted: give back the slots of what was not produced (still pending).
      std::lock_guard<std::mutex> lock(mu_);
      window_.erase(window_.end() - static_cast<std::ptrdiff_t>(run - done), window_.end());
      pending_ -= run - done;
      produced_total_ -= run - done;
    }
  }
  prefetcher.Stop();
}

bool KafkaRelay::ProduceOne(PreparedEvent& prepared) {
  while (!stop_reader_.load()) {
    rd_kafka_headers_t* hdrs = prepared.headers.get();
    // The caller holds producer_mu_ shared and reserved this event's window slot.
    const rd_kafka_resp_err_t err = rd_kafka_producev(
        producer_, RD_KAFKA_V_RKT(topic_), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_KEY(prepared.key.data(), prepared.key.size()),
        RD_KAFKA_V_VALUE(const_cast<char*>(prepared.value.data()), prepared.value.size()),
        RD_KAFKA_V_HEADERS(hdrs),
        RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(static_cast<uintptr_t>(prepared.position))),
        RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      (void)prepared.headers.release();  // librdkafka owns them now.
      return true;
    }
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      std::this_thread::sleep_for(milliseconds(2));  // The poll thread drains the queue.
      continue;
    }
    std::string line;
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++errors_total_;
      last_error_ =
          "produce position " + std::to_string(prepared.position) + ": " + rd_kafka_err2str(err);
      line = "kafka relay: " + last_error_;
      if (err == RD_KAFKA_RESP_ERR__FATAL) {
        fatal_ = true;
      } else {
        rewind_ = true;
      }
    }
    Log(line);
    return false;
  }
  return false;
}

void KafkaRelay::OnDeliveries(rd_kafka_op_s* ev) {
  std::string line;
  {
    std::lock_guard<std::mutex> lock(mu_);
    while (const rd_kafka_message_t* msg = rd_kafka_event_message_next(ev)) {
      const uint64_t pos = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(msg->_private));
      if (pos <= relayed_ || pos > relayed_ + window_.size()) continue;  // From before a reset.
      uint8_t& slot = window_[pos - relayed_ - 1];
      if (slot != kPending) continue;
      --pending_;
      if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        slot = kDelivered;
        ++delivered_total_;
      } else {
        slot = kFailed;
        ++errors_total_;
        last_error_ =
            "delivery of position " + std::to_string(pos) + ": " + rd_kafka_err2str(msg->err);
        if (!rewind_ && line.empty()) line = "kafka relay: " + last_error_;
        rewind_ = true;
        if (msg->err == RD_KAFKA_RESP_ERR__FATAL) fatal_ = true;
      }
    }
    while (!window_.empty() && window_.front() == kDelivered) {
      window_.pop_front();
      ++relayed_;
    }
  }
  if (waiters_.load() > 0) cv_.notify_all();
  if (!line.empty()) Log(line);
}

void KafkaRelay::OnError(int err, const char* reason) {
  const auto code = static_cast<rd_kafka_resp_err_t>(err);
  if (code == RD_KAFKA_RESP_ERR__FATAL) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      fatal_ = true;
      last_error_ = std::string("fatal: ") + reason;
    }
    cv_.notify_all();
  }
  Log(std::string("kafka relay: ") + rd_kafka_err2name(code) + ": " + reason);
}

void KafkaRelay::Rewind() {
  uint64_t from;
  {
    std::unique_lock<std::mutex> lock(mu_);
    // Let everything in flight resolve, so nothing of the old round can land after a re-send.
    ++waiters_;
    while (pending_ > 0 && !stop_reader_.load() && !fatal_) cv_.wait_for(lock, milliseconds(100));
    --waiters_;
    if (stop_reader_.load() || fatal_) return;
    cv_.wait_for(lock, milliseconds(options_.error_backoff_ms),
                 [&] { return stop_reader_.load() || fatal_; });
    if (stop_reader_.load() || fatal_) return;
    window_.clear();
    rewind_ = false;
    ++rewinds_total_;
    next_ = from = relayed_ + 1;
  }
  Log("kafka relay: re-sending from position " + std::to_string(from));
}

void KafkaRelay::RecoverFromFatal() {
  std::string reason;
  {
    std::shared_lock<std::shared_mutex> lock(producer_mu_);
    char buf[512] = "";
    if (producer_ != nullptr) rd_kafka_fatal_error(producer_, buf, sizeof(buf));
    reason = buf;
  }
  Log("kafka relay: fatal producer error (" + reason + "); recreating the producer");
  {
    std::unique_lock<std::shared_mutex> lock(producer_mu_);
    if (producer_ != nullptr) {
      rd_kafka_purge(producer_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
      // Serve the reports of what was delivered before the error (and of the purged messages).
      const auto deadline = Clock::now() + milliseconds(5000);
      while (rd_kafka_outq_len(producer_) > 0 && Clock::now() < deadline) ServeEvents(50);
      ServeEvents(0);
      DestroyProducerLocked();
    }
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    window_.clear();
    pending_ = 0;
    rewind_ = false;
    fatal_ = false;
    ++restarts_total_;
    next_ = relayed_ + 1;
  }
  while (!stop_reader_.load()) {
    Status s = CreateProducer();
    if (s.ok()) return;
    Log("kafka relay: cannot recreate the producer: " + s.ToString());
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, milliseconds(options_.error_backoff_ms),
                 [&] { return stop_reader_.load(); });
  }
}

void KafkaRelay::PollLoop() {
  pthread_setname_np(pthread_self(), "kinerja-rly-dr");
  while (!stop_poll_.load()) {
    bool polled = false;
    {
      std::shared_lock<std::shared_mutex> lock(producer_mu_);
      if (producer_ != nullptr) {
        ServeEvents(50);
        polled = true;
      }
    }
    if (!polled) std::this_thread::sleep_for(milliseconds(10));
    MaybeSaveCheckpoint(/*force=*/false);
  }
}

void KafkaRelay::MaybeSaveCheckpoint(bool force) {
  std::lock_guard<std::mutex> serial(checkpoint_mu_);
  uint64_t target;
  {
    std::lock_guard<std::mutex> lock(mu_);
    target = relayed_;
    if (target <= checkpoint_) return;
    if (!force && Clock::now() - last_save_ < milliseconds(options_.checkpoint_interval_ms)) {
      return;
    }
  }
  Status s = store_->SaveCheckpoint(checkpoint_name_, target);
  {
    std::lock_guard<std::mutex> lock(mu_);
    last_save_ = Clock::now();
    if (s.ok()) {
      checkpoint_ = target;
    } else {
      last_error_ = "save checkpoint: " + s.ToString();
    }
  }
  if (!s.ok()) Log("kafka relay: cannot save checkpoint: " + s.ToString());
}

KafkaRelayMetrics KafkaRelay::metrics() const {
  KafkaRelayMetrics m;
  const uint64_t head = store_->head_position();
  std::lock_guard<std::mutex> lock(mu_);
  m.relayed_position = relayed_;
  m.checkpoint_position = checkpoint_;
  m.head_position = std::max(head, relayed_);
  m.lag_events = m.head_position - relayed_;
  m.in_flight = pending_;
  m.produced_total = produced_total_;
  m.delivered_total = delivered_total_;
  m.delivery_errors_total = errors_total_;
  m.rewinds_total = rewinds_total_;
  m.producer_restarts_total = restarts_total_;
  m.last_error = last_error_;
  return m;
}

bool KafkaRelay::WaitForRelayed(uint64_t position, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mu_);
  ++waiters_;
  const bool reached = cv_.wait_for(lock, timeout, [&] { return relayed_ >= position; });
  --waiters_;
  return reached;
}

Status KafkaRelay::InjectFatalErrorForTesting() {
  std::shared_lock<std::shared_mutex> lock(producer_mu_);
  if (producer_ == nullptr) return Status::Unavailable("kafka relay: no producer");
  rd_kafka_resp_err_t err = rd_kafka_test_fatal_error(
      producer_, RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER, "injected by a test");
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::Unavailable(std::string("kafka relay: ") + rd_kafka_err2str(err));
  }
  return Status::Ok();
}

void KafkaRelay::Log(const std::string& line) {
  if (options_.log) options_.log(line);
}

void KafkaRelay::LogThunk(const rd_kafka_s* rk, int level, const char* facility,
                          const char* buf) {
  if (level > 4) return;  // Warnings and worse only.
  // Set on purpose; librdkafka warns that it is experimental on every producer creation.
  if (std::string_view(buf).find("enable.gapless.guarantee is experimental") !=
      std::string_view::npos) {
    return;
  }
  auto* self = static_cast<KafkaRelay*>(rd_kafka_opaque(rk));
  if (self != nullptr) self->Log(std::string("rdkafka ") + facility + ": " + buf);
}

}  // namespace kinerja::eventstore
