// Result<T> and RuleViolation: how the domain says "no".
//
// Every fallible domain function returns Result<T>: either a value or a RuleViolation carrying a
// stable code (for machines), a kind (which the HTTP edge maps to a status, in one place) and a
// human sentence in Indonesian and English. Plain values; safe to copy between threads.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace kinerja::domain {

// What kind of refusal this is. The API maps each kind to exactly one HTTP status.
enum class ViolationKind {
  kInvalid,    // the input itself is malformed or out of range (400)
  kNotFound,   // the thing acted on does not exist (404)
  kForbidden,  // the actor may not do this to this record (403)
  kConflict,   // the record is in a state that does not allow it (409)
  kRefused,    // a business rule refuses it (422)
};

struct RuleViolation {
  ViolationKind kind = ViolationKind::kRefused;
  std::string code;        // stable, e.g. "skp.not_submitted"
  std::string message_id;  // Bahasa Indonesia
  std::string message_en;  // English
};

inline RuleViolation Violation(ViolationKind kind, std::string code, std::string message_id,
                               std::string message_en) {
  return RuleViolation{kind, std::move(code), std::move(message_id), std::move(message_en)};
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}               // NOLINT: implicit by design
  Result(RuleViolation error) : v_(std::move(error)) {}   // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T& value() & { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }

  // REQUIRES: !ok()
  const RuleViolation& error() const { assert(!ok()); return std::get<1>(v_); }

 private:
  std::variant<T, RuleViolation> v_;
};

// For operations that produce nothing but may be refused.
struct Ok {};
using Status = Result<Ok>;
inline Status OkStatus() { return Ok{}; }

}  // namespace kinerja::domain
