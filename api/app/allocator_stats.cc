#include "api/app/allocator_stats.h"

#include <dlfcn.h>
#include <malloc.h>

#include <cstddef>

#if defined(__SANITIZE_ADDRESS__)
#define KINERJA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KINERJA_ASAN 1
#endif
#endif

namespace kinerja::app {
namespace {

using MallctlFn = int (*)(const char*, void*, size_t*, void*, size_t);

// jemalloc's mallctl when jemalloc is this process's malloc (preloaded or linked), else null.
MallctlFn FindMallctl() {
  static const MallctlFn fn = reinterpret_cast<MallctlFn>(dlsym(RTLD_DEFAULT, "mallctl"));
  return fn;
}

bool ReadSize(MallctlFn mallctl, const char* name, uint64_t* out) {
  size_t value = 0;
  size_t len = sizeof(value);
  if (mallctl(name, &value, &len, nullptr, 0) != 0) return false;
  *out = value;
  return true;
}

bool ReadJemalloc(MallctlFn mallctl, AllocatorStats* stats) {
  // jemalloc's statistics are a snapshot taken when the epoch advances.
  uint64_t epoch = 1;
  size_t len = sizeof(epoch);
  if (mallctl("epoch", &epoch, &len, &epoch, len) != 0) return false;
  return ReadSize(mallctl, "stats.allocated", &stats->in_use) &&
         ReadSize(mallctl, "stats.resident", &stats->held);
}

}  // namespace

AllocatorStats ReadAllocatorStats() {
  AllocatorStats stats;
#ifdef KINERJA_ASAN
  stats.allocator = "asan";
  return stats;
#else
  if (MallctlFn mallctl = FindMallctl()) {
    stats.allocator = "jemalloc";
    if (!ReadJemalloc(mallctl, &stats)) stats.in_use = stats.held = 0;
    return stats;
  }
  stats.allocator = "glibc";
  const struct mallinfo2 info = mallinfo2();
  stats.in_use = info.uordblks + info.hblkhd;
  stats.held = info.arena + info.hblkhd;
  return stats;
#endif
}

}  // namespace kinerja::app
