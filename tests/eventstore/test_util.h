// Helpers shared by the event store tests: temporary directories, a settable clock, event makers.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "eventstore/types.h"

namespace kinerja::eventstore::testing {

// A fresh directory under $TMPDIR (or /tmp), removed on destruction.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/kinerja-es-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    char* made = ::mkdtemp(buf.data());
    path_ = made ? made : "";
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// A clock tests move by hand (microseconds since the epoch).
struct FakeClock {
  std::atomic<int64_t> now{1'700'000'000'000'000};
  int64_t operator()() const { return now.load(); }
};

inline NewEvent Ev(std::string type, std::string data = "{}", std::string id = "") {
  NewEvent e;
  e.id = std::move(id);
  e.type = std::move(type);
  e.data = std::move(data);
  e.metadata = "{\"m\":1}";
  return e;
}

inline AppendContext Ctx(std::string actor = "199001012015011001") {
  AppendContext c;
  c.actor = std::move(actor);
  c.correlation_id = "corr-1";
  c.causation_id = "cause-1";
  return c;
}

}  // namespace kinerja::eventstore::testing
