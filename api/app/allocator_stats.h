// What the process's malloc holds, for the memory gauges and the month-end soak: how many bytes
// the program has allocated and not freed (`in_use`) against how many the allocator keeps
// resident for it (`held`). RSS that grows with `in_use` is data (a cache, a leak); RSS that
// grows while `in_use` stays flat is the allocator keeping freed or fragmented pages.
//
// kinerjad runs on glibc's malloc or, as ops/run and ops/soak start it, on jemalloc by
// LD_PRELOAD; nothing links jemalloc, so its mallctl() is looked up at run time.
//   jemalloc: in_use = stats.allocated; held = stats.resident (pages backing live extents,
//             dirty pages not yet purged, and jemalloc's own metadata).
//   glibc:    in_use = mallinfo2 uordblks + hblkhd (chunks in use, mmapped blocks);
//             held = arena + hblkhd (heap bytes obtained with sbrk/mmap, mmapped blocks); pages
//             malloc_trim gave back inside the heap still count, so `held` is an upper bound.
// Under AddressSanitizer neither is meaningful: the allocator is "asan" and both are 0.
#pragma once

#include <cstdint>
#include <string>

namespace kinerja::app {

struct AllocatorStats {
  std::string allocator;  // "jemalloc", "glibc" or "asan"
  uint64_t in_use = 0;
  uint64_t held = 0;
};

// Reads the allocator's statistics now (jemalloc: refreshes its stats epoch first). Thread-safe;
// costs microseconds (glibc locks each arena in turn).
AllocatorStats ReadAllocatorStats();

}  // namespace kinerja::app
