// `kinerja state`: what a record said at a point — the aggregate behind a stream rebuilt with the
// domain's Evolve from the events admitted by --as-of (api/app/audit_state.h), printed as the
// audit API's /v1/audit/state answer. From a data directory, or from an export (loaded into a
// MemoryEventStore after its hash chain is checked).
#include <fstream>
#include <iostream>

#include "api/app/audit_params.h"
#include "api/app/audit_state.h"
#include "api/cli/cli_support.h"
#include "api/cli/export_format.h"
#include "api/cli/log_audit.h"
#include "api/cli/subcommands.h"
#include "api/http/json.h"
#include "domain/date.h"
#include "eventstore/hash_chain.h"
#include "eventstore/memory_event_store.h"

namespace kinerja::cli {
namespace {

constexpr const char* kCmd = "state";

FlagSet MakeFlags() {
  FlagSet flags(
      "kinerja state (--data-dir DIR | --export FILE) --stream STREAM [--as-of POS|RFC3339]",
      std::string(
          "Prints the aggregate of STREAM (unit-<id>, pegawai-<nip>, skp-<nip>-<year>, ...) as\n"
          "it was at --as-of: a log position (0 = before the first event) or an RFC 3339 time\n"
          "(inclusive). Without --as-of: as of now. The JSON is /v1/audit/state's answer.\n"
          "--export needs an export from position 1 (kinerja export); its hash chain is checked\n"
          "first. Exit: 0 printed, 1 the stream had no event then (or a bad log), 2 usage.\n") +
          kOfflineNote);
  flags.Add({"data-dir", "DIR", "kinerjad data directory", "", ""})
      .Add({"export", "FILE", "NDJSON export (from position 1)", "", ""})
      .Add({"stream", "STREAM", "the stream, e.g. pegawai-199001012015011001", "", ""})
      .Add({"as-of", "POS|TIME", "log position or RFC 3339 time", "", ""});
  return flags;
}

// Loads an export into `store`, checking its chain. Empty string on success.
std::string LoadExport(const std::string& path, eventstore::MemoryEventStore& store,
                       int64_t* clock_now) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "cannot read " + path;
  std::string line, error;
  uint64_t line_no = 0;
  std::optional<ChainChecker> chain;
  while (std::getline(in, line)) {
    ++line_no;
    ExportLine parsed;
    if (!ParseExportLine(line, &parsed, &error)) {
      return "line " + std::to_string(line_no) + ": " + error;
    }
    if (parsed.kind == ExportLineKind::kHeader) {
      if (parsed.header.from != 1) return "the export starts at position " +
                                          std::to_string(parsed.header.from) +
                                          "; state needs an export from position 1";
      chain.emplace(1, eventstore::GenesisHashHex(), false);
      continue;
    }
    if (parsed.kind == ExportLineKind::kTrailer) continue;
    if (!chain) return "no export header";
    const eventstore::RecordedEvent& e = parsed.event;
    if (!chain->Add(e)) {
      return "the export does not verify at position " +
             std::to_string(chain->failure()->position) + ": " + chain->failure()->reason +
             " (run kinerja verify)";
    }
    *clock_now = e.recorded_at;
    eventstore::AppendContext ctx{e.actor, e.correlation_id, e.causation_id, "", ""};
    auto appended = store.Append(
        e.stream, eventstore::ExpectedVersion::Exact(e.stream_version - 1),
        {eventstore::NewEvent{e.id, e.type, e.schema_version, e.data, e.metadata}}, ctx);
    if (!appended.ok()) {
      return "position " + std::to_string(e.position) + " does not load: " +
             appended.status().ToString();
    }
  }
  return chain ? "" : "empty file: no export header";
}

}  // namespace

int RunState(const std::vector<std::string>& args) {
  FlagSet flags = MakeFlags();
  int code = 0;
  if (!ParseCommandFlags(kCmd, flags, args, &code)) return code;
  if (flags.IsSet("data-dir") == flags.IsSet("export")) {
    return Usage(kCmd, "give exactly one of --data-dir or --export");
  }
  const std::string stream = flags.Get("stream");
  if (stream.empty()) return Usage(kCmd, "--stream is required");
  if (app::AggregateOfStream(stream).empty()) {
    return Usage(kCmd, "\"" + stream + "\" is no known stream (unit-, pegawai-, skp-, ...)");
  }
  std::optional<std::string> as_of_text;
  if (flags.IsSet("as-of")) as_of_text = flags.Get("as-of");
  auto as_of = app::ParseAsOfParam(as_of_text);
  if (!as_of.ok()) return Usage(kCmd, "--as-of: " + as_of.problem().detail);

  std::unique_ptr<eventstore::EventStore> store;
  int64_t replay_now = 0;
  if (flags.IsSet("data-dir")) {
    std::string error;
    auto rocks = OpenEventLog(DataDir{flags.Get("data-dir")}, false, true, &error);
    if (!rocks) return Fail(kCmd, error);
    store = std::move(rocks);
  } else {
    // The replayed events keep their recorded times: the clock returns the current event's.
    auto memory = std::make_unique<eventstore::MemoryEventStore>([&replay_now] { return replay_now; });
    const std::string error = LoadExport(flags.Get("export"), *memory, &replay_now);
    if (!error.empty()) return Fail(kCmd, error);
    store = std::move(memory);
  }

  // The date derived values are computed for (as the audit route does).
  domain::Date on = domain::Timestamp{eventstore::SystemClockMicros()}.date();
  const eventstore::AsOf& bound = as_of.value();
  if (bound.recorded_at) {
    on = domain::Timestamp{*bound.recorded_at}.date();
  } else if (bound.position) {
    const uint64_t position = std::min(*bound.position, store->head_position());
    if (position > 0) {
      auto e = store->ReadAt(position);
      if (!e.ok()) return Fail(kCmd, e.status().ToString());
      on = domain::Timestamp{e.value().recorded_at}.date();
    }
  }
  auto state = app::LoadAuditState(*store, stream, bound, on);
  if (!state.ok()) return Fail(kCmd, state.problem().detail);
  if (state.value().version == 0) {
    return Fail(kCmd, "the stream " + stream + " had no events" +
                          (as_of_text ? " as of " + *as_of_text : "") + ".");
  }
  http::JsonWriter w;
  w.StartObject();
  w.Key("stream").String(stream);
  w.Key("aggregate").String(state.value().aggregate);
  w.Key("version").Uint(state.value().version);
  w.Key("asOf").StartObject();
  if (bound.position) w.Key("position").Uint(*bound.position);
  if (bound.recorded_at) w.Key("time").String(domain::Timestamp{*bound.recorded_at}.ToRfc3339());
  w.EndObject();
  w.Key("on").String(on.ToString());
  w.Key("state").RawValue(state.value().state_json);
  w.EndObject();
  std::cout << w.str() << "\n";
  return kExitOk;
}

}  // namespace kinerja::cli
