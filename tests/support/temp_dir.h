// Shared by the suites that run kinerja's binaries as child processes (tests/api cli_* and
// kinerjad_process, tests/faults, tests/soak): a temporary directory removed with everything in
// it when the test ends, and reading a whole file.
//
// Thread-safety: a TempDir belongs to one test; ReadAll is reentrant.
#ifndef KINERJA_TESTS_SUPPORT_TEMP_DIR_H_
#define KINERJA_TESTS_SUPPORT_TEMP_DIR_H_

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>

namespace kinerja::testing {

class TempDir {
 public:
  // Creates $TMPDIR/<prefix>-XXXXXX.
  explicit TempDir(const std::string& prefix = "kinerja-test") {
    std::string pattern =
        (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace kinerja::testing

#endif  // KINERJA_TESTS_SUPPORT_TEMP_DIR_H_
