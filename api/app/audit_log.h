// The access log of the audit API: every call to /v1/audit/* is logged (spdlog, info) with the
// caller, the route and the query, as the line "audit access" (text) or an object with
// "msg":"audit access" (json). Also a generic formatter of one structured log line that kinerjad
// uses for its own service lines, so text and json logs look alike.
//
// The logger is process-wide: kinerjad installs its own with SetAuditLogger at start-up (before the
// service starts); until then spdlog's default logger in text format is used.
// Thread-safety: every function may be called from any thread.
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <spdlog/logger.h>

#include "api/http/problem.h"
#include "api/http/request_log.h"
#include "api/http/route.h"

namespace kinerja::app {

using LogFields = std::vector<std::pair<std::string, std::string>>;

// text: `<msg> key=value ...` (values with spaces, quotes or control characters are quoted and
// escaped); json: {"ts", "level", "msg", key: value ...} on one line (values as strings).
std::string FormatLogLine(http::LogFormat format, std::string_view level, std::string_view msg,
                          const LogFields& fields);

void SetAuditLogger(std::shared_ptr<spdlog::logger> logger, http::LogFormat format);

struct AuditAccess {
  std::string sub;             // the caller's `sub` ("-" when anonymous)
  std::string roles;           // comma-separated roles of the caller
  std::string route;           // route name, e.g. "audit.events"
  std::string path;            // request path (stream names included)
  std::string query;           // the recognised query parameters, "a=1&b=2" (decoded values)
  bool allowed = false;        // false: refused (403)
  std::string correlation_id;
};
void LogAuditAccess(const AuditAccess& access);

// Logs one call to the audit API (with the named query parameters that are present) and answers
// whether the caller may use it: the auditor or admin role.
bool AuthorizeAuditCall(const http::Request& req, std::initializer_list<const char*> logged_params);
// The 403 every audit route answers to other callers.
http::Problem AuditForbidden();

}  // namespace kinerja::app
