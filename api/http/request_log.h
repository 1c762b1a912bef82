// One log line per request (spdlog): method, path (never the query string), status, latency,
// actor (the principal's sub), correlation id. Format `text` or `json`; JSON lines are built
// with proper escaping, so a quote or control character in a path cannot break them. The
// Authorization header and tokens are never logged.
//
// Thread-safety: RequestLogger is immutable after construction; Log() may be called from any
// thread (spdlog loggers are thread-safe).
#ifndef KINERJA_API_HTTP_REQUEST_LOG_H_
#define KINERJA_API_HTTP_REQUEST_LOG_H_

#include <memory>
#include <string>

#include <spdlog/logger.h>

namespace kinerja::http {

enum class LogFormat { kText, kJson };
// "text" or "json"; anything else -> false.
bool ParseLogFormat(const std::string& name, LogFormat* out);

struct RequestLogRecord {
  std::string method;
  std::string path;        // without the query string
  int status = 0;
  double latency_ms = 0;
  std::string actor;       // empty: anonymous
  std::string correlation_id;
  std::string route;       // route name (metrics label)
};

// The line for a record (without timestamp/level prefix in text format; JSON carries "ts").
std::string FormatRequestLog(const RequestLogRecord& record, LogFormat format);

class RequestLogger {
 public:
  // `logger` null: spdlog's default logger. In JSON format the logger's pattern should be "%v"
  // (MakeJsonLogger does that) since the line is already a JSON object.
  RequestLogger(std::shared_ptr<spdlog::logger> logger, LogFormat format);
  void Log(const RequestLogRecord& record) const;
  // Logs an internal error (e.g. an exception caught at the edge) with its correlation id.
  void LogError(const std::string& correlation_id, const std::string& message) const;
  LogFormat format() const { return format_; }
  const std::shared_ptr<spdlog::logger>& logger() const { return logger_; }

 private:
  std::shared_ptr<spdlog::logger> logger_;
  LogFormat format_;
};

// A stdout logger named `name` suited to `format` (JSON: pattern "%v").
std::shared_ptr<spdlog::logger> MakeStdoutLogger(const std::string& name, LogFormat format);

}  // namespace kinerja::http

#endif  // KINERJA_API_HTTP_REQUEST_LOG_H_
