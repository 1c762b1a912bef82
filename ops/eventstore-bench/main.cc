// Event store benchmark: durable appends/s at 1/16/64 writers next to raw RocksDB WriteBatch
// appends (sync=true, same value size), fsyncs per append, full-log scan next to raw iteration,
// and append latency at a small vs a large log. Usage (all flags optional):
//   kinerja-eventstore-bench --dir=DIR --seconds=3 --small=10000 --large=1000000 --value=500
//     --writers=1,16,64 --rounds=3 --phases=appends,latency,scan
// Each round runs the store and raw RocksDB back to back at each writer count (the order
// alternates between rounds); the ratio of each adjacent pair is printed, then the medians and
// ranges over the rounds (the machine is shared: single runs swing with other load).
#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/statistics.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>
#include <rocksdb/write_buffer_manager.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "eventstore/rocks_event_store.h"
#include "eventstore/rocks_layout.h"

namespace es = kinerja::eventstore;
using Clock = std::chrono::steady_clock;

namespace {

struct Flags {
  std::string dir = "var/bench-eventstore";
  double seconds = 3;
  uint64_t small = 10000;
  uint64_t large = 1000000;
  size_t value = 500;
  std::vector<int> writers = {1, 16, 64};
  int rounds = 3;
  std::string phases = "appends,latency,scan";
  bool Phase(const char* p) const { return phases.find(p) != std::string::npos; }
};

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string Payload(size_t n) {
  std::string s = "{\"pad\":\"";
  while (s.size() + 2 < n) s.push_back(static_cast<char>('a' + s.size() % 26));
  return s + "\"}";
}

std::unique_ptr<es::RocksEventStore> OpenStore(const std::string& path) {
  es::RocksOptions o;
  o.path = path;
  o.enable_statistics = true;
  auto s = es::RocksEventStore::Open(o);
  if (!s.ok()) {
    std::fprintf(stderr, "open %s: %s\n", path.c_str(), s.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(s).value();
}

// The same tuning as RocksEventStore::Open, for a fair raw baseline.
rocksdb::DB* OpenRaw(const std::string& path, std::shared_ptr<rocksdb::Statistics>* stats) {
  rocksdb::Options o;
  o.create_if_missing = true;
  o.max_background_jobs = 2;
  o.write_buffer_size = 16u << 20;
  o.max_write_buffer_number = 2;
  auto cache = rocksdb::NewLRUCache(32u << 20);
  o.write_buffer_manager = std::make_shared<rocksdb::WriteBufferManager>(64u << 20, cache);
  rocksdb::BlockBasedTableOptions t;
  t.block_cache = cache;
  t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  *stats = rocksdb::CreateDBStatistics();
  o.statistics = *stats;
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(o, path, &db);
  if (!s.ok()) {
    std::fprintf(stderr, "open raw %s: %s\n", path.c_str(), s.ToString().c_str());
    std::exit(1);
  }
  return db;
}

struct Throughput {
  double per_sec = 0;
  double syncs_per_append = 0;
  double commits_per_append = 0;
  double sync_us = 0;  // Mean WAL fsync time (RocksDB WAL_FILE_SYNC_MICROS).
  double cpu_us = 0;   // Process CPU time (user + system) per append: independent of other load.
};

double CpuSeconds() {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double MeanSyncMicros(const std::shared_ptr<rocksdb::Statistics>& stats) {
  if (!stats) return 0;
  rocksdb::HistogramData h;
  stats->histogramData(rocksdb::WAL_FILE_SYNC_MICROS, &h);
  return h.average;
}

Throughput StoreAppends(const Flags& f, int writers) {
  std::string path = f.dir + "/store-" + std::to_string(writers);
  std::filesystem::remove_all(path);
  auto store = OpenStore(path);
  std::string data = Payload(f.value);
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> done{0};
  std::vector<std::thread> threads;
  auto start = Clock::now();
  double cpu0 = CpuSeconds();
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      es::AppendContext ctx;
      ctx.actor = "bench";
      uint64_t n = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        es::NewEvent e;
        e.type = "BenchEvent";
        e.data = data;
        auto r = store->Append("bench-" + std::to_string(w) + "-" + std::to_string(n++ % 100),
                               es::ExpectedVersion::Any(), {std::move(e)}, ctx);
        if (!r.ok()) {
          std::fprintf(stderr, "append: %s\n", r.status().ToString().c_str());
          std::exit(1);
        }
        done.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(f.seconds));
  stop = true;
  for (auto& t : threads) t.join();
  double secs = Since(start);
  double cpu = CpuSeconds() - cpu0;
  es::RocksStats st = store->stats();
  Throughput r;
  r.per_sec = static_cast<double>(done.load()) / secs;
  r.syncs_per_append = static_cast<double>(st.wal_syncs) / static_cast<double>(done.load());
  r.commits_per_append = static_cast<double>(st.group_commits) / static_cast<double>(done.load());
  r.sync_us = MeanSyncMicros(store->raw_db()->GetDBOptions().statistics);
  r.cpu_us = cpu * 1e6 / static_cast<double>(done.load());
  store.reset();
  std::filesystem::remove_all(path);
  return r;
}

Throughput RawAppends(const Flags& f, int writers) {
  std::string path = f.dir + "/raw-" + std::to_string(writers);
  std::filesystem::remove_all(path);
  std::shared_ptr<rocksdb::Statistics> stats;
  std::unique_ptr<rocksdb::DB> db(OpenRaw(path, &stats));
  std::string value = Payload(f.value);
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> done{0};
  std::vector<std::thread> threads;
  auto start = Clock::now();
  double cpu0 = CpuSeconds();
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      rocksdb::WriteOptions wo;
      wo.sync = true;
      for (uint64_t n = 0; !stop.load(std::memory_order_relaxed); ++n) {
        std::string key = "e";
        es::layout::AppendBigEndian64(&key, (static_cast<uint64_t>(w) << 40) | n);
        rocksdb::WriteBatch batch;
        batch.Put(key, value);
        rocksdb::Status s = db->Write(wo, &batch);
        if (!s.ok()) {
          std::fprintf(stderr, "raw write: %s\n", s.ToString().c_str());
          std::exit(1);
        }
        done.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(f.seconds));
  stop = true;
  for (auto& t : threads) t.join();
  double secs = Since(start);
  double cpu = CpuSeconds() - cpu0;
  Throughput r;
  r.cpu_us = cpu * 1e6 / static_cast<double>(done.load());
  r.per_sec = static_cast<double>(done.load()) / secs;
  r.syncs_per_append = static_cast<double>(stats->getTickerCount(rocksdb::WAL_FILE_SYNCED)) /
                       static_cast<double>(done.load());
  r.sync_us = MeanSyncMicros(stats);
  db.reset();
  std::filesystem::remove_all(path);
  return r;
}

// Grows the log to `target` events with large synced appends from 4 threads.
void FillTo(es::RocksEventStore* store, uint64_t target, const std::string& data) {
  std::vector<std::thread> threads;
  for (int w = 0; w < 4; ++w) {
    threads.emplace_back([&, w] {
      es::AppendContext ctx;
      ctx.actor = "fill";
      for (uint64_t n = 0; store->head_position() < target; ++n) {
        uint64_t left = target - std::min(target, store->head_position());
        size_t k = static_cast<size_t>(std::min<uint64_t>(200, std::max<uint64_t>(1, left / 4)));
        std::vector<es::NewEvent> events(k);
        for (auto& e : events) {
          e.type = "Fill";
          e.data = data;
        }
        auto r = store->Append("fill-" + std::to_string(w) + "-" + std::to_string(n % 1000),
                               es::ExpectedVersion::Any(), std::move(events), ctx);
        if (!r.ok()) std::exit(1);
      }
    });
  }
  for (auto& t : threads) t.join();
}

struct Latency {
  double mean_us, p50_us, p99_us;
};

Latency MeasureLatency(es::RocksEventStore* store, const std::string& data, int count) {
  std::vector<double> us;
  us.reserve(static_cast<size_t>(count));
  es::AppendContext ctx;
  ctx.actor = "latency";
  for (int i = 0; i < count; ++i) {
    es::NewEvent e;
    e.type = "Latency";
    e.data = data;
    auto t = Clock::now();
    auto r = store->Append("lat-" + std::to_string(i % 1000), es::ExpectedVersion::Any(),
                           {std::move(e)}, ctx);
    us.push_back(Since(t) * 1e6);
    if (!r.ok()) std::exit(1);
  }
  std::sort(us.begin(), us.end());
  double sum = 0;
  for (double v : us) sum += v;
  return Latency{sum / static_cast<double>(us.size()), us[us.size() / 2], us[us.size() * 99 / 100]};
}

double ScanStoreForEach(es::RocksEventStore* store, uint64_t* count) {
  auto start = Clock::now();
  uint64_t n = 0, bytes = 0;
  es::Status s = store->ForEach(es::AllRead{}, [&](const es::RecordedEvent& e) {
    bytes += e.data.size();
    ++n;
    return true;
  });
  if (!s.ok() || bytes == 0) std::exit(1);
  *count = n;
  return static_cast<double>(n) / Since(start);
}

double ScanStore(es::RocksEventStore* store, uint64_t* count) {
  auto start = Clock::now();
  uint64_t n = 0, next = 1;
  for (;;) {
    es::AllRead r;
    r.from_position = next;
    r.limit = 1000;
    auto page = store->ReadAll(r);
    if (!page.ok()) std::exit(1);
    if (page->empty()) break;
    n += page->size();
    next = page->back().position + 1;
  }
  *count = n;
  return static_cast<double>(n) / Since(start);
}

double ScanRaw(rocksdb::DB* db, uint64_t* count) {
  auto start = Clock::now();
  std::string upper = "f";
  rocksdb::Slice ub(upper);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &ub;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro));
  uint64_t n = 0, bytes = 0;
  for (it->Seek("e"); it->Valid(); it->Next()) {
    bytes += it->key().size() + it->value().size();
    ++n;
  }
  if (!it->status().ok() || bytes == 0) std::exit(1);
  *count = n;
  return static_cast<double>(n) / Since(start);
}

}  // namespace

int main(int argc, char** argv) {
  Flags f;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto val = [&](const char* name) -> const char* {
      size_t n = std::strlen(name);
      return a.compare(0, n, name) == 0 ? a.c_str() + n : nullptr;
    };
    if (const char* v = val("--dir=")) f.dir = v;
    else if (const char* v = val("--seconds=")) f.seconds = std::atof(v);
    else if (const char* v = val("--small=")) f.small = std::strtoull(v, nullptr, 10);
    else if (const char* v = val("--large=")) f.large = std::strtoull(v, nullptr, 10);
    else if (const char* v = val("--value=")) f.value = std::strtoull(v, nullptr, 10);
    else if (const char* v = val("--rounds=")) f.rounds = std::max(1, std::atoi(v));
    else if (const char* v = val("--phases=")) f.phases = v;
    else if (const char* v = val("--writers=")) {
      f.writers.clear();
      for (const char* p = v; *p;) {
        f.writers.push_back(std::max(1, std::atoi(p)));
        const char* comma = std::strchr(p, ',');
        if (!comma) break;
        p = comma + 1;
      }
    }
    else {
      std::fprintf(stderr, "unknown flag %s\n", a.c_str());
      return 2;
    }
  }
  std::filesystem::create_directories(f.dir);
  std::printf("kinerja event store benchmark: dir=%s value=%zuB seconds/run=%.1f\n\n",
              f.dir.c_str(), f.value, f.seconds);

  if (f.Phase("appends")) {
    std::printf("Durable appends (sync=true, one %zu-byte event per append), %d round(s)\n",
                f.value, f.rounds);
    std::printf("%-6s %-8s %14s %14s %8s %16s %18s\n", "round", "writers", "store/s",
                "raw rocksdb/s", "ratio", "store fsync/app", "store commits/app");
    struct Series {
      std::vector<double> store, raw, ratio, fsyncs, cpu_store, cpu_raw;
    };
    std::vector<Series> series(f.writers.size());
    for (int round = 0; round < f.rounds; ++round) {
      for (size_t i = 0; i < f.writers.size(); ++i) {
        int writers = f.writers[i];
        Throughput s, r;
        if (round % 2 == 0) {
          s = StoreAppends(f, writers);
          r = RawAppends(f, writers);
        } else {
          r = RawAppends(f, writers);
          s = StoreAppends(f, writers);
        }
        series[i].store.push_back(s.per_sec);
        series[i].raw.push_back(r.per_sec);
        series[i].ratio.push_back(s.per_sec / r.per_sec);
        series[i].fsyncs.push_back(s.syncs_per_append);
        series[i].cpu_store.push_back(s.cpu_us);
        series[i].cpu_raw.push_back(r.cpu_us);
        std::printf("%-6d %-8d %14.0f %14.0f %7.2fx %16.3f %18.3f   (raw fsync/app %.3f; "
                    "mean fsync store %.0f us, raw %.0f us; CPU/append store %.1f us, raw %.1f "
                    "us)\n",
                    round + 1, writers, s.per_sec, r.per_sec, s.per_sec / r.per_sec,
                    s.syncs_per_append, s.commits_per_append, r.syncs_per_append, s.sync_us,
                    r.sync_us, s.cpu_us, r.cpu_us);
        std::fflush(stdout);
      }
    }
    std::printf("\nMedians over %d round(s) [min..max]:\n", f.rounds);
    for (size_t i = 0; i < f.writers.size(); ++i) {
      const Series& x = series[i];
      auto mm = [](const std::vector<double>& v) {
        return std::make_pair(*std::min_element(v.begin(), v.end()),
                              *std::max_element(v.begin(), v.end()));
      };
      std::printf("  %2d writers: store %8.0f/s  raw %8.0f/s  ratio %.2fx [%.2f..%.2f]  "
                  "store fsync/app %.3f  CPU/append store %.1f us, raw %.1f us\n",
                  f.writers[i], Median(x.store), Median(x.raw), Median(x.ratio),
                  mm(x.ratio).first, mm(x.ratio).second, Median(x.fsyncs), Median(x.cpu_store),
                  Median(x.cpu_raw));
    }
    std::fflush(stdout);
  }
  if (!f.Phase("latency") && !f.Phase("scan")) return 0;

  std::string path = f.dir + "/log";
  std::filesystem::remove_all(path);
  auto store = OpenStore(path);
  std::string data = Payload(f.value);
  if (f.Phase("latency")) {
  std::printf("\nAppend latency (1 writer, sync, %zu-byte event)\n", f.value);
  FillTo(store.get(), f.small, data);
  Latency small = MeasureLatency(store.get(), data, 2000);
  std::printf("  at %8llu events: mean %7.1f us  p50 %7.1f us  p99 %7.1f us\n",
              static_cast<unsigned long long>(f.small), small.mean_us, small.p50_us,
              small.p99_us);
  std::fflush(stdout);
  auto t = Clock::now();
  FillTo(store.get(), f.large, data);
  std::printf("  (filled to %llu events in %.1f s)\n",
              static_cast<unsigned long long>(store->head_position()), Since(t));
  Latency large = MeasureLatency(store.get(), data, 2000);
  std::printf("  at %8llu events: mean %7.1f us  p50 %7.1f us  p99 %7.1f us\n",
              static_cast<unsigned long long>(f.large), large.mean_us, large.p50_us,
              large.p99_us);
  std::printf("  growth (mean): %.2fx   (p50): %.2fx\n", large.mean_us / small.mean_us,
              large.p50_us / small.p50_us);
  std::fflush(stdout);
  } else {
    FillTo(store.get(), f.large, data);
  }
  if (!f.Phase("scan")) {
    store.reset();
    std::filesystem::remove_all(path);
    return 0;
  }

  std::printf("\nFull-log scan (%llu events; second pass of each, warm cache)\n",
              static_cast<unsigned long long>(store->head_position()));
  uint64_t n_store = 0, n_raw = 0;
  ScanRaw(store->raw_db(), &n_raw);
  ScanStoreForEach(store.get(), &n_store);
  double raw = ScanRaw(store->raw_db(), &n_raw);
  double ours = ScanStoreForEach(store.get(), &n_store);
  double paged = ScanStore(store.get(), &n_store);
  std::printf("  store ReadAll, pages of 1000:   %12.0f events/s (%llu)\n", paged,
              static_cast<unsigned long long>(n_store));
  std::printf("  store ForEach (decoded events): %12.0f events/s (%llu)\n", ours,
              static_cast<unsigned long long>(n_store));
  std::printf("  raw RocksDB iteration:          %12.0f entries/s (%llu)\n", raw,
              static_cast<unsigned long long>(n_raw));
  std::printf("  ratio: ForEach %.2fx, ReadAll pages %.2fx\n", ours / raw, paged / raw);
  store.reset();
  std::filesystem::remove_all(path);
  return 0;
}
