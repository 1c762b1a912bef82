#include "api/app/query_support.h"

#include <deque>
#include <memory>
#include <string_view>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "api/app/error_mapping.h"
#include "api/app/relationships.h"
#include "domain/nip.h"
#include "domain/period.h"
#include "projections/employees_projection.h"
#include "projections/projector.h"

namespace kinerja::app::query {

using projections::EmployeesProjection;

Caller CallerOf(const http::Request& request) {
  Caller c;
  if (!request.principal()) return c;
  const http::Principal& p = *request.principal();
  c.sub = p.subject;
  c.pegawai = p.HasRole(http::Role::kPegawai);
  c.admin = p.HasRole(http::Role::kAdmin);
  c.auditor = p.HasRole(http::Role::kAuditor);
  c.analyst = p.HasRole(http::Role::kAnalyst);
  return c;
}

namespace {

std::optional<uint64_t> ParseU64(const std::string& text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  uint64_t v = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(ch - '0');
  }
  return v;
}

}  // namespace

std::optional<http::Response> AwaitMinPosition(const AppContext& ctx,
                                               const http::Request& request) {
  std::optional<std::string> raw = request.Query("minPosition");
  const char* name = "minPosition";
  if (!raw) {
    raw = request.Header("x-min-position");
    name = "X-Min-Position";
  }
  if (!raw) return std::nullopt;
  auto position = ParseU64(*raw);
  if (!position) {
    return http::Response(
        http::Problem::InvalidInput("invalid_query",
                                    std::string(name) + " must be a non-negative integer.")
            .WithString("parameter", name));
  }
  if (ctx.projector->WaitFor(*position, ctx.config.min_position_wait)) return std::nullopt;
  http::Response r(http::Problem::Make(
      http::ErrorCategory::kUnavailable, "read_model.behind",
      "The read models have not yet applied position " + std::to_string(*position) +
          "; retry shortly."));
  r.SetHeader("Retry-After", "1");
  return r;
}

http::Result<std::string> NipParam(const http::Request& request) {
  std::string nip = request.Param("nip").value_or("");
  if (!domain::Nip::ParseAny(nip).ok()) {
    return http::Problem::InvalidInput("invalid_nip",
                                       "The NIP must be 18 digits: a valid PNS NIP or PPPK NI.");
  }
  return nip;
}

http::Result<int> YearParam(const http::Request& request, const char* name, bool from_path,
                            std::optional<int> fallback) {
  std::optional<std::string> raw = from_path ? request.Param(name) : request.Query(name);
  if (!raw) {
    if (fallback) return *fallback;
    return http::Problem::InvalidInput("invalid_year", std::string(name) + " is required.")
        .WithString("parameter", name);
  }
  auto year = domain::ParseYear(*raw);
  if (!year.ok()) {
    return http::Problem::InvalidInput("invalid_year",
                                       std::string(name) + " must be a year 2000..2100.")
        .WithString("parameter", name);
  }
  return year.value();
}

http::Problem Forbidden(const std::string& detail) {
  return http::Problem::Make(http::ErrorCategory::kForbidden, "forbidden", detail);
}

http::Problem NotFound(const std::string& code, const std::string& detail) {
  return http::Problem::Make(http::ErrorCategory::kNotFound, code, detail);
}

std::optional<http::Problem> AuthorisePersonRead(const AppContext& ctx, const Caller& caller,
                                                 const std::string& nip, bool allow_atasan) {
  if (caller.admin || caller.auditor) return std::nullopt;
  if (!caller.pegawai) {
    return Forbidden("This read needs the pegawai, admin or auditor role.");
  }
  if (caller.sub == nip) return std::nullopt;
  Relationships rel(ctx.store, ctx.aggregates.get());
  const domain::Date today = ctx.Now().date();
  auto supervisor = rel.IsSupervisorOf(caller.sub, nip, today);
  if (!supervisor.ok()) return supervisor.problem();
  if (supervisor.value()) return std::nullopt;
  if (allow_atasan) {
    auto atasan = rel.IsAtasanOf(caller.sub, nip, today);
    if (!atasan.ok()) return atasan.problem();
    if (atasan.value()) return std::nullopt;
  }
  return Forbidden("Only the pegawai, their current pejabat penilai" +
                   std::string(allow_atasan ? ", their atasan pejabat penilai" : "") +
                   ", admins and auditors may read this.");
}

std::optional<http::Problem> AuthoriseAggregateRead(const Caller& caller) {
  if (caller.admin || caller.auditor || caller.analyst) return std::nullopt;
  return Forbidden("Unit and city aggregates need the admin, auditor or analyst role.");
}

Views::Views(const AppContext& ctx) : snapshot_(ctx.projector->views()->NewSnapshot()) {}

std::optional<http::Problem> VisitDocuments(
    projections::ViewSnapshot& snapshot, const std::string& projection, const std::string& prefix,
    const std::function<bool(std::string_view key, std::string_view value)>& visit) {
  bool malformed = false;
  const eventstore::Status st =
      snapshot.ForEach(projection, prefix, [&](std::string_view key, std::string_view value) {
        if (visit(key, value)) return true;
        malformed = true;
        return false;
      });
  if (!st.ok()) return ProblemFromStore(st);
  if (malformed) return http::Problem::Internal();
  return std::nullopt;
}

http::Result<std::optional<rapidjson::Document>> Views::Get(const std::string& projection,
                                                            const std::string& key) {
  auto got = snapshot_->Get(projection, key);
  if (!got.ok()) return ProblemFromStore(got.status());
  if (!got.value()) return std::optional<rapidjson::Document>{};
  rapidjson::Document d;
  d.Parse(got.value()->data(), got.value()->size());
  if (d.HasParseError() || !d.IsObject()) return http::Problem::Internal();
  return std::optional<rapidjson::Document>(std::move(d));
}

http::Result<std::vector<Views::Entry>> Views::Scan(const std::string& projection,
                                                    const std::string& prefix) {
  // All the documents of one scan share one memory pool, which lives as long as any of them: a
  // Document of its own each would allocate a 64 KiB chunk per document.
  struct Arena {
    rapidjson::MemoryPoolAllocator<> pool;
    std::deque<rapidjson::Document> docs;
  };
  auto arena = std::make_shared<Arena>();
  std::vector<Entry> out;
  auto problem = VisitDocuments(
      *snapshot_, projection, prefix, [&](std::string_view key, std::string_view value) {
        rapidjson::Document& d = arena->docs.emplace_back(&arena->pool);
        d.Parse(value.data(), value.size());
        if (d.HasParseError() || !d.IsObject()) return false;
        out.push_back(Entry{std::string(key.substr(prefix.size())),
                            std::shared_ptr<rapidjson::Document>(arena, &d)});
        return true;
      });
  if (problem) return *problem;
  return out;
}

http::Result<std::vector<std::string>> Views::Keys(const std::string& projection,
                                                   const std::string& prefix) {
  auto got = snapshot_->Scan(projection, prefix);
  if (!got.ok()) return ProblemFromStore(got.status());
  std::vector<std::string> out;
  for (const auto& doc : got.value()) out.push_back(doc.key.substr(prefix.size()));
  return out;
}

http::Result<std::optional<domain::PegawaiState>> Views::Profile(const std::string& nip) {
  auto got = snapshot_->Get(EmployeesProjection::kName, EmployeesProjection::ProfileKey(nip));
  if (!got.ok()) return ProblemFromStore(got.status());
  if (!got.value()) return std::optional<domain::PegawaiState>{};
  auto state = projections::DecodeEmployeeProfile(*got.value());
  if (!state) return http::Problem::Internal();
  return std::optional<domain::PegawaiState>(std::move(*state));
}

namespace {

template <class Keep>
http::Result<std::vector<domain::PegawaiState>> Filter(Views& views,
                                                       const std::vector<std::string>& nips,
                                                       Keep&& keep) {
  std::vector<domain::PegawaiState> out;
  for (const auto& nip : nips) {
    auto profile = views.Profile(nip);
    if (!profile.ok()) return profile.problem();
    if (profile.value() && keep(*profile.value())) out.push_back(std::move(*profile.value()));
  }
  return out;
}

}  // namespace

http::Result<std::vector<domain::PegawaiState>> Views::MembersOn(const std::string& unit,
                                                                 domain::Date day) {
  auto nips = Keys(EmployeesProjection::kName, EmployeesProjection::UnitPrefix(unit));
  if (!nips.ok()) return nips.problem();
  return Filter(*this, nips.value(), [&](const domain::PegawaiState& s) {
    return domain::UnitOn(s, day) == unit;
  });
}

http::Result<std::vector<domain::PegawaiState>> Views::SubordinatesOn(
    const std::string& supervisor, domain::Date day) {
  auto nips = Keys(EmployeesProjection::kName, EmployeesProjection::SupervisorPrefix(supervisor));
  if (!nips.ok()) return nips.problem();
  return Filter(*this, nips.value(), [&](const domain::PegawaiState& s) {
    return s.nip != supervisor && domain::SupervisorOn(s, day) == supervisor;
  });
}

http::Result<std::vector<domain::PegawaiState>> Views::AllProfiles() {
  // One stored profile at a time: the city has thousands.
  std::vector<domain::PegawaiState> out;
  auto problem = VisitDocuments(*snapshot_, EmployeesProjection::kName,
                                EmployeesProjection::kProfilePrefix,
                                [&](std::string_view, std::string_view value) {
                                  auto state = projections::DecodeEmployeeProfile(value);
                                  if (!state) return false;
                                  out.push_back(std::move(*state));
                                  return true;
                                });
  if (problem) return *problem;
  return out;
}

std::string Str(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject()) return "";
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || !it->value.IsString()) return "";
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

int64_t Int(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject()) return 0;
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || !it->value.IsInt64()) return 0;
  return it->value.GetInt64();
}

std::string ToJson(const rapidjson::Value& value) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  value.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace kinerja::app::query
