#include "eventstore/periodic_thread.h"

#include <utility>

namespace kinerja::eventstore {

PeriodicThread::~PeriodicThread() { Stop(); }

void PeriodicThread::Start(Task task, std::chrono::milliseconds first_wait) {
  if (thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = false;
  }
  thread_ = std::thread([this, task = std::move(task), first_wait] {
    std::unique_lock<std::mutex> lock(mu_);
    std::chrono::milliseconds wait = first_wait;
    while (!(wait.count() > 0 ? cv_.wait_for(lock, wait, [this] { return stop_; }) : stop_)) {
      lock.unlock();
      wait = task();
      lock.lock();
    }
  });
}

void PeriodicThread::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace kinerja::eventstore
