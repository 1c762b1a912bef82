#include "api/app/command_request.h"

#include <cctype>
#include <utility>

#include "domain/nip.h"
#include "eventstore/hash_chain.h"

namespace kinerja::app {
namespace {

constexpr size_t kMaxIdempotencyKeyBytes = 200;

http::Problem Forbidden(std::string code, std::string detail) {
  return http::Problem::Make(http::ErrorCategory::kForbidden, std::move(code), std::move(detail));
}

// "<digits>", "\"<digits>\"" or W/"<digits>" -> the version; nullopt when malformed.
std::optional<uint64_t> ParseIfMatch(std::string text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.erase(0, 1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
  if (text.rfind("W/", 0) == 0) text.erase(0, 2);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = text.substr(1, text.size() - 2);
  }
  if (text.empty() || text.size() > 19) return std::nullopt;
  uint64_t version = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    version = version * 10 + static_cast<uint64_t>(c - '0');
  }
  return version;
}

bool ValidIdempotencyKey(const std::string& key) {
  if (key.empty() || key.size() > kMaxIdempotencyKeyBytes) return false;
  for (unsigned char c : key) {
    if (c < 0x21 || c > 0x7e) return false;  // visible ASCII only
  }
  return true;
}

http::Result<PathArgs> ParsePath(const http::Request& request) {
  PathArgs args;
  if (auto nip = request.Param("nip")) {
    auto parsed = domain::Nip::ParseAny(*nip);
    if (!parsed.ok()) return ProblemFromViolation(parsed.error());
    args.nip = parsed.value().str();
  }
  if (auto year = request.Param("year")) {
    auto parsed = domain::ParseYear(*year);
    if (!parsed.ok()) return ProblemFromViolation(parsed.error());
    args.year = parsed.value();
  }
  if (auto period = request.Param("period")) {
    auto parsed = domain::Period::Parse(*period);
    if (!parsed.ok()) return ProblemFromViolation(parsed.error());
    args.period = parsed.value();
  }
  if (auto id = request.Param("id")) {
    if (id->empty() || id->size() > 64) {
      return http::Problem::InvalidInput("id.invalid", "The id in the path is not valid.");
    }
    args.id = *id;
  }
  return args;
}

http::Result<http::JsonDoc> ParseBody(const http::Request& request, bool optional) {
  if (request.body().empty()) {
    if (!optional) {
      return http::Problem::InvalidInput("body.missing", "This command needs a JSON object body.");
    }
    auto doc = std::make_shared<rapidjson::Document>();
    doc->SetObject();
    return doc;
  }
  auto doc = http::ParseJsonBody(request.body());
  if (!doc.ok()) return doc.problem();
  if (!doc.value()->IsObject()) {
    return http::Problem::InvalidInput("json.wrong_type", "The body must be a JSON object.")
        .WithString("pointer", "");
  }
  return doc;
}

void WriteEvent(http::JsonWriter& w, const eventstore::RecordedEvent& e) {
  w.StartObject();
  w.Key("position").Uint(e.position);
  w.Key("stream").String(e.stream);
  w.Key("streamVersion").Uint(e.stream_version);
  w.Key("id").String(e.id);
  w.Key("type").String(e.type);
  w.Key("schemaVersion").Uint(e.schema_version);
  w.Key("recordedAt").String(domain::Timestamp{e.recorded_at}.ToRfc3339());
  w.Key("actor").String(e.actor);
  w.Key("correlationId").String(e.correlation_id);
  w.Key("data").RawValue(e.data.empty() ? "{}" : e.data);
  w.EndObject();
}

}  // namespace

std::optional<http::Problem> Authorize(const http::Principal& principal, Who who,
                                       const std::string& nip, const AppContext& ctx) {
  if (principal.HasRole(http::Role::kAuditor)) {
    return Forbidden("auth.read_only", "Auditor accounts read; they never record anything.");
  }
  if (who == Who::kAdmin) {
    if (principal.HasRole(http::Role::kAdmin)) return std::nullopt;
    return Forbidden("auth.admin_only", "Only an admin may do this.");
  }
  if (!principal.HasRole(http::Role::kPegawai)) {
    return Forbidden("auth.pegawai_only", "Only a pegawai may do this.");
  }
  if (who == Who::kSelf) {
    if (principal.subject == nip) return std::nullopt;
    return Forbidden("auth.not_self", "A pegawai may only do this for their own records.");
  }
  Relationships relationships(ctx.store, ctx.aggregates.get());
  const domain::Date today = ctx.Now().date();
  if (who == Who::kSupervisor) {
    auto is = relationships.IsSupervisorOf(principal.subject, nip, today);
    if (!is.ok()) return is.problem();
    if (is.value()) return std::nullopt;
    return Forbidden("auth.not_pejabat_penilai",
                     "Only the pegawai's current pejabat penilai may do this.");
  }
  auto is = relationships.IsAtasanOf(principal.subject, nip, today);
  if (!is.ok()) return is.problem();
  if (is.value()) return std::nullopt;
  return Forbidden("auth.not_atasan_pejabat_penilai",
                   "Only the pegawai's current atasan pejabat penilai may do this.");
}

CommandRequest::CommandRequest(const http::Request& request, AppContext& ctx, PathArgs args,
                               http::JsonDoc body)
    : request_(request), ctx_(ctx), args_(std::move(args)), body_(std::move(body)) {}

const std::string& CommandRequest::actor() const { return request_.principal()->subject; }

http::Result<CommandOptions> CommandRequest::Options(const std::string& partition_key) const {
  CommandOptions options;
  options.partition_key = partition_key;
  options.correlation_id = request_.correlation_id();
  if (auto if_match = request_.Header("If-Match")) {
    options.if_match = ParseIfMatch(*if_match);
    if (!options.if_match) {
      return http::Problem::InvalidInput("if_match.invalid",
                                         "If-Match must be a stream version, e.g. \"3\".");
    }
  }
  if (auto key = request_.Header("Idempotency-Key")) {
    if (!ValidIdempotencyKey(*key)) {
      return http::Problem::InvalidInput(
          "idempotency_key.invalid",
          "Idempotency-Key must be 1..200 visible ASCII characters.");
    }
    options.idempotency_key = actor() + ":" + *key;
    options.fingerprint = eventstore::ToHex(eventstore::Sha256Raw(
        std::string(http::MethodName(request_.method())) + " " + request_.path() + "\n" +
        request_.body()));
  }
  return options;
}

http::Response CommandRequest::Render(const CommandOutcome& outcome,
                                      const std::optional<CreatedResource>& created) {
  std::optional<CreatedResource> resource = created;
  if (resource && outcome.duplicate) {
    // The replayed answer names the resource created by the first request.
    const size_t dash = outcome.stream.find('-');
    if (dash != std::string::npos) {
      const std::string first_id = outcome.stream.substr(dash + 1);
      const size_t at = resource->location.rfind(resource->id);
      if (at != std::string::npos) resource->location.replace(at, resource->id.size(), first_id);
      resource->id = first_id;
    }
  }
  http::JsonWriter w;
  w.StartObject();
  if (resource) w.Key("id").String(resource->id);
  w.Key("stream").String(outcome.stream);
  w.Key("version").Uint(outcome.version);
  w.Key("position").Uint(outcome.position);
  w.Key("events").StartArray();
  for (const auto& e : outcome.events) WriteEvent(w, e);
  w.EndArray();
  w.EndObject();
  http::Response response = http::Response::Json(outcome.events.empty() ? 200 : 201, w.str());
  response.SetETag(std::to_string(outcome.version));
  if (resource) response.SetLocation(resource->location);
  return response;
}

void AddCommand(http::Server& server, AppContext& ctx, CommandRoute route) {
  http::Route r;
  r.method = http::Method::kPost;
  r.pattern = route.pattern;
  r.name = route.name;
  r.auth = http::Auth::kRequired;
  r.execution = http::Execution::kWorker;
  AppContext* context = &ctx;
  r.handler = [context, who = route.who, body_optional = route.body_optional,
               handler = std::move(route.handler)](const http::Request& request) -> http::Response {
    if (!request.principal()) {
      return http::Problem::Make(http::ErrorCategory::kUnauthenticated, "missing_token",
                                 "This route needs a bearer token.");
    }
    auto args = ParsePath(request);
    if (!args.ok()) return args.problem();
    if (auto refused = Authorize(*request.principal(), who, args.value().nip, *context)) {
      return *refused;
    }
    auto body = ParseBody(request, body_optional);
    if (!body.ok()) return body.problem();
    const CommandRequest command(request, *context, std::move(args.value()),
                                 std::move(body.value()));
    return handler(command);
  };
  server.AddRoute(std::move(r));
}

}  // namespace kinerja::app
