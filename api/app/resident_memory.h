// The resident set size of this process (what the kernel counts against it), read from
// /proc/self/statm: the memory gauges and the malloc trimmer use it.
#pragma once

#include <cstdint>

namespace kinerja::app {

// Resident set size of this process in bytes; 0 if /proc/self/statm cannot be read.
uint64_t ResidentBytes();

}  // namespace kinerja::app
