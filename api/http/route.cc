#include "api/http/route.h"

#include <cctype>

#include "api/http/ascii.h"

namespace kinerja::http {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

const char* MethodName(Method m) {
  switch (m) {
    case Method::kGet: return "GET";
    case Method::kPost: return "POST";
    case Method::kPut: return "PUT";
    case Method::kPatch: return "PATCH";
    case Method::kDelete: return "DELETE";
    case Method::kHead: return "HEAD";
    case Method::kOptions: return "OPTIONS";
  }
  return "GET";
}

std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = Hex(s[i + 1]);
      const int lo = Hex(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<std::string> Request::Param(std::string_view name) const {
  for (const auto& [k, v] : params_) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::optional<std::string> Request::Query(std::string_view name) const {
  for (const auto& [k, v] : query_) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::optional<std::string> Request::Header(std::string_view name) const {
  for (const auto& [k, v] : headers_) {
    if (IEquals(k, name)) return v;
  }
  return std::nullopt;
}

Request& Request::AddParam(std::string name, std::string value) {
  params_.emplace_back(std::move(name), std::move(value));
  return *this;
}

Request& Request::AddQuery(std::string name, std::string value) {
  query_.emplace_back(std::move(name), std::move(value));
  return *this;
}

Request& Request::AddHeader(std::string name, std::string value) {
  headers_.emplace_back(Lower(name), std::move(value));
  return *this;
}

Response::Response(const Problem& problem)
    : status_(problem.status()),
      body_(problem.ToJson()),
      content_type_("application/problem+json"),
      problem_code_(problem.code) {
  if (problem.category == ErrorCategory::kUnauthenticated) {
    SetHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
  }
}

Response Response::Json(int status, std::string json_body) {
  Response r;
  r.status_ = status;
  r.body_ = std::move(json_body);
  r.content_type_ = "application/json";
  return r;
}

Response Response::Text(int status, std::string body, std::string content_type) {
  Response r;
  r.status_ = status;
  r.body_ = std::move(body);
  r.content_type_ = std::move(content_type);
  return r;
}

Response Response::Empty(int status) {
  Response r;
  r.status_ = status;
  return r;
}

Response& Response::SetHeader(std::string name, std::string value) {
  for (auto& [k, v] : headers_) {
    if (IEquals(k, name)) {
      v = std::move(value);
      return *this;
    }
  }
  headers_.emplace_back(std::move(name), std::move(value));
  return *this;
}

Response& Response::SetETag(std::string_view version) {
  return SetHeader("ETag", "\"" + std::string(version) + "\"");
}

Response& Response::SetLocation(std::string location) {
  return SetHeader("Location", std::move(location));
}

std::optional<std::string> Response::Header(std::string_view name) const {
  for (const auto& [k, v] : headers_) {
    if (IEquals(k, name)) return v;
  }
  return std::nullopt;
}

}  // namespace kinerja::http
