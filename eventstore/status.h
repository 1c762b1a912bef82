// Status and Result<T>: how the event store reports errors. Errors are values; no exception leaves
// the store. Status codes map one to one to what the API answers (see eventstore/README.md).
// Thread-safety: plain values; a const Status/Result may be read from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace kinerja::eventstore {

enum class StatusCode {
  kOk = 0,
  kWrongExpectedVersion,  // Optimistic concurrency conflict; actual_version() holds the version.
  kNotFound,
  kInvalidArgument,
  kIdempotencyMismatch,  // Same idempotency key / event ids, different request.
  kCorruption,           // The data directory is damaged or the chain does not verify.
  kUnsupportedFormat,    // Written by a newer format, or not an event store at all.
  kIOError,              // A read failed at the storage layer.
  kUnavailable,          // A write could not be made durable (disk full, read-only): retry later.
};

const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, uint64_t actual_version = 0)
      : code_(code), message_(std::move(message)), actual_version_(actual_version) {}

  static Status Ok() { return Status(); }
  static Status WrongExpectedVersion(std::string msg, uint64_t actual) {
    return Status(StatusCode::kWrongExpectedVersion, std::move(msg), actual);
  }
  static Status NotFound(std::string msg) { return Status(StatusCode::kNotFound, std::move(msg)); }
  static Status InvalidArgument(std::string msg) {
    return Status(StatusCode::kInvalidArgument, std::move(msg));
  }
  static Status IdempotencyMismatch(std::string msg) {
    return Status(StatusCode::kIdempotencyMismatch, std::move(msg));
  }
  static Status Corruption(std::string msg) {
    return Status(StatusCode::kCorruption, std::move(msg));
  }
  static Status UnsupportedFormat(std::string msg) {
    return Status(StatusCode::kUnsupportedFormat, std::move(msg));
  }
  static Status IOError(std::string msg) { return Status(StatusCode::kIOError, std::move(msg)); }
  static Status Unavailable(std::string msg) {
    return Status(StatusCode::kUnavailable, std::move(msg));
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // Only meaningful for kWrongExpectedVersion: the stream's version when the append was checked
  // (0 = the stream does not exist).
  uint64_t actual_version() const { return actual_version_; }
  // "WrongExpectedVersion: ..." for logs.
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  uint64_t actual_version_ = 0;
};

// Either a value or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design.
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design.

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  // REQUIRES: ok()
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace kinerja::eventstore
