#include "projections/projector.h"

#include <algorithm>
#include <exception>
#include <set>

namespace kinerja::projections {

using eventstore::AllRead;
using eventstore::RecordedEvent;

Projector::Projector(eventstore::EventStore* events, std::unique_ptr<ViewStore> views,
                     std::vector<std::unique_ptr<Projection>> projections,
                     ProjectorOptions options)
    : events_(events),
      views_(std::move(views)),
      projections_(std::move(projections)),
      checkpoints_(projections_.size(), 0),
      options_(options) {
  if (options_.batch_events == 0) options_.batch_events = 1;
}

Result<std::unique_ptr<Projector>> Projector::Open(
    eventstore::EventStore* events, std::unique_ptr<ViewStore> views,
    std::vector<std::unique_ptr<Projection>> projections, ProjectorOptions options) {
  if (events == nullptr || views == nullptr) {
    return Status::InvalidArgument("Projector needs an event store and a view store");
  }
  if (projections.empty()) return Status::InvalidArgument("Projector needs a projection");
  std::set<std::string> names;
  for (const auto& p : projections) {
    if (p == nullptr || !IsValidProjectionName(p->name())) {
      return Status::InvalidArgument("invalid projection name '" + (p ? p->name() : "") + "'");
    }
    if (p->version() == 0) return Status::InvalidArgument(p->name() + ": version must be >= 1");
    if (!names.insert(p->name()).second) {
      return Status::InvalidArgument("duplicate projection name '" + p->name() + "'");
    }
  }
  std::unique_ptr<Projector> projector(
      new Projector(events, std::move(views), std::move(projections), options));
  Status s = projector->Prepare();
  if (!s.ok()) return s;
  return projector;
}

Projector::~Projector() { Stop(); }

Status Projector::Prepare() {
  auto head = events_->GetHead();
  if (!head.ok()) return head.status();
  for (size_t i = 0; i < projections_.size(); ++i) {
    const Projection& p = *projections_[i];
    auto meta = views_->Meta(p.name());
    if (!meta.ok()) return meta.status();
    // A changed fold, a new projection, or a model ahead of the log (the log was restored from
    // an older backup): refold from position 1.
    if (!meta->version || *meta->version != p.version() || meta->checkpoint > head->position) {
      Status s = views_->Reset(p.name(), p.version());
      if (!s.ok()) return s;
      checkpoints_[i] = 0;
      rebuilds_.fetch_add(1);
    } else {
      checkpoints_[i] = meta->checkpoint;
    }
  }
  Publish();
  return Status::Ok();
}

Status Projector::ResetAll() {
  for (size_t i = 0; i < projections_.size(); ++i) {
    Status s = views_->Reset(projections_[i]->name(), projections_[i]->version());
    if (!s.ok()) return s;
    checkpoints_[i] = 0;
    rebuilds_.fetch_add(1);
  }
  Publish();
  return Status::Ok();
}

void Projector::Publish() {
  uint64_t low = *std::min_element(checkpoints_.begin(), checkpoints_.end());
  {
    std::lock_guard<std::mutex> lock(applied_mu_);
    applied_.store(low);
  }
  applied_cv_.notify_all();
}

Status Projector::ApplyBatch(const std::vector<RecordedEvent>& events) {
  auto started = std::chrono::steady_clock::now();
  std::unique_ptr<ViewBatch> batch = views_->NewBatch();
  uint64_t poison = 0;
  for (const RecordedEvent& e : events) {
    for (size_t i = 0; i < projections_.size(); ++i) {
      if (e.position <= checkpoints_[i]) continue;
      const Projection& p = *projections_[i];
      batch->SetSavePoint();
      std::optional<std::string> failure;
      try {
        FoldStatus s = p.Apply(e, batch->View(p.name()));
        if (!s.ok()) failure = s.error();
      } catch (const std::exception& ex) {
        failure = std::string("exception: ") + ex.what();
      } catch (...) {
        failure = std::string("exception: unknown");
      }
      // A failed read is a storage problem, not poison: drop the whole batch and retry.
      if (!batch->read_status().ok()) return batch->read_status();
      if (failure) {
        batch->RollbackToSavePoint();
        batch->AddDeadLetter(p.name(), DeadLetter{e.position, e.stream, e.type, e.id, *failure});
        ++poison;
      } else {
        batch->PopSavePoint();
      }
    }
  }
  const uint64_t last = events.back().position;
  for (size_t i = 0; i < projections_.size(); ++i) {
    if (last > checkpoints_[i]) batch->SetCheckpoint(projections_[i]->name(), last);
  }
  Status s = views_->Commit(batch.get());
  if (!s.ok()) return s;
  for (uint64_t& cp : checkpoints_) cp = std::max(cp, last);
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::steady_clock::now() - started)
                    .count();
  events_applied_.fetch_add(events.size());
  batches_.fetch_add(1);
  poison_.fetch_add(poison);
  last_batch_events_.store(events.size());
  last_batch_micros_.store(static_cast<uint64_t>(micros));
  Publish();
  return Status::Ok();
}

Status Projector::Step(size_t* applied) {
  *applied = 0;
  AllRead read;
  read.from_position = *std::min_element(checkpoints_.begin(), checkpoints_.end()) + 1;
  read.limit = options_.batch_events;
  auto events = events_->ReadAll(read);
  if (!events.ok()) return events.status();
  if (events->empty()) return Status::Ok();
  Status s = ApplyBatch(*events);
  if (!s.ok()) return s;
  *applied = events->size();
  return Status::Ok();
}

Status Projector::CatchUp() {
  auto head = events_->GetHead();
  if (!head.ok()) return head.status();
  const uint64_t target = head->position;
  while (applied_.load() < target) {
    size_t applied = 0;
    Status s = Step(&applied);
    if (!s.ok()) return s;
    if (applied == 0) break;
  }
  return Status::Ok();
}

Status Projector::RebuildAll() {
  Status s = ResetAll();
  if (!s.ok()) return s;
  return CatchUp();
}

void Projector::Start() {
  if (thread_.joinable()) return;
  stop_.store(false);
  thread_ = std::thread([this] { Run(); });
}

void Projector::Stop() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
}

void Projector::Run() {
  while (!stop_.load()) {
    size_t applied = 0;
    Status s = Step(&applied);
    if (!s.ok()) {
      storage_errors_.fetch_add(1);
      // Back off in short slices so Stop() stays prompt.
      auto until = std::chrono::steady_clock::now() + options_.error_backoff;
      while (!stop_.load() && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      continue;
    }
    if (applied == 0) {
      (void)events_->WaitForPosition(applied_.load() + 1, options_.idle_wait);
    }
  }
}

bool Projector::WaitFor(uint64_t position, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(applied_mu_);
  return applied_cv_.wait_for(lock, timeout, [&] { return applied_.load() >= position; });
}

ProjectorMetrics Projector::metrics() const {
  ProjectorMetrics m;
  m.applied_position = applied_.load();
  m.head_position = events_->head_position();
  m.events_applied = events_applied_.load();
  m.batches = batches_.load();
  m.poison_events = poison_.load();
  m.storage_errors = storage_errors_.load();
  m.rebuilds = rebuilds_.load();
  m.last_batch_events = last_batch_events_.load();
  m.last_batch_micros = last_batch_micros_.load();
  return m;
}

}  // namespace kinerja::projections
