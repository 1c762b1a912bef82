#include "api/app/audit_log.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>
#include <mutex>

#include "api/http/json.h"
#include "domain/date.h"

namespace kinerja::app {
namespace {

std::mutex g_mu;
std::shared_ptr<spdlog::logger> g_logger;  // null: spdlog's default logger
http::LogFormat g_format = http::LogFormat::kText;

bool NeedsQuoting(std::string_view v) {
  if (v.empty()) return true;
  for (unsigned char c : v) {
    if (c <= 0x20 || c == '"' || c == '\\' || c == 0x7f) return true;
  }
  return false;
}

std::string NowRfc3339() {
  const int64_t micros = std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  return domain::Timestamp{micros}.ToRfc3339();
}

}  // namespace

std::string FormatLogLine(http::LogFormat format, std::string_view level, std::string_view msg,
                          const LogFields& fields) {
  if (format == http::LogFormat::kJson) {
    http::JsonWriter w;
    w.StartObject();
    w.Key("ts").String(NowRfc3339());
    w.Key("level").String(level);
    w.Key("msg").String(msg);
    for (const auto& [key, value] : fields) w.Key(key).String(value);
    w.EndObject();
    return w.str();
  }
  std::string line(msg);
  for (const auto& [key, value] : fields) {
    line += ' ';
    line += key;
    line += '=';
    if (NeedsQuoting(value)) {
      line += '"';
      line += http::JsonEscape(value);
      line += '"';
    } else {
      line += value;
    }
  }
  return line;
}

void SetAuditLogger(std::shared_ptr<spdlog::logger> logger, http::LogFormat format) {
  std::lock_guard<std::mutex> lock(g_mu);
  g_logger = std::move(logger);
  g_format = format;
}

void LogAuditAccess(const AuditAccess& a) {
  std::shared_ptr<spdlog::logger> logger;
  http::LogFormat format;
  {
    std::lock_guard<std::mutex> lock(g_mu);
    logger = g_logger ? g_logger : spdlog::default_logger();
    format = g_format;
  }
  if (!logger) return;
  logger->info("{}", FormatLogLine(format, "info", "audit access",
                                   {{"sub", a.sub.empty() ? "-" : a.sub},
                                    {"roles", a.roles},
                                    {"route", a.route},
                                    {"path", a.path},
                                    {"query", a.query},
                                    {"allowed", a.allowed ? "true" : "false"},
                                    {"cid", a.correlation_id}}));
}

bool AuthorizeAuditCall(const http::Request& req, std::initializer_list<const char*> logged_params) {
  AuditAccess access;
  access.route = req.route_name();
  access.path = req.path();
  for (const char* name : logged_params) {
    auto value = req.Query(name);
    if (!value) continue;
    if (!access.query.empty()) access.query += '&';
    access.query += std::string(name) + "=" + *value;
  }
  access.correlation_id = req.correlation_id();
  if (req.principal()) {
    const http::Principal& p = *req.principal();
    access.sub = p.subject;
    for (http::Role role : p.roles) {
      if (!access.roles.empty()) access.roles += ',';
      access.roles += http::RoleName(role);
    }
    access.allowed = p.HasRole(http::Role::kAuditor) || p.HasRole(http::Role::kAdmin);
  }
  LogAuditAccess(access);
  return access.allowed;
}

http::Problem AuditForbidden() {
  return http::Problem::Make(http::ErrorCategory::kForbidden, "audit.forbidden",
                             "Only auditors and administrators may use the audit API.");
}

}  // namespace kinerja::app
