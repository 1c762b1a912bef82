#include "ops/soak-src/load.h"

#include <rapidjson/document.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "ops/soak-src/http_client.h"

namespace kinerja::soak {

namespace {

using Clock = std::chrono::steady_clock;

uint64_t MicrosSince(Clock::time_point start) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count());
}

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// One request on `conn`: recorded in stats, told to the world. Returns the status (0: transport
// failure).
int Exchange(HttpConnection& conn, World& world, const Planned& p, int slot,
              const std::string& idempotency_key, Clock::time_point start, Stats& stats) {
  std::vector<std::string> headers;
  if (p.token != nullptr) headers.push_back("Authorization: Bearer " + *p.token);
  headers.push_back("Accept: application/json");
  // kinerjad echoes the correlation id: an answer carrying another one belongs to another
  // request (a keep-alive connection out of step), which counts as a transport failure.
  headers.push_back("X-Correlation-Id: " + idempotency_key);
  if (p.method == "POST") {
    headers.push_back("Content-Type: application/json");
    headers.push_back("Idempotency-Key: " + idempotency_key);
  }
  HttpAnswer answer = conn.Send(p.method, p.target, headers, p.body);
  if (answer.status != 0 && !answer.correlation_id.empty() &&
      answer.correlation_id != idempotency_key) {
    answer.error = "answer of another request (X-Correlation-Id " + answer.correlation_id + ")";
    answer.status = 0;
    conn.Reset();
  }
  stats.Record(slot, p.op, answer.status, MicrosSince(start));
  if (answer.status < 200 || answer.status >= 300) {
    stats.Problem(p.op, answer.status, answer.status == 0 ? answer.error : answer.body);
  }
  world.Finish(p, answer.status, answer.body);
  return answer.status;
}

// The server runs (a zombie, exited but not yet reaped by its parent, does not).
bool Alive(pid_t pid) {
  if (pid <= 0) return true;
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!std::getline(in, stat)) return false;
  const size_t paren = stat.rfind(')');
  return paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] != 'Z' &&
         stat[paren + 2] != 'X';
}

}  // namespace

HistogramCounts StatsSnapshot::Class(bool commands) const {
  HistogramCounts merged;
  for (int i = 0; i < kOpCount; ++i) {
    if (InfoOf(static_cast<Op>(i)).command == commands) merged.Add(latency[i]);
  }
  return merged;
}

uint64_t StatsSnapshot::StatusCount(int low, int high) const {
  uint64_t n = 0;
  for (const auto& per_op : status) {
    for (int s = low; s <= high && s < kStatusSlots; ++s) n += per_op[s];
  }
  return n;
}

Stats::Stats(int slots) {
  for (int i = 0; i < slots; ++i) slots_.push_back(std::make_unique<Slot>());
}

void Stats::Record(int slot, Op op, int status, uint64_t micros) {
  Slot& s = *slots_[slot];
  s.latency[static_cast<int>(op)].Record(micros);
  const int index = status >= 100 && status < kStatusSlots ? status : 0;
  s.status[static_cast<int>(op)][index].fetch_add(1, std::memory_order_relaxed);
}

void Stats::Problem(Op op, int status, const std::string& body_or_error) {
  std::string code, detail = body_or_error.substr(0, 300);
  if (status != 0) {
    rapidjson::Document doc;
    doc.Parse(body_or_error.c_str(), body_or_error.size());
    if (!doc.HasParseError() && doc.IsObject()) {
      if (doc.HasMember("code") && doc["code"].IsString()) code = doc["code"].GetString();
      if (doc.HasMember("detail") && doc["detail"].IsString()) {
        detail = std::string(doc["detail"].GetString()).substr(0, 300);
      }
    }
  } else {
    code = body_or_error.substr(0, body_or_error.find(':'));
  }
  const std::string key = std::string(InfoOf(op).name) + " " +
                          (status == 0 ? std::string("transport") : std::to_string(status)) +
                          (code.empty() ? "" : " " + code);
  std::lock_guard<std::mutex> lock(mu_);
  auto& entry = problems_[key];
  if (entry.first++ == 0) entry.second = detail;
}

std::unique_ptr<StatsSnapshot> Stats::Snapshot() const {
  auto out = std::make_unique<StatsSnapshot>();
  for (const auto& slot : slots_) {
    for (int op = 0; op < kOpCount; ++op) {
      out->latency[op].Add(slot->latency[op].Snapshot());
      for (int s = 0; s < kStatusSlots; ++s) {
        out->status[op][s] += slot->status[op][s].load(std::memory_order_relaxed);
      }
    }
  }
  out->reconnects = reconnects_.load(std::memory_order_relaxed);
  return out;
}

std::map<std::string, std::pair<uint64_t, std::string>> Stats::Problems() const {
  std::lock_guard<std::mutex> lock(mu_);
  return problems_;
}

PhaseResult RunPhase(World& world, const std::vector<Planned>& requests, uint16_t port,
                     int connections, int timeout_ms, const std::string& key_prefix,
                     Stats& stats) {
  PhaseResult result;
  std::atomic<size_t> next{0};
  std::atomic<uint64_t> ok{0};
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < connections; ++t) {
    threads.emplace_back([&, t] {
      HttpConnection conn(port, timeout_ms);
      for (size_t i; (i = next.fetch_add(1)) < requests.size();) {
        const Planned& p = requests[i];
        const int status =
            Exchange(conn, world, p, t, key_prefix + "-" + std::to_string(i), Clock::now(), stats);
        if (status >= 200 && status < 300) ok.fetch_add(1);
      }
      stats.AddReconnects(conn.reconnects());
    });
  }
  for (auto& th : threads) th.join();
  result.sent = requests.size();
  result.ok = ok.load();
  result.seconds = SecondsSince(start);
  return result;
}

LoadResult RunLoad(World& world, const LoadOptions& options, Stats& stats,
                   const std::function<void(const Tick&)>& on_tick) {
  LoadResult result;
  std::atomic<bool> stop{false};
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(options.duration_s));
  std::vector<std::thread> threads;
  for (int t = 0; t < options.connections; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937_64 rng(options.seed * 1000003 + static_cast<uint64_t>(t));
      HttpConnection conn(options.port, options.timeout_ms);
      // Open loop: this connection's share of the rate, with a random phase.
      const double gap_s = options.rate > 0 ? options.connections / options.rate : 0;
      auto intended = start + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(
                                      gap_s * std::uniform_real_distribution<double>(0, 1)(rng)));
      uint64_t n = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        Clock::time_point sent = Clock::now();
        if (gap_s > 0) {
          if (intended > sent) std::this_thread::sleep_until(intended);
          sent = intended;  // latency counts from when the request was due
          intended += std::chrono::duration_cast<Clock::duration>(
              std::chrono::duration<double>(gap_s));
        }
        if (sent >= deadline) break;
        const Planned p = world.Next(rng);
        Exchange(conn, world, p, t,
                 options.key_prefix + "-" + std::to_string(t) + "-" + std::to_string(n++), sent,
                 stats);
      }
      stats.AddReconnects(conn.reconnects());
    });
  }

  std::unique_ptr<StatsSnapshot> before = stats.Snapshot();
  HttpConnection metrics_conn(options.port, options.timeout_ms);  // not counted in the stats
  auto last = start;
  int tick = 0;
  for (;;) {
    const auto next_tick = start + std::chrono::duration_cast<Clock::duration>(
                                       std::chrono::duration<double>(options.interval_s * ++tick));
    const auto wake = std::min(next_tick, deadline);
    while (Clock::now() < wake) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (!Alive(options.server_pid)) break;
    }
    const bool alive = Alive(options.server_pid);
    const auto now_time = Clock::now();
    std::unique_ptr<StatsSnapshot> now = stats.Snapshot();
    Tick t;
    t.seconds = std::chrono::duration<double>(now_time - start).count();
    t.now = now.get();
    t.before = before.get();
    t.interval_s = std::chrono::duration<double>(now_time - last).count();
    t.server_alive = alive;
    t.rss_kib = options.server_pid > 0 ? ReadRssKib(options.server_pid) : 0;
    if (alive) {
      const HttpAnswer page = metrics_conn.Send("GET", "/metrics", {}, "");
      if (page.status == 200) t.memory = ParseMemoryMetrics(page.body);
    }
    if (t.rss_kib > 0) result.rss.push_back(RssSample{t.seconds, t.rss_kib, t.memory});
    on_tick(t);
    before = std::move(now);
    last = now_time;
    if (!alive) {
      result.server_died = true;
      break;
    }
    if (now_time >= deadline) break;
  }
  stop = true;
  for (auto& th : threads) th.join();
  result.seconds = SecondsSince(start);
  return result;
}

}  // namespace kinerja::soak
