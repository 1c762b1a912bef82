#include "eventstore/rocks_info_log.h"

#include <fcntl.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <ctime>

namespace kinerja::eventstore {
namespace {

class InfoLog : public rocksdb::Logger {
 public:
  explicit InfoLog(const std::string& dir) : rocksdb::Logger(rocksdb::InfoLogLevel::INFO_LEVEL) {
    const std::string path = dir + "/LOG";
    (void)::rename(path.c_str(), (path + ".old").c_str());
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
  }
  ~InfoLog() override {
    if (fd_ >= 0) ::close(fd_);
  }

  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    if (fd_ < 0) return;
    char buf[1024];
    struct timeval now;
    ::gettimeofday(&now, nullptr);
    struct tm t;
    ::gmtime_r(&now.tv_sec, &t);
    int n = std::snprintf(buf, sizeof(buf), "%04d/%02d/%02d-%02d:%02d:%02d.%06ld ",
                          t.tm_year + 1900, t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min,
                          t.tm_sec, static_cast<long>(now.tv_usec));
    if (n < 0) return;
    va_list copy;
    va_copy(copy, ap);
    int m = std::vsnprintf(buf + n, sizeof(buf) - static_cast<size_t>(n), format, copy);
    va_end(copy);
    if (m < 0) return;
    size_t len = std::min(sizeof(buf) - 2, static_cast<size_t>(n) + static_cast<size_t>(m));
    if (len == 0 || buf[len - 1] != '\n') buf[len++] = '\n';
    ssize_t w = ::write(fd_, buf, len);  // A full or read-only disk just loses the line.
    (void)w;
  }

 private:
  int fd_ = -1;
};

}  // namespace

std::shared_ptr<rocksdb::Logger> NewRocksInfoLog(const std::string& dir) {
  return std::make_shared<InfoLog>(dir);
}

}  // namespace kinerja::eventstore
