#include "api/http/dispatcher.h"

#include <cctype>
#include <string_view>
#include <utility>

#include <pistache/http.h>

#include "api/http/ascii.h"

namespace kinerja::http {
namespace {

namespace PH = Pistache::Http;

std::optional<Method> FromPistache(PH::Method m) {
  switch (m) {
    case PH::Method::Get: return Method::kGet;
    case PH::Method::Post: return Method::kPost;
    case PH::Method::Put: return Method::kPut;
    case PH::Method::Patch: return Method::kPatch;
    case PH::Method::Delete: return Method::kDelete;
    case PH::Method::Head: return Method::kHead;
    case PH::Method::Options: return Method::kOptions;
    default: return std::nullopt;
  }
}

bool IsJsonContentType(const std::string& ct) {
  std::string_view v(ct);
  const size_t semi = v.find(';');
  if (semi != std::string_view::npos) v = v.substr(0, semi);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  return IEquals(v, "application/json");
}

std::vector<std::string> ParamNames(const std::string& pattern) {
  std::vector<std::string> names;
  size_t i = 0;
  while (i < pattern.size()) {
    size_t j = pattern.find('/', i);
    if (j == std::string::npos) j = pattern.size();
    if (j > i && pattern[i] == ':') names.push_back(pattern.substr(i + 1, j - i - 1));
    i = j + 1;
  }
  return names;
}

Decision Answer(Decision d, Response r) {
  d.answer = std::move(r);
  return d;
}

}  // namespace

Dispatcher::Dispatcher(size_t max_body_bytes, std::shared_ptr<const JwtVerifier> verifier)
    : max_body_bytes_(max_body_bytes), verifier_(std::move(verifier)) {}

void Dispatcher::AddRoute(Route route) {
  auto& entry = patterns_[route.pattern];
  if (entry.pattern.empty()) {
    entry.pattern = route.pattern;
    entry.param_names = ParamNames(route.pattern);
  }
  const Method m = route.method;
  entry.routes[m] = std::move(route);
  entry.allow.clear();
  for (Method x : kAllMethods) {
    if (entry.routes.count(x)) {
      if (!entry.allow.empty()) entry.allow += ", ";
      entry.allow += MethodName(x);
    }
  }
}

Decision Dispatcher::Prepare(const PH::Request& req, const PatternEntry* entry,
                             const std::function<std::string(const std::string&)>& raw_param,
                             const std::string& correlation_id, bool draining) const {
  Decision d;
  const std::string& path = req.resource();
  if (entry == nullptr) {
    d.route_name = "unmatched";
    return Answer(std::move(d), Problem::Make(ErrorCategory::kNotFound, "route_not_found",
                                              "No route matches " + path + "."));
  }
  const auto method = FromPistache(req.method());
  auto it = method ? entry->routes.find(*method) : entry->routes.end();
  if (it == entry->routes.end()) {
    d.route_name = "method_not_allowed";
    Response r = Problem::Make(ErrorCategory::kMethodNotAllowed, "method_not_allowed",
                               std::string("Method ") + PH::methodString(req.method()) +
                                   " is not allowed on " + entry->pattern + ".");
    r.SetHeader("Allow", entry->allow);
    return Answer(std::move(d), std::move(r));
  }
  const Route& route = it->second;
  d.route_name = route.name;
  if (draining) {
    d.close = true;
    return Answer(std::move(d), Problem::Make(ErrorCategory::kUnavailable, "shutting_down",
                                              "The server is shutting down."));
  }
  if (req.body().size() > max_body_bytes_) {
    d.close = true;
    return Answer(std::move(d),
                  Problem::Make(ErrorCategory::kPayloadTooLarge, "body_too_large",
                                "The body exceeds " + std::to_string(max_body_bytes_) + " bytes."));
  }
  Request& request = d.request;
  request.set_method(*method).set_path(path).set_route_name(route.name)
      .set_correlation_id(correlation_id);
  for (const auto& name : entry->param_names) {
    auto decoded = PercentDecode(raw_param(name), false);
    if (!decoded) {
      return Answer(std::move(d),
                    Problem::InvalidInput("invalid_path", "The path has a malformed %-escape."));
    }
    request.AddParam(name, std::move(*decoded));
  }
  const auto& query = req.query();
  for (auto q = query.parameters_begin(); q != query.parameters_end(); ++q) {
    auto k = PercentDecode(q->first, true);
    auto v = PercentDecode(q->second, true);
    if (!k || !v) {
      return Answer(std::move(d),
                    Problem::InvalidInput("invalid_query", "The query has a malformed %-escape."));
    }
    request.AddQuery(std::move(*k), std::move(*v));
  }
  for (const auto& raw : req.headers().rawList()) {
    request.AddHeader(raw.second.name(), raw.second.value());
  }
  if ((*method == Method::kPost || *method == Method::kPut || *method == Method::kPatch) &&
      !req.body().empty()) {
    const auto ct = request.Header("Content-Type");
    if (!ct || !IsJsonContentType(*ct)) {
      return Answer(std::move(d),
                    Problem::Make(ErrorCategory::kUnsupportedMediaType, "unsupported_media_type",
                                  "The body must be application/json."));
    }
  }
  if (route.auth != Auth::kNone) {
    const auto authz = request.Header("Authorization");
    if (authz) {
      if (!verifier_) {
        return Answer(std::move(d), Problem::Make(ErrorCategory::kUnauthenticated, "invalid_token",
                                                  "Tokens are not accepted by this server."));
      }
      auto principal = verifier_->VerifyAuthorizationHeader(*authz);
      if (!principal.ok()) return Answer(std::move(d), principal.problem());
      d.actor = principal.value().subject;
      request.set_principal(std::move(principal.value()));
    } else if (route.auth == Auth::kRequired) {
      return Answer(std::move(d),
                    Problem::Make(ErrorCategory::kUnauthenticated, "missing_token",
                                  "This route needs \"Authorization: Bearer <token>\"."));
    }
  }
  request.set_body(req.body());
  d.route = &route;
  return d;
}

Response RunRoute(const Route& route, const Request& request, RequestLogger& logger) {
  try {
    return route.handler(request);
  } catch (const std::exception& e) {
    logger.LogError(request.correlation_id(), "handler " + route.name + " threw: " + e.what());
  } catch (...) {
    logger.LogError(request.correlation_id(), "handler " + route.name + " threw a non-exception");
  }
  return Problem::Internal();
}

}  // namespace kinerja::http
