// A fixed pool of threads running queued tasks, for handlers that block (fsync, bounded waits)
// so Pistache's reactor threads stay free.
//
// Thread-safety: Submit() may be called from any thread; Stop() from one thread, once.
#ifndef KINERJA_API_HTTP_WORKER_POOL_H_
#define KINERJA_API_HTTP_WORKER_POOL_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace kinerja::http {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool();  // Stop()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False once stopping: the task was not queued.
  [[nodiscard]] bool Submit(std::function<void()> task);
  // Runs every queued task, then joins the threads.
  void Stop();

 private:
  void Run();
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace kinerja::http

#endif  // KINERJA_API_HTTP_WORKER_POOL_H_
