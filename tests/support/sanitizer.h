// KINERJA_TEST_ASAN is defined when the test is built with AddressSanitizer (gcc or clang), whose
// allocator replaces malloc: tests about malloc's own behaviour skip themselves under it.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define KINERJA_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KINERJA_TEST_ASAN 1
#endif
#endif
