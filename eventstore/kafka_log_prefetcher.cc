#include "eventstore/kafka_log_prefetcher.h"

#include <pthread.h>

#include "eventstore/kafka_event_codec.h"

namespace kinerja::eventstore {

using std::chrono::milliseconds;

LogPrefetcher::LogPrefetcher(EventStore* store, uint64_t from, size_t batch, size_t max_batches,
                             std::string source, std::function<void(const Status&)> on_error)
    : store_(store),
      batch_(batch),
      max_batches_(max_batches),
      source_(std::move(source)),
      on_error_(std::move(on_error)),
      next_read_(from) {
  thread_ = std::thread([this] { Run(); });
}

LogPrefetcher::~LogPrefetcher() { Stop(); }

void LogPrefetcher::Stop() {
  stop_.store(true);
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void LogPrefetcher::Seek(uint64_t from) {
  std::lock_guard<std::mutex> lock(mu_);
  queue_.clear();
  next_read_ = from;
  ++generation_;
  cv_.notify_all();
}

bool LogPrefetcher::Next(std::vector<PreparedEvent>* out, milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  if (!cv_.wait_for(lock, timeout, [&] { return !queue_.empty() || stop_.load(); }) ||
      queue_.empty()) {
    return false;
  }
  *out = std::move(queue_.front());
  queue_.pop_front();
  cv_.notify_all();
  return true;
}

void LogPrefetcher::Run() {
  pthread_setname_np(pthread_self(), "kinerja-rly-rd");
  while (!stop_.load()) {
    uint64_t from, generation;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return queue_.size() < max_batches_ || stop_.load(); });
      if (stop_.load()) return;
      from = next_read_;
      generation = generation_;
    }
    if (store_->head_position() < from) {
      store_->WaitForPosition(from, milliseconds(100));
      continue;
    }
    AllRead read;
    read.from_position = from;
    read.limit = batch_;
    std::vector<PreparedEvent> events;
    events.reserve(batch_);
    Status s = store_->ForEach(read, [&](const RecordedEvent& e) {
      KafkaKeyValue kv = EncodeKafkaKeyValue(e);
      PreparedEvent& p = events.emplace_back();
      p.position = e.position;
      p.key = std::move(kv.key);
      p.value = std::move(kv.value);
      p.headers.reset(rd_kafka_headers_new(9));
      rd_kafka_headers_t* h = p.headers.get();
      ForEachKafkaHeader(e, source_, [h](std::string_view name, std::string_view v) {
        rd_kafka_header_add(h, name.data(), static_cast<ssize_t>(name.size()), v.data(),
                            static_cast<ssize_t>(v.size()));
      });
      return !stop_.load();
    });
    if (!s.ok()) {
      on_error_(s);
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, milliseconds(500), [&] { return stop_.load(); });
      continue;
    }
    if (events.empty()) continue;
    std::lock_guard<std::mutex> lock(mu_);
    if (generation != generation_) continue;  // Seek() happened meanwhile.
    next_read_ = events.back().position + 1;
    queue_.push_back(std::move(events));
    cv_.notify_all();
  }
}

}  // namespace kinerja::eventstore
