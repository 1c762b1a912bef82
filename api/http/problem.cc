#include "api/http/problem.h"

#include "api/http/json.h"

namespace kinerja::http {

int HttpStatusFor(ErrorCategory category) {
  switch (category) {
    case ErrorCategory::kInvalidInput: return 400;
    case ErrorCategory::kUnauthenticated: return 401;
    case ErrorCategory::kForbidden: return 403;
    case ErrorCategory::kNotFound: return 404;
    case ErrorCategory::kMethodNotAllowed: return 405;
    case ErrorCategory::kConflict: return 409;
    case ErrorCategory::kPreconditionFailed: return 412;
    case ErrorCategory::kPayloadTooLarge: return 413;
    case ErrorCategory::kUnsupportedMediaType: return 415;
    case ErrorCategory::kBusinessRule: return 422;
    case ErrorCategory::kTooManyRequests: return 429;
    case ErrorCategory::kUnavailable: return 503;
    case ErrorCategory::kInternal: return 500;
  }
  return 500;
}

const char* ReasonPhrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Unknown";
  }
}

Problem Problem::Make(ErrorCategory category, std::string code, std::string detail) {
  Problem p;
  p.category = category;
  p.code = std::move(code);
  p.detail = std::move(detail);
  return p;
}

Problem& Problem::With(std::string name, std::string encoded_json_value) {
  extra.emplace_back(std::move(name), std::move(encoded_json_value));
  return *this;
}

Problem& Problem::WithString(std::string name, std::string_view value) {
  return With(std::move(name), "\"" + JsonEscape(value) + "\"");
}

std::string Problem::ToJson() const {
  const int s = status();
  std::string out;
  out.reserve(160 + detail.size());
  out += "{\"type\":\"";
  out += JsonEscape(type.empty() ? std::string_view("about:blank") : std::string_view(type));
  out += "\",\"title\":\"";
  out += JsonEscape(title.empty() ? std::string_view(ReasonPhrase(s)) : std::string_view(title));
  out += "\",\"status\":";
  out += std::to_string(s);
  out += ",\"detail\":\"";
  out += JsonEscape(detail);
  out += "\",\"code\":\"";
  out += JsonEscape(code);
  out += "\"";
  for (const auto& [name, value] : extra) {
    out += ",\"";
    out += JsonEscape(name);
    out += "\":";
    out += value.empty() ? "null" : value;
  }
  out += "}";
  return out;
}

}  // namespace kinerja::http
