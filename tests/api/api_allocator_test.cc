// malloc's statistics behind the kinerja_malloc_* gauges (api/app/allocator_stats.h). Run twice
// by ctest: on glibc's malloc, and with Debian's jemalloc preloaded as ops/run starts kinerjad
// (KINERJA_TEST_EXPECT_ALLOCATOR=jemalloc names the allocator the run must find).
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "api/app/allocator_stats.h"
#include "tests/support/sanitizer.h"

namespace kinerja::testing {
namespace {

constexpr uint64_t kMiB = 1024 * 1024;

std::string ExpectedAllocator() {
#ifdef KINERJA_TEST_ASAN
  return "asan";
#else
  const char* name = std::getenv("KINERJA_TEST_EXPECT_ALLOCATOR");
  return name != nullptr && *name != '\0' ? name : "glibc";
#endif
}

TEST(AllocatorStats, NamesTheAllocatorInUse) {
  EXPECT_EQ(app::ReadAllocatorStats().allocator, ExpectedAllocator());
}

TEST(AllocatorStats, CountsBytesInUseAndHeld) {
#ifdef KINERJA_TEST_ASAN
  const auto stats = app::ReadAllocatorStats();
  EXPECT_EQ(stats.in_use, 0u);
  EXPECT_EQ(stats.held, 0u);
#else
  const auto before = app::ReadAllocatorStats();
  ASSERT_GT(before.in_use, 0u);
  // 64 MiB in 64 KiB blocks, touched so that they are resident.
  std::vector<char*> blocks;
  for (int i = 0; i < 1024; ++i) {
    char* b = static_cast<char*>(std::malloc(64 * 1024));
    ASSERT_NE(b, nullptr);
    std::memset(b, (i & 0x7f) + 1, 64 * 1024);
    blocks.push_back(b);
  }
  const auto during = app::ReadAllocatorStats();
  int sum = 0;
  for (char* b : blocks) sum += b[100];
  EXPECT_GT(sum, 0);
  for (char* b : blocks) std::free(b);
  const auto after = app::ReadAllocatorStats();

  EXPECT_GE(during.in_use, before.in_use + 60 * kMiB)
      << "before " << before.in_use << ", during " << during.in_use;
  EXPECT_GE(during.held, during.in_use) << "held " << during.held << ", in use " << during.in_use;
  EXPECT_LE(after.in_use + 56 * kMiB, during.in_use)
      << "during " << during.in_use << ", after " << after.in_use;
#endif
}

}  // namespace
}  // namespace kinerja::testing
