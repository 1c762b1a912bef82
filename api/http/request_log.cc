#include "api/http/request_log.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "api/http/json.h"

namespace kinerja::http {
namespace {

std::string NowRfc3339() {
  const auto now = std::chrono::system_clock::now();
  const auto secs = std::chrono::system_clock::to_time_t(now);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

// Text format: printable ASCII only, so a crafted path cannot forge a second line.
std::string Printable(const std::string& s) {
  std::string out;
  for (char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7F || c == '"') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace

bool ParseLogFormat(const std::string& name, LogFormat* out) {
  if (name == "text") { *out = LogFormat::kText; return true; }
  if (name == "json") { *out = LogFormat::kJson; return true; }
  return false;
}

std::string FormatRequestLog(const RequestLogRecord& r, LogFormat format) {
  char latency[32];
  std::snprintf(latency, sizeof latency, "%.3f", r.latency_ms);
  if (format == LogFormat::kJson) {
    JsonWriter w;
    w.StartObject();
    w.Key("ts").String(NowRfc3339());
    w.Key("level").String("info");
    w.Key("msg").String("request");
    w.Key("method").String(r.method);
    w.Key("path").String(r.path);
    w.Key("route").String(r.route);
    w.Key("status").Int(r.status);
    w.Key("latency_ms").RawValue(latency);
    w.Key("actor").String(r.actor);
    w.Key("correlation_id").String(r.correlation_id);
    w.EndObject();
    return w.str();
  }
  return Printable(r.method) + " " + Printable(r.path) + " " + std::to_string(r.status) + " " +
         latency + "ms actor=" + (r.actor.empty() ? std::string("-") : Printable(r.actor)) +
         " cid=" + Printable(r.correlation_id) + " route=" + Printable(r.route);
}

RequestLogger::RequestLogger(std::shared_ptr<spdlog::logger> logger, LogFormat format)
    : logger_(logger ? std::move(logger) : spdlog::default_logger()), format_(format) {}

void RequestLogger::Log(const RequestLogRecord& record) const {
  logger_->info("{}", FormatRequestLog(record, format_));
}

void RequestLogger::LogError(const std::string& correlation_id, const std::string& message) const {
  if (format_ == LogFormat::kJson) {
    JsonWriter w;
    w.StartObject();
    w.Key("ts").String(NowRfc3339());
    w.Key("level").String("error");
    w.Key("msg").String(message);
    w.Key("correlation_id").String(correlation_id);
    w.EndObject();
    logger_->error("{}", w.str());
  } else {
    logger_->error("{} cid={}", Printable(message), Printable(correlation_id));
  }
}

std::shared_ptr<spdlog::logger> MakeStdoutLogger(const std::string& name, LogFormat format) {
  auto sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
  auto logger = std::make_shared<spdlog::logger>(name, sink);
  if (format == LogFormat::kJson) logger->set_pattern("%v");
  return logger;
}

}  // namespace kinerja::http
