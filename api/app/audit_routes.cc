// /v1/audit/* (DESIGN.md §3, issue 5): the log paged by position, one stream as of a point, an
// aggregate's state as of a point, and the hash-chain check. Only `auditor` and `admin` may call
// them (403 otherwise, 401 without a token); every call is logged with the caller (audit_log.h).
//
// Answers:
//   GET /v1/audit/events?from=&limit=&stream=&type=&actor=&since=&until=
//     {"events": [envelope...], "nextFrom": n | null, "head": n}
//     from >= 1 (default 1); limit 1..1000 (default 100); since/until RFC 3339, inclusive.
//     nextFrom: pass it as `from` for the next page; null once nothing more can match up to the
//     head as it was when the request began. One request examines at most kMaxScan events, so a
//     page may hold fewer than `limit` events and still carry a nextFrom.
//   GET /v1/audit/streams/{stream}?asOf=
//     {"stream", "version" (last admitted stream version, 0: none), "events": [envelope...]}
//     A stream with no event admitted answers 200 with "events": [] and version 0.
//   GET /v1/audit/state/{stream}?asOf=
//     {"stream", "aggregate", "version", "asOf": {"position"?, "time"?}, "state": {...}}
//     404 "audit.unknown_aggregate" for an unknown prefix; 404 "audit.stream_not_found" when the
//     stream had no event as of the bound (it did not exist then).
//   GET /v1/audit/verify?from=&to=
//     {"ok", "from", "to", "lastPosition", "headHash" (null when nothing was checked), "checked",
//      "firstBrokenPosition"?, "detail"?}; to = 0 or absent: up to the head.
// asOf is a log position (digits) or an RFC 3339 time (audit_params.h). Envelopes: audit_event_json.h.
#include <algorithm>
#include <limits>
#include <optional>
#include <string>

#include "api/app/audit_event_json.h"
#include "api/app/audit_log.h"
#include "api/app/audit_params.h"
#include "api/app/audit_state.h"
#include "api/app/error_mapping.h"
#include "api/app/routes.h"
#include "api/http/json.h"
#include "domain/date.h"

namespace kinerja::app {
namespace {

using http::Request;
using http::Response;

constexpr uint64_t kDefaultLimit = 100;
constexpr uint64_t kMaxLimit = 1000;
constexpr uint64_t kMaxScan = 100000;
constexpr uint64_t kMaxPosition = std::numeric_limits<uint64_t>::max() - 1;

std::optional<std::string> NonEmpty(std::optional<std::string> v) {
  if (v && v->empty()) return std::nullopt;
  return v;
}

struct EventFilter {
  uint64_t from = 1;
  std::optional<int64_t> since;
  std::optional<int64_t> until;
  std::optional<std::string> stream;
  std::optional<std::string> type;
  std::optional<std::string> actor;
  bool Matches(const eventstore::RecordedEvent& e) const {
    return e.position >= from && (!since || e.recorded_at >= *since) &&
           (!until || e.recorded_at <= *until) && (!stream || e.stream == *stream) &&
           (!type || e.type == *type) && (!actor || e.actor == *actor);
  }
};

Response Events(AppContext& ctx, const Request& req) {
  if (!AuthorizeAuditCall(req, {"from", "limit", "stream", "type", "actor", "since", "until", "asOf", "to"})) return AuditForbidden();
  auto from = ParseUintParam("from", req.Query("from"), 1, 1, kMaxPosition);
  if (!from.ok()) return from.problem();
  auto limit = ParseUintParam("limit", req.Query("limit"), kDefaultLimit, 1, kMaxLimit);
  if (!limit.ok()) return limit.problem();
  EventFilter filter;
  filter.from = from.value();
  filter.stream = NonEmpty(req.Query("stream"));
  filter.type = NonEmpty(req.Query("type"));
  filter.actor = NonEmpty(req.Query("actor"));
  if (auto since = req.Query("since")) {
    auto t = ParseTimeParam("since", *since);
    if (!t.ok()) return t.problem();
    filter.since = t.value();
  }
  if (auto until = req.Query("until")) {
    auto t = ParseTimeParam("until", *until);
    if (!t.ok()) return t.problem();
    filter.until = t.value();
  }
  if (filter.since && filter.until && *filter.since > *filter.until) {
    return http::Problem::InvalidInput("invalid_query", "since is later than until.")
        .WithString("parameter", "since");
  }

  const uint64_t head = ctx.store->head_position();
  eventstore::AsOf bound;
  bound.position = head;
  bound.recorded_at = filter.until;

  http::JsonWriter w;
  w.StartObject();
  w.Key("events").StartArray();
  uint64_t returned = 0;
  bool more = false;  // stopped before the end: a next page may hold more
  uint64_t next_from = 0;

  if (filter.stream) {
    eventstore::StreamRead read;
    read.as_of = bound;
    auto events = ctx.store->ReadStream(*filter.stream, read);
    if (!events.ok()) return ProblemFromStore(events.status());
    for (const auto& e : events.value()) {
      if (!filter.Matches(e)) continue;
      if (returned == limit.value()) {
        more = true;
        break;
      }
      WriteEventEnvelope(w, e);
      ++returned;
      next_from = e.position + 1;
    }
  } else {
    eventstore::AllRead read;
    read.from_position = filter.from;
    if (filter.since) {
      // Skip straight to the first event recorded at or after `since`.
      auto before = ctx.store->PositionAsOf(*filter.since - 1);
      if (!before.ok()) return ProblemFromStore(before.status());
      read.from_position = std::max(read.from_position, before.value() + 1);
    }
    read.as_of = bound;
    uint64_t scanned = 0;
    uint64_t last_scanned = 0;
    eventstore::Status s = ctx.store->ForEach(read, [&](const eventstore::RecordedEvent& e) {
      ++scanned;
      last_scanned = e.position;
      if (filter.Matches(e)) {
        WriteEventEnvelope(w, e);
        ++returned;
      }
      if (returned == limit.value() || scanned == kMaxScan) {
        more = last_scanned < head;
        return false;
      }
      return true;
    });
    if (!s.ok()) return ProblemFromStore(s);
    next_from = last_scanned + 1;
  }
  w.EndArray();
  w.Key("nextFrom");
  if (more) {
    w.Uint(next_from);
  } else {
    w.Null();
  }
  w.Key("head").Uint(head);
  w.EndObject();
  return Response::Json(200, w.str());
}

Response Stream(AppContext& ctx, const Request& req) {
  if (!AuthorizeAuditCall(req, {"from", "limit", "stream", "type", "actor", "since", "until", "asOf", "to"})) return AuditForbidden();
  const std::string stream = req.Param("stream").value_or("");
  auto as_of = ParseAsOfParam(req.Query("asOf"));
  if (!as_of.ok()) return as_of.problem();
  eventstore::StreamRead read;
  read.as_of = as_of.value();
  auto events = ctx.store->ReadStream(stream, read);
  if (!events.ok()) return ProblemFromStore(events.status());
  http::JsonWriter w;
  w.StartObject();
  w.Key("stream").String(stream);
  w.Key("version").Uint(events.value().empty() ? 0 : events.value().back().stream_version);
  w.Key("events").StartArray();
  for (const auto& e : events.value()) WriteEventEnvelope(w, e);
  w.EndArray();
  w.EndObject();
  return Response::Json(200, w.str());
}

// The date derived state values are computed for: the asOf time's date, the date of the event
// at the asOf position (or of the head, if beyond it), or today.
http::Result<domain::Date> AsOfDate(AppContext& ctx, const eventstore::AsOf& as_of) {
  if (as_of.recorded_at) return domain::Timestamp{*as_of.recorded_at}.date();
  if (as_of.position) {
    const uint64_t position = std::min(*as_of.position, ctx.store->head_position());
    if (position == 0) return ctx.Now().date();
    auto e = ctx.store->ReadAt(position);
    if (!e.ok()) return ProblemFromStore(e.status());
    return domain::Timestamp{e.value().recorded_at}.date();
  }
  return ctx.Now().date();
}

Response State(AppContext& ctx, const Request& req) {
  if (!AuthorizeAuditCall(req, {"from", "limit", "stream", "type", "actor", "since", "until", "asOf", "to"})) return AuditForbidden();
  const std::string stream = req.Param("stream").value_or("");
  auto as_of = ParseAsOfParam(req.Query("asOf"));
  if (!as_of.ok()) return as_of.problem();
  auto on = AsOfDate(ctx, as_of.value());
  if (!on.ok()) return on.problem();
  auto state = LoadAuditState(*ctx.store, stream, as_of.value(), on.value());
  if (!state.ok()) return state.problem();
  if (state.value().version == 0) {
    return http::Problem::Make(http::ErrorCategory::kNotFound, "audit.stream_not_found",
                               "The stream " + stream + " had no events" +
                                   (req.Query("asOf") ? " as of " + *req.Query("asOf") : "") +
                                   ".");
  }
  http::JsonWriter w;
  w.StartObject();
  w.Key("stream").String(stream);
  w.Key("aggregate").String(state.value().aggregate);
  w.Key("version").Uint(state.value().version);
  w.Key("asOf").StartObject();
  if (as_of.value().position) w.Key("position").Uint(*as_of.value().position);
  if (as_of.value().recorded_at) {
    w.Key("time").String(domain::Timestamp{*as_of.value().recorded_at}.ToRfc3339());
  }
  w.EndObject();
  w.Key("on").String(on.value().ToString());
  w.Key("state").RawValue(state.value().state_json);
  w.EndObject();
  return Response::Json(200, w.str());
}

Response Verify(AppContext& ctx, const Request& req) {
  if (!AuthorizeAuditCall(req, {"from", "limit", "stream", "type", "actor", "since", "until", "asOf", "to"})) return AuditForbidden();
  auto from = ParseUintParam("from", req.Query("from"), 1, 1, kMaxPosition);
  if (!from.ok()) return from.problem();
  auto to = ParseUintParam("to", req.Query("to"), 0, 0, kMaxPosition);
  if (!to.ok()) return to.problem();
  if (to.value() != 0 && to.value() < from.value()) {
    return http::Problem::InvalidInput("invalid_query", "to is smaller than from.")
        .WithString("parameter", "to");
  }
  auto report = ctx.store->Verify(from.value(), to.value());
  if (!report.ok()) return ProblemFromStore(report.status());
  const eventstore::VerifyReport& r = report.value();
  http::JsonWriter w;
  w.StartObject();
  w.Key("ok").Bool(r.ok);
  w.Key("from").Uint(from.value());
  w.Key("to").Uint(to.value());
  w.Key("lastPosition").Uint(r.last_position);
  w.Key("headHash");
  if (r.head_hash.empty()) {
    w.Null();
  } else {
    w.String(r.head_hash);
  }
  w.Key("checked").Uint(r.checked);
  if (!r.ok) {
    w.Key("firstBrokenPosition").Uint(r.first_broken_position);
    w.Key("detail").String(r.detail);
  }
  w.EndObject();
  return Response::Json(200, w.str());
}

http::Route AuditRoute(const char* pattern, const char* name,
                       Response (*handler)(AppContext&, const Request&), AppContext& ctx) {
  http::Route route;
  route.method = http::Method::kGet;
  route.pattern = pattern;
  route.name = name;
  route.auth = http::Auth::kRequired;
  route.execution = http::Execution::kWorker;  // reads the log; verify may take a while
  route.handler = [&ctx, handler](const Request& req) { return handler(ctx, req); };
  return route;
}

}  // namespace

void AddAuditRoutes(http::Server& server, AppContext& ctx) {
  server.AddRoute(AuditRoute("/v1/audit/events", "audit.events", &Events, ctx));
  server.AddRoute(AuditRoute("/v1/audit/streams/:stream", "audit.stream", &Stream, ctx));
  server.AddRoute(AuditRoute("/v1/audit/state/:stream", "audit.state", &State, ctx));
  server.AddRoute(AuditRoute("/v1/audit/verify", "audit.verify", &Verify, ctx));
}

}  // namespace kinerja::app
