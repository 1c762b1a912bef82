#include "projections/process_manager.h"

#include <algorithm>
#include <exception>

#include "projections/projection.h"

namespace kinerja::projections {

using eventstore::StatusCode;

namespace {
constexpr size_t kKeptFailures = 100;

bool IsTransient(StatusCode code) {
  return code == StatusCode::kUnavailable || code == StatusCode::kIOError ||
         code == StatusCode::kWrongExpectedVersion;
}
}  // namespace

ProcessManager::ProcessManager(eventstore::EventStore* store, ProcessManagerOptions options,
                               Handler handler)
    : store_(store),
      options_(std::move(options)),
      handler_(std::move(handler)),
      checkpoint_name_("process/" + options_.name) {
  if (options_.batch_events == 0) options_.batch_events = 1;
}

ProcessManager::~ProcessManager() { Stop(); }

Status ProcessManager::Start() {
  if (thread_.joinable()) return Status::Ok();
  if (!IsValidProjectionName(options_.name)) {
    return Status::InvalidArgument("invalid process manager name '" + options_.name + "'");
  }
  if (!handler_) return Status::InvalidArgument("process manager without a handler");
  auto cp = store_->LoadCheckpoint(checkpoint_name_);
  if (!cp.ok()) return cp.status();
  saved_ = *cp;
  Advance(*cp);
  stop_.store(false);
  thread_ = std::thread([this] { Run(); });
  return Status::Ok();
}

void ProcessManager::Stop() {
  stop_.store(true);
  if (thread_.joinable()) {
    thread_.join();
    SaveCheckpoint();
  }
}

void ProcessManager::Advance(uint64_t position) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    position_.store(position);
  }
  cv_.notify_all();
}

void ProcessManager::SaveCheckpoint() {
  uint64_t pos = position_.load();
  if (pos == saved_) return;
  // A failed save only means these events are delivered again after a restart.
  if (store_->SaveCheckpoint(checkpoint_name_, pos).ok()) saved_ = pos;
}

void ProcessManager::Sleep(std::chrono::milliseconds d) {
  auto until = std::chrono::steady_clock::now() + d;
  while (!stop_.load() && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void ProcessManager::Run() {
  std::chrono::milliseconds backoff = options_.retry_backoff;
  while (!stop_.load()) {
    eventstore::AllRead read;
    read.from_position = position_.load() + 1;
    read.limit = options_.batch_events;
    auto events = store_->ReadAll(read);
    if (!events.ok()) {
      Sleep(backoff);
      backoff = std::min(backoff * 2, options_.max_backoff);
      continue;
    }
    if (events->empty()) {
      (void)store_->WaitForPosition(read.from_position, options_.idle_wait);
      continue;
    }
    for (const eventstore::RecordedEvent& e : *events) {
      bool done = false;
      bool skipped = false;
      while (!done && !skipped && !stop_.load()) {
        std::string error;
        bool transient = false;
        try {
          Status s = handler_(e);
          if (s.ok()) {
            done = true;
            break;
          }
          transient = IsTransient(s.code());
          error = s.ToString();
        } catch (const std::exception& ex) {
          error = std::string("exception: ") + ex.what();
        } catch (...) {
          error = "exception: unknown";
        }
        if (transient) {
          retries_.fetch_add(1);
          SaveCheckpoint();  // Keep what is done durable while we wait.
          Sleep(backoff);
          backoff = std::min(backoff * 2, options_.max_backoff);
          continue;
        }
        ProcessFailure failure{e.position, e.id, e.type, error};
        {
          std::lock_guard<std::mutex> lock(mu_);
          failures_.push_back(failure);
          if (failures_.size() > kKeptFailures) failures_.pop_front();
        }
        failed_.fetch_add(1);
        if (options_.on_failure) options_.on_failure(failure);
        skipped = true;
      }
      if (!done && !skipped) break;  // Stopped while retrying: deliver again next time.
      if (done) handled_.fetch_add(1);
      backoff = options_.retry_backoff;
      Advance(e.position);
    }
    SaveCheckpoint();
  }
}

bool ProcessManager::WaitFor(uint64_t position, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return position_.load() >= position; });
}

ProcessManagerMetrics ProcessManager::metrics() const {
  ProcessManagerMetrics m;
  m.checkpoint = position_.load();
  m.handled = handled_.load();
  m.failed = failed_.load();
  m.retries = retries_.load();
  return m;
}

std::vector<ProcessFailure> ProcessManager::failures() const {
  std::lock_guard<std::mutex> lock(mu_);
  return std::vector<ProcessFailure>(failures_.begin(), failures_.end());
}

}  // namespace kinerja::projections
