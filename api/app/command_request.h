// The steps every command route of DESIGN.md §3 shares, written once: path parameters (NIP, year,
// period, id), the JSON body, authorisation (roles, then the caller's relationship to the pegawai
// named in the path), CommandOptions from the request headers (If-Match, Idempotency-Key,
// correlation id), executing against one aggregate (command_service.h) and the contract's answer
// (201/200, {"stream","version","position","events"}, ETag, Location + "id" for server-chosen ids).
// The route files (command_routes_*.cc) only say which command, which facts and who may send it.
//
// Who may send a command (api-shared.md, DESIGN.md §3):
//   kAdmin      — the admin role (units, pegawai, trainings, recognitions, discipline);
//   kSelf       — the pegawai role and `sub` == the path's NIP;
//   kSupervisor — the pegawai role and `sub` is the path NIP's pejabat penilai today;
//   kAtasan     — the pegawai role and `sub` is the path NIP's atasan pejabat penilai today.
// A token with the auditor role is read-only: 403 on every command, whatever else it holds.
//
// Thread-safety: a CommandRequest belongs to one request and the handler's thread.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "api/app/app_context.h"
#include "api/app/command_service.h"
#include "api/app/facts.h"
#include "api/app/relationships.h"
#include "api/http/json.h"
#include "api/http/route.h"
#include "api/http/server.h"
#include "domain/period.h"

namespace kinerja::app {

enum class Who { kAdmin, kSelf, kSupervisor, kAtasan };

// The path parameters of a command route, validated: ":nip" (domain::Nip::ParseAny), ":year"
// (domain::ParseYear), ":period" (domain::Period::Parse), ":id" (non-empty, as given).
struct PathArgs {
  std::string nip;
  int year = 0;
  domain::Period period;
  std::string id;
};

// A resource whose id the server chose (AssignTraining, RecordInnovation).
struct CreatedResource {
  std::string id;
  std::string location;
};

class CommandRequest {
 public:
  CommandRequest(const http::Request& request, AppContext& ctx, PathArgs args, http::JsonDoc body);

  const http::Request& request() const { return request_; }
  AppContext& ctx() const { return ctx_; }
  const PathArgs& args() const { return args_; }
  // The body's root object; an empty object when the route allows an empty body and got none.
  const rapidjson::Value& body() const { return *body_; }
  const std::string& actor() const;
  domain::CommandContext command_context() const { return ctx_.CommandContextFor(actor()); }
  domain::Date today() const { return ctx_.Now().date(); }
  // The facts of this command, read from the log through the context's aggregate cache.
  FactSource facts() const { return FactSource(ctx_.store, today(), ctx_.aggregates.get()); }

  // Load, If-Match, facts_fn(state) -> http::Result<Facts>, decide, append; then the answer.
  // `partition_key`: the pegawai's NIP (the unit id for unit commands).
  template <class Traits, class FactsFn>
  http::Response Run(const std::string& stream, const typename Traits::Command& command,
                     FactsFn&& facts_fn, const std::string& partition_key,
                     const std::optional<CreatedResource>& created = std::nullopt) const {
    auto options = Options(partition_key);
    if (!options.ok()) return options.problem();
    auto outcome = Execute<Traits>(*ctx_.store, stream, command, std::forward<FactsFn>(facts_fn),
                                   command_context(), options.value(), ctx_.aggregates.get());
    if (!outcome.ok()) return outcome.problem();
    return Render(outcome.value(), created);
  }

  // CommandOptions from the headers; 400 on a malformed If-Match or Idempotency-Key.
  http::Result<CommandOptions> Options(const std::string& partition_key) const;

  // The contract's answer for an outcome. For a server-chosen id on an idempotent replay, the id
  // is taken from the replayed stream ("<prefix><id>") so the retry names the first resource.
  static http::Response Render(const CommandOutcome& outcome,
                               const std::optional<CreatedResource>& created);

 private:
  const http::Request& request_;
  AppContext& ctx_;
  PathArgs args_;
  http::JsonDoc body_;
};

using CommandHandler = std::function<http::Response(const CommandRequest&)>;

struct CommandRoute {
  std::string pattern;  // "/v1/employees/:nip/work-plans/:year/approve"
  std::string name;     // metrics/log label
  Who who = Who::kAdmin;
  bool body_optional = false;  // approve, accept, finalize, acknowledge: empty body allowed
  CommandHandler handler;
};

// Registers a POST route (Auth::kRequired, Execution::kWorker) that parses the path, authorises
// per `who`, parses the body and then calls the handler.
void AddCommand(http::Server& server, AppContext& ctx, CommandRoute route);

// The refusal for a caller who may not send this command (403), or nullopt when allowed.
// Exposed for tests and for routes whose object is not named in the path.
std::optional<http::Problem> Authorize(const http::Principal& principal, Who who,
                                       const std::string& nip, const AppContext& ctx);

}  // namespace kinerja::app
