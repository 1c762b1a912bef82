#include "eventstore/event_store.h"

#include <algorithm>

namespace kinerja::eventstore {

namespace {
constexpr size_t kSubscriptionBatch = 512;
}

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "Ok";
    case StatusCode::kWrongExpectedVersion: return "WrongExpectedVersion";
    case StatusCode::kNotFound: return "NotFound";
    case StatusCode::kInvalidArgument: return "InvalidArgument";
    case StatusCode::kIdempotencyMismatch: return "IdempotencyMismatch";
    case StatusCode::kCorruption: return "Corruption";
    case StatusCode::kUnsupportedFormat: return "UnsupportedFormat";
    case StatusCode::kIOError: return "IOError";
    case StatusCode::kUnavailable: return "Unavailable";
  }
  return "Unknown";
}

std::string Status::ToString() const {
  if (ok()) return "Ok";
  return std::string(StatusCodeName(code_)) + ": " + message_;
}

bool RecordedEvent::operator==(const RecordedEvent& o) const {
  return position == o.position && stream == o.stream && stream_version == o.stream_version &&
         id == o.id && type == o.type && schema_version == o.schema_version &&
         recorded_at == o.recorded_at && actor == o.actor && correlation_id == o.correlation_id &&
         causation_id == o.causation_id && data == o.data && metadata == o.metadata &&
         prev_hash == o.prev_hash && hash == o.hash;
}

std::unique_ptr<Subscription> EventStore::Subscribe(uint64_t from_position,
                                                    Subscription::Callback callback) {
  std::unique_ptr<Subscription> sub(
      new Subscription(this, std::max<uint64_t>(from_position, 1), std::move(callback)));
  sub->thread_ = std::thread([s = sub.get()] { s->Run(); });
  return sub;
}

bool EventStore::WaitForPosition(uint64_t position, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(head_mu_);
  return head_cv_.wait_for(lock, timeout, [&] { return head_.load() >= position; });
}

void EventStore::PublishHead(uint64_t position) {
  {
    std::lock_guard<std::mutex> lock(head_mu_);
    if (position > head_.load()) head_.store(position);
  }
  head_cv_.notify_all();
}

void EventStore::WaitForHeadOrStop(uint64_t position, const std::atomic<bool>& stop,
                                   std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(head_mu_);
  head_cv_.wait_for(lock, timeout, [&] { return stop.load() || head_.load() >= position; });
}

void EventStore::WakeAll() {
  { std::lock_guard<std::mutex> lock(head_mu_); }
  head_cv_.notify_all();
}

Subscription::Subscription(EventStore* store, uint64_t from_position, Callback callback)
    : store_(store), next_(from_position), callback_(std::move(callback)) {}

Subscription::~Subscription() { Stop(); }

void Subscription::Stop() {
  stop_.store(true);
  store_->WakeAll();
  // From the callback itself only the flag is set; the owner's destructor joins later.
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void Subscription::Run() {
  while (!stop_.load()) {
    AllRead read;
    read.from_position = next_;
    read.limit = kSubscriptionBatch;
    auto batch = store_->ReadAll(read);
    if (!batch.ok()) {
      // Never drop the subscriber: back off and retry.
      store_->WaitForHeadOrStop(kEndOfStream, stop_, std::chrono::milliseconds(100));
      continue;
    }
    for (const RecordedEvent& e : *batch) {
      if (stop_.load()) return;
      callback_(e);
      next_ = e.position + 1;
      delivered_.store(e.position);
    }
    if (batch->size() < kSubscriptionBatch) {
      // Caught up: sleep until the head moves past what we have (the timeout is a safety net).
      store_->WaitForHeadOrStop(next_, stop_, std::chrono::milliseconds(500));
    }
  }
}

}  // namespace kinerja::eventstore
