// PeriodicThread: runs a task on a thread of its own, again and again, waiting between runs for
// as long as the task asks, until Stop. The background loops of the service (the Merkle
// checkpoint publisher, the storage monitor, the malloc trimmer) are all this shape.
//
// Thread-safety: Start/Stop from one controlling thread (Stop also from the destructor); the
// task runs on the periodic thread only.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace kinerja::eventstore {

class PeriodicThread {
 public:
  // Returns how long to wait before the next run (zero or less: run again at once).
  using Task = std::function<std::chrono::milliseconds()>;

  PeriodicThread() = default;
  ~PeriodicThread();  // Stop()
  PeriodicThread(const PeriodicThread&) = delete;
  PeriodicThread& operator=(const PeriodicThread&) = delete;

  // Waits `first_wait`, then runs `task` until Stop. Does nothing while already running.
  void Start(Task task, std::chrono::milliseconds first_wait = std::chrono::milliseconds(0));
  // Wakes the thread from its wait and joins it; a run in progress finishes first. Idempotent.
  void Stop();
  bool running() const { return thread_.joinable(); }

 private:
  std::mutex mu_;  // guards stop_
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace kinerja::eventstore
