// What every query route shares: who the caller is, object-level authorisation of reads
// (DESIGN.md §3), ?minPosition= / X-Min-Position waits, parameter parsing (400s), and consistent
// reads of the read models through one view-store snapshot, including "who is a member of a
// unit / a subordinate of a supervisor ON A DATE" resolved from the employees read model.
// Thread-safety: functions are reentrant; a Views object is used by one request (one thread).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "api/app/app_context.h"
#include "api/http/problem.h"
#include "api/http/route.h"
#include "domain/date.h"
#include "domain/pegawai.h"
#include "projections/view_store.h"

namespace kinerja::app::query {

struct Caller {
  std::string sub;
  bool pegawai = false, admin = false, auditor = false, analyst = false;
};
Caller CallerOf(const http::Request& request);

// ?minPosition=N or X-Min-Position: N (400 invalid_query when not a non-negative integer); waits
// up to ctx.config.min_position_wait; 503 read_model.behind (Retry-After: 1) when not reached.
std::optional<http::Response> AwaitMinPosition(const AppContext& ctx, const http::Request& request);

// The path's NIP (18 digits, a valid PNS NIP or PPPK NI), else 400 invalid_nip.
http::Result<std::string> NipParam(const http::Request& request);
// A year 2000..2100 from the path parameter or query parameter `name`; `fallback` when the query
// parameter is absent (nullopt: required). 400 invalid_year.
http::Result<int> YearParam(const http::Request& request, const char* name, bool from_path,
                            std::optional<int> fallback);

http::Problem Forbidden(const std::string& detail);
http::Problem NotFound(const std::string& code, const std::string& detail);

// Person-level reads of `nip`: admin and auditor always; a caller with the pegawai role when it
// is `nip` itself or its pejabat penilai today; with `allow_atasan` also its atasan pejabat
// penilai today (objection-related reads). Everyone else (analysts included): 403.
std::optional<http::Problem> AuthorisePersonRead(const AppContext& ctx, const Caller& caller,
                                                 const std::string& nip, bool allow_atasan);
// Unit and city aggregates: admin, auditor, analyst; 403 otherwise.
std::optional<http::Problem> AuthoriseAggregateRead(const Caller& caller);

// Walks the documents of `projection` under `prefix` one at a time (ViewSnapshot::ForEach), for
// readers of the whole city. `visit` gets each key and stored value and returns false when the
// document is malformed: the walk stops with a 500. A storage error becomes its problem (503).
std::optional<http::Problem> VisitDocuments(
    projections::ViewSnapshot& snapshot, const std::string& projection, const std::string& prefix,
    const std::function<bool(std::string_view key, std::string_view value)>& visit);

// One consistent snapshot of the read models for one request. Storage errors become 503s.
class Views {
 public:
  explicit Views(const AppContext& ctx);
  http::Result<std::optional<rapidjson::Document>> Get(const std::string& projection,
                                                       const std::string& key);
  // Documents under `prefix` (key suffix after the prefix, parsed JSON object) in key order.
  struct Entry {
    std::string suffix;
    std::shared_ptr<rapidjson::Document> doc;
  };
  http::Result<std::vector<Entry>> Scan(const std::string& projection, const std::string& prefix);
  // Key suffixes only (index families whose values are empty).
  http::Result<std::vector<std::string>> Keys(const std::string& projection,
                                              const std::string& prefix);
  // The employees read model's profile of `nip` (nullopt: not registered).
  http::Result<std::optional<domain::PegawaiState>> Profile(const std::string& nip);
  // Pegawai whose assignment on `day` puts them in `unit` / under `supervisor` (NIP order).
  http::Result<std::vector<domain::PegawaiState>> MembersOn(const std::string& unit,
                                                            domain::Date day);
  http::Result<std::vector<domain::PegawaiState>> SubordinatesOn(const std::string& supervisor,
                                                                 domain::Date day);
  // Every registered pegawai's profile, in NIP order.
  http::Result<std::vector<domain::PegawaiState>> AllProfiles();
  // The snapshot itself, for readers that parse documents their own way (query_dashboards.cc).
  projections::ViewSnapshot& snapshot() { return *snapshot_; }

 private:
  std::unique_ptr<projections::ViewSnapshot> snapshot_;
};

// Small JSON accessors over stored documents.
std::string Str(const rapidjson::Value& obj, const char* key);
int64_t Int(const rapidjson::Value& obj, const char* key);
std::string ToJson(const rapidjson::Value& value);

}  // namespace kinerja::app::query
