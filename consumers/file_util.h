// Small file helpers of the consumer processes: durable atomic replacement of a file (write a
// temporary file, fsync it, rename it over the target, fsync the directory), durable appends and
// whole-file reads. Thread-safety: free functions; callers must not write the same path from two
// threads at once.
#pragma once

#include <string>
#include <string_view>

#include "eventstore/status.h"

namespace kinerja::consumers {

// Replaces `path` with `content` so that a crash leaves either the old or the new file, never a
// mix. kIOError on any failure (the old file is then untouched).
[[nodiscard]] eventstore::Status WriteFileAtomic(const std::string& path, std::string_view content);

// Appends `content` to `path` (created when missing) and fsyncs it (and the directory when the
// file was created). kIOError on failure.
[[nodiscard]] eventstore::Status AppendFileDurable(const std::string& path,
                                                   std::string_view content);

// Reads a whole file. kNotFound when it does not exist, kIOError on other failures.
[[nodiscard]] eventstore::Result<std::string> ReadFileToString(const std::string& path);

// Creates `dir` and its parents when missing. kIOError on failure.
[[nodiscard]] eventstore::Status MakeDirs(const std::string& dir);

}  // namespace kinerja::consumers
