// kinerja-audit-bench: fills a RocksDB event log with --events events (unsynced appends of
// --batch events each, --value bytes of data), then measures
//   1. the Merkle index build rate (MerkleIndex::CatchUp over the whole log, chain verified),
//   2. inclusion-proof latency at that size (random positions, --proofs of them, each proof
//      also verified), consistency-proof latency and tree-head (root) latency,
//   3. appends/s with the index following live vs without it (--live events each),
// and, before the index, a raw RocksDB scan of the event records next to the store's chain
// verification (ops/bench-audit then times `kinerja verify` and `kinerja export` on the same log).
// Flags: --dir=DIR (required; removed by ops/bench-audit) --events=1000000 --batch=500
//        --value=300 --proofs=20000 --live=20000 --rounds=3 (raw scan / verify pairs)
//        --verify-only=1 (stop after the scan/verify pairs, e.g. for profiling)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "eventstore/merkle.h"
#include "eventstore/merkle_index.h"
#include "eventstore/rocks_event_store.h"
#include "eventstore/rocks_layout.h"

#include <rocksdb/db.h>
#include <rocksdb/iterator.h>

using namespace kinerja::eventstore;
using Clock = std::chrono::steady_clock;

namespace {

uint64_t Flag(int argc, char** argv, const std::string& name, uint64_t fallback) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--" + name + "=", 0) == 0) return std::stoull(a.substr(name.size() + 3));
  }
  return fallback;
}

std::string StrFlag(int argc, char** argv, const std::string& name) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--" + name + "=", 0) == 0) return a.substr(name.size() + 3);
  }
  return "";
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

bool Fill(RocksEventStore& store, uint64_t events, uint64_t batch, size_t value_bytes,
          uint64_t seed) {
  const std::string pad(value_bytes > 20 ? value_bytes - 20 : 1, 'x');
  uint64_t done = 0;
  while (done < events) {
    const uint64_t n = std::min(batch, events - done);
    std::vector<NewEvent> evs(n);
    for (uint64_t i = 0; i < n; ++i) {
      evs[i].type = "BenchHappened";
      evs[i].data = "{\"n\":" + std::to_string(done + i) + ",\"p\":\"" + pad + "\"}";
    }
    AppendContext ctx;
    ctx.actor = "bench";
    auto r = store.Append("bench-" + std::to_string((seed + done / batch) % 1000),
                          ExpectedVersion::Any(), std::move(evs), ctx);
    if (!r.ok()) {
      std::fprintf(stderr, "append failed: %s\n", r.status().ToString().c_str());
      return false;
    }
    done += n;
  }
  return true;
}

struct Latency {
  double mean_us, p50_us, p99_us, max_us;
};

Latency Summarise(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  double sum = 0;
  for (double v : us) sum += v;
  return {sum / us.size(), us[us.size() / 2], us[us.size() * 99 / 100], us.back()};
}

}  // namespace

int main(int argc, char** argv) {
  const std::string dir = StrFlag(argc, argv, "dir");
  if (dir.empty()) {
    std::fprintf(stderr, "usage: kinerja-audit-bench --dir=DIR [--events=N] ...\n");
    return 2;
  }
  const uint64_t events = Flag(argc, argv, "events", 1000000);
  const uint64_t batch = Flag(argc, argv, "batch", 500);
  const uint64_t value = Flag(argc, argv, "value", 300);
  const uint64_t proofs = Flag(argc, argv, "proofs", 20000);
  const uint64_t live = Flag(argc, argv, "live", 20000);
  const uint64_t rounds = std::max<uint64_t>(1, Flag(argc, argv, "rounds", 3));
  const bool verify_only = Flag(argc, argv, "verify-only", 0) != 0;
  std::filesystem::remove_all(dir);

  RocksOptions options;
  options.path = dir + "/events";
  options.sync = false;
  auto store = RocksEventStore::Open(options);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  auto t0 = Clock::now();
  if (!Fill(*store.value(), events, batch, value, 0)) return 1;
  std::printf("filled %llu events in %.1f s (unsynced, %llu per append)\n",
              static_cast<unsigned long long>(events), Seconds(Clock::now() - t0),
              static_cast<unsigned long long>(batch));

  // The reference for the "verify >= 0.3x raw scan": a raw RocksDB iteration over the
  // same event records, then the store's own chain verification, side by side, alternating for
  // --rounds rounds (the machine is shared: each ratio is of one adjacent pair; medians printed).
  {
    std::vector<double> raws, verifies, ratios;
    uint64_t scanned = 0, bytes = 0, checked = 0;
    for (uint64_t round = 0; round < rounds; ++round) {
      rocksdb::ReadOptions read;
      const std::string lower = layout::EventKey(1);
      const std::string upper = layout::EventKey(UINT64_MAX);
      rocksdb::Slice upper_slice(upper);
      read.iterate_upper_bound = &upper_slice;
      std::unique_ptr<rocksdb::Iterator> it(store.value()->raw_db()->NewIterator(read));
      scanned = 0;
      bytes = 0;
      auto a = Clock::now();
      for (it->Seek(lower); it->Valid(); it->Next()) {
        ++scanned;
        bytes += it->value().size();
      }
      const double raw_s = Seconds(Clock::now() - a);
      a = Clock::now();
      auto report = store.value()->Verify(1, 0);
      const double verify_s = Seconds(Clock::now() - a);
      if (!report.ok() || !report.value().ok) {
        std::fprintf(stderr, "verify failed\n");
        return 1;
      }
      checked = report.value().checked;
      raws.push_back(scanned / raw_s);
      verifies.push_back(checked / verify_s);
      ratios.push_back(verifies.back() / raws.back());
      std::printf("round %llu: raw RocksDB scan %.0f events/s, store chain verify %.0f events/s "
                  "(%.2fx)\n",
                  static_cast<unsigned long long>(round + 1), raws.back(), verifies.back(),
                  ratios.back());
    }
    auto median = [](std::vector<double> v) {
      std::sort(v.begin(), v.end());
      return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
    };
    auto lo = [](const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); };
    auto hi = [](const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); };
    std::printf("raw RocksDB scan: %llu records (%.0f MB), median %.0f events/s (%.0f..%.0f)\n",
                static_cast<unsigned long long>(scanned), bytes / 1e6, median(raws), lo(raws),
                hi(raws));
    std::printf("store chain verify: %llu events, median %.0f events/s (%.0f..%.0f), "
                "%.2fx raw scan (median of %zu adjacent pairs; %.2f..%.2f)\n",
                static_cast<unsigned long long>(checked), median(verifies), lo(verifies),
                hi(verifies), median(ratios), ratios.size(), lo(ratios), hi(ratios));
    std::printf("RAW_SCAN_EVENTS_PER_S=%.0f\n", median(raws));
    if (verify_only) return 0;
  }

  MerkleIndexOptions index_options;
  index_options.path = dir + "/merkle";
  auto index = MerkleIndex::Open(store.value().get(), index_options);
  if (!index.ok()) {
    std::fprintf(stderr, "%s\n", index.status().ToString().c_str());
    return 1;
  }
  t0 = Clock::now();
  if (Status s = index.value()->CatchUp(); !s.ok()) {
    std::fprintf(stderr, "index: %s\n", s.ToString().c_str());
    return 1;
  }
  const double build_s = Seconds(Clock::now() - t0);
  const uint64_t n = index.value()->size();
  std::printf("index build: %llu events in %.2f s = %.0f events/s (chain hashes recomputed)\n",
              static_cast<unsigned long long>(n), build_s, n / build_s);

  auto root = index.value()->Root(n);
  if (!root.ok()) return 1;
  std::mt19937_64 rng(42);
  std::vector<double> incl, cons, roots;
  uint64_t bad = 0;
  for (uint64_t i = 0; i < proofs; ++i) {
    const uint64_t leaf = rng() % n;
    auto a = Clock::now();
    auto path = index.value()->InclusionProof(leaf, n);
    incl.push_back(Seconds(Clock::now() - a) * 1e6);
    auto leaf_hash = index.value()->LeafHash(leaf);
    if (!path.ok() || !leaf_hash.ok() ||
        !merkle::VerifyInclusion(leaf, n, leaf_hash.value(), path.value(), root.value())) {
      ++bad;
    }
    const uint64_t old_size = 1 + rng() % n;
    a = Clock::now();
    auto proof = index.value()->ConsistencyProof(old_size, n);
    cons.push_back(Seconds(Clock::now() - a) * 1e6);
    if (!proof.ok()) ++bad;
    a = Clock::now();
    auto r = index.value()->Root(old_size);
    roots.push_back(Seconds(Clock::now() - a) * 1e6);
    if (!r.ok()) ++bad;
  }
  auto print = [](const char* what, const Latency& l) {
    std::printf("%-22s mean %7.1f us  p50 %7.1f us  p99 %7.1f us  max %8.1f us\n", what, l.mean_us,
                l.p50_us, l.p99_us, l.max_us);
  };
  std::printf("at %llu events, %llu random proofs each (%llu failed):\n",
              static_cast<unsigned long long>(n), static_cast<unsigned long long>(proofs),
              static_cast<unsigned long long>(bad));
  print("inclusion proof", Summarise(incl));
  print("consistency proof", Summarise(cons));
  print("tree head (root)", Summarise(roots));

  // Appends with and without the index following live (same batch size, unsynced, 1 writer).
  auto rate = [&](bool follow) {
    if (follow) index.value()->Start();
    auto a = Clock::now();
    Fill(*store.value(), live, 1, value, follow ? 7 : 3);
    const double s = Seconds(Clock::now() - a);
    if (follow) {
      index.value()->WaitForSize(store.value()->head_position(), std::chrono::seconds(60));
      index.value()->Stop();
    }
    return live / s;
  };
  const double without = rate(false);
  const double with = rate(true);
  std::printf("single-event appends/s (unsynced, 1 writer): %.0f without the index, %.0f with it "
              "following live (%.2fx)\n",
              without, with, with / without);
  std::printf("index size after live phase: %llu (head %llu)\n",
              static_cast<unsigned long long>(index.value()->size()),
              static_cast<unsigned long long>(store.value()->head_position()));
  index.value().reset();
  store.value().reset();
  return bad == 0 ? 0 : 1;
}
