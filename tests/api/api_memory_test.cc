// The memory trimmer (api/app/memory_trimmer.h) and the resident-size reading behind the memory
// gauges (api/app/memory_metrics.h).
#include <gtest/gtest.h>

#include <malloc.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#include "api/app/memory_metrics.h"
#include "api/app/resident_memory.h"
#include "api/app/memory_trimmer.h"
#include "tests/support/sanitizer.h"


namespace kinerja::testing {
namespace {

constexpr uint64_t kMiB = 1024 * 1024;

TEST(MemoryTrimmer, HandsFreeMallocMemoryBackToTheKernel) {
#ifdef KINERJA_TEST_ASAN
  GTEST_SKIP() << "ASan replaces malloc: glibc's malloc_trim has nothing to hand back";
#else
  // 64 MiB in 64 KiB blocks (below glibc's mmap threshold: they come from the heap), touched,
  // then all freed but the last one, which keeps the heap from shrinking at its top: the freed
  // pages stay resident until malloc_trim releases them.
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  std::vector<char*> blocks;
  for (int i = 0; i < 1024; ++i) {
    char* b = static_cast<char*>(std::malloc(64 * 1024));
    ASSERT_NE(b, nullptr);
    std::memset(b, i & 0xff, 64 * 1024);
    blocks.push_back(b);
  }
  for (size_t i = 0; i + 1 < blocks.size(); ++i) std::free(blocks[i]);
  const uint64_t before = app::ResidentBytes();
  app::MemoryTrimmer trimmer(std::chrono::milliseconds(0));
  trimmer.TrimNow();
  const uint64_t after = app::ResidentBytes();
  std::free(blocks.back());
  EXPECT_GE(before, after + 32 * kMiB) << "before " << before << ", after " << after;
  const auto stats = trimmer.stats();
  EXPECT_EQ(stats.trims, 1u);
  EXPECT_GE(stats.released_bytes, 32 * kMiB);
  EXPECT_GT(stats.seconds, 0.0);
#endif
}

TEST(MemoryTrimmer, TrimsEveryIntervalUntilStopped) {
  app::MemoryTrimmer trimmer(std::chrono::milliseconds(5));
  trimmer.Start();
  trimmer.Start();  // idempotent
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (trimmer.stats().trims < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  trimmer.Stop();
  const uint64_t trims = trimmer.stats().trims;
  EXPECT_GE(trims, 3u);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(trimmer.stats().trims, trims) << "no trim after Stop";
}

TEST(MemoryTrimmer, ZeroIntervalNeverTrimsByItself) {
  app::MemoryTrimmer trimmer(std::chrono::milliseconds(0));
  trimmer.Start();
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_EQ(trimmer.stats().trims, 0u);
  trimmer.Stop();
}

TEST(ResidentBytes, GrowsWhenMemoryIsTouched) {
  const uint64_t before = app::ResidentBytes();
  ASSERT_GT(before, 0u);
  // 32 MiB from mmap, touched page by page.
  std::vector<char> big(32 * kMiB);
  for (size_t i = 0; i < big.size(); i += 4096) big[i] = 1;
  EXPECT_GE(app::ResidentBytes(), before + 24 * kMiB);
  EXPECT_EQ(big[4096], 1);
}

}  // namespace
}  // namespace kinerja::testing
