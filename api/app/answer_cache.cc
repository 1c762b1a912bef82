#include "api/app/answer_cache.h"

namespace kinerja::app {

std::shared_ptr<AnswerCache::Slot> AnswerCache::SlotOf(const std::string& key,
                                                       std::chrono::milliseconds max_age) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = slots_.find(key);
  if (it != slots_.end()) return it->second;
  if (slots_.size() >= kMaxKeys) {
    // Forget idle slots whose answers are too old to be reused (a slot being computed is busy
    // and kept; forgetting one at worst costs a computation).
    const Clock::time_point now = Clock::now();
    for (auto s = slots_.begin(); s != slots_.end();) {
      std::unique_lock<std::mutex> busy(s->second->mu, std::try_to_lock);
      const bool stale =
          busy.owns_lock() && (!s->second->has_answer || now - s->second->at > max_age);
      if (stale) kept_bytes_ -= s->second->answer.body().size();
      if (busy.owns_lock()) busy.unlock();
      s = stale ? slots_.erase(s) : std::next(s);
    }
  }
  return slots_.emplace(key, std::make_shared<Slot>()).first->second;
}

http::Response AnswerCache::Get(const std::string& key, uint64_t min_position,
                                std::chrono::milliseconds max_age,
                                const std::function<Computed()>& compute) {
  if (max_age.count() <= 0) return ComputeInTurn(compute).response;
  std::shared_ptr<Slot> slot = SlotOf(key, max_age);
  std::lock_guard<std::mutex> lock(slot->mu);
  if (slot->has_answer && slot->position >= min_position && Clock::now() - slot->at <= max_age) {
    std::lock_guard<std::mutex> counters(mu_);
    ++hits_;
    return slot->answer;
  }
  const Clock::time_point started = Clock::now();
  Computed c = ComputeInTurn(compute);
  const bool keep = c.response.status() == 200;
  {
    std::lock_guard<std::mutex> counters(mu_);
    if (keep) kept_bytes_ += c.response.body().size() - slot->answer.body().size();
  }
  if (keep) {
    slot->has_answer = true;
    slot->answer = c.response;
    slot->position = c.position;
    slot->at = started;  // its age counts from the snapshot, not from the end of the work
  }
  return c.response;
}

AnswerCache::Computed AnswerCache::ComputeInTurn(const std::function<Computed()>& compute) {
  {
    std::unique_lock<std::mutex> lock(mu_);
    if (max_computing_ > 0 && computing_ >= max_computing_) {
      ++turn_waits_;
      turn_free_.wait(lock, [this] { return computing_ < max_computing_; });
    }
    ++computing_;
    ++computations_;
  }
  struct Release {
    AnswerCache* cache;
    ~Release() {
      {
        std::lock_guard<std::mutex> lock(cache->mu_);
        --cache->computing_;
      }
      cache->turn_free_.notify_one();
    }
  } release{this};
  return compute();
}

size_t AnswerCache::computing() const {
  std::lock_guard<std::mutex> lock(mu_);
  return computing_;
}

uint64_t AnswerCache::turn_waits() const {
  std::lock_guard<std::mutex> lock(mu_);
  return turn_waits_;
}

uint64_t AnswerCache::hits() const {
  std::lock_guard<std::mutex> lock(mu_);
  return hits_;
}

uint64_t AnswerCache::computations() const {
  std::lock_guard<std::mutex> lock(mu_);
  return computations_;
}

size_t AnswerCache::keys() const {
  std::lock_guard<std::mutex> lock(mu_);
  return slots_.size();
}

size_t AnswerCache::kept_bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return kept_bytes_;
}

}  // namespace kinerja::app
