// kinerja-soak: the load generator behind ops/soak (see README.md here).
//
//   kinerja-soak select --units U.csv --pegawai P.csv --count N --units-out F --pegawai-out F
//       writes a city of about N pegawai with the shape of the full one (city.h).
//   kinerja-soak run --port P --pid PID --secret-file F --units U.csv --pegawai P.csv
//       [--duration 10m] [--connections 16] [--interval 10s] [--rate 0] ...
//       seeds the city's SKPs and appraisals through the REST API of the kinerjad on
//       127.0.0.1:P, runs the month-end mix, prints a progress line every interval and the
//       summary, and exits 1 on a 5xx, a transport failure, kinerjad exiting, or RSS growth.
// Exit codes: 0 pass, 1 fail, 2 usage or set-up error.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "api/http/jwt.h"
#include "api/main/flags.h"
#include "ops/soak-src/city.h"
#include "ops/soak-src/load.h"
#include "ops/soak-src/report.h"
#include "ops/soak-src/rss.h"
#include "ops/soak-src/world.h"

namespace kinerja::soak {
namespace {

constexpr int kExitFail = 1;
constexpr int kExitUsage = 2;

int Usage(const std::string& message) {
  std::cerr << "kinerja-soak: " << message << "\n";
  return kExitUsage;
}

// "90", "90s", "10m", "2h", "1.5m" -> seconds; false otherwise.
bool ParseDuration(const std::string& text, double* seconds) {
  if (text.empty()) return false;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  const std::string unit(end);
  double scale = 0;
  if (unit.empty() || unit == "s") scale = 1;
  if (unit == "ms") scale = 0.001;
  if (unit == "m") scale = 60;
  if (unit == "h") scale = 3600;
  if (scale == 0 || !(value >= 0) || end == text.c_str()) return false;
  *seconds = value * scale;
  return true;
}

// "read.inbox=0,cmd.record_progress=50" -> the default weights with those replaced.
bool ParseMix(const std::string& text, std::vector<int>* weights, std::string* error) {
  weights->clear();
  for (int op = 0; op < kOpCount; ++op) weights->push_back(InfoOf(static_cast<Op>(op)).weight);
  std::stringstream items(text);
  std::string item;
  while (std::getline(items, item, ',')) {
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    int op = 0;
    while (op < kOpCount && item.compare(0, eq, InfoOf(static_cast<Op>(op)).name) != 0) ++op;
    int64_t weight = 0;
    if (eq == std::string::npos || op == kOpCount ||
        !cli::ParseInt64(item.substr(eq + 1), 0, 1000000, &weight)) {
      *error = "--mix: \"" + item + "\" is not NAME=WEIGHT with NAME one of the report's ops";
      return false;
    }
    (*weights)[op] = static_cast<int>(weight);
  }
  return true;
}

bool ParseShare(const std::string& text, double* share) {
  char* end = nullptr;
  *share = std::strtod(text.c_str(), &end);
  return end != text.c_str() && *end == '\0' && *share >= 0 && *share <= 1;
}

int Select(const std::vector<std::string>& args) {
  cli::FlagSet flags("kinerja-soak select [flags]",
                     "Writes a city of about --count pegawai with the shape of the full one.");
  flags.Add({"units", "FILE", "units CSV", "", ""})
      .Add({"pegawai", "FILE", "pegawai CSV", "", ""})
      .Add({"count", "N", "pegawai wanted; -1 or more than the file holds: all", "-1", ""})
      .Add({"units-out", "FILE", "where the units go", "", ""})
      .Add({"pegawai-out", "FILE", "where the chosen pegawai go", "", ""});
  std::string error;
  if (!flags.Parse(args, &error)) return Usage(error);
  if (flags.help_requested()) {
    std::cout << flags.Help();
    return 0;
  }
  int64_t count = 0;
  if (!cli::ParseInt64(flags.Get("count"), -1, 10'000'000, &count)) {
    return Usage("--count must be a whole number");
  }
  for (const char* name : {"units", "pegawai", "units-out", "pegawai-out"}) {
    if (flags.Get(name).empty()) return Usage(std::string("--") + name + " is required");
  }
  int chosen = 0;
  if (!SelectCity(flags.Get("units"), flags.Get("pegawai"), static_cast<int>(count),
                  flags.Get("units-out"), flags.Get("pegawai-out"), &chosen, &error)) {
    std::cerr << "kinerja-soak select: " << error << "\n";
    return kExitFail;
  }
  std::cout << chosen << "\n";
  return 0;
}

cli::FlagSet RunFlags() {
  cli::FlagSet flags(
      "kinerja-soak run [flags]",
      "Seeds the city through kinerjad's REST API, then runs the month-end mix (70% reads, 30%\n"
      "commands) and reports throughput, latency, answers and kinerjad's RSS over time.");
  flags.Add({"port", "PORT", "kinerjad on 127.0.0.1:PORT", "", ""})
      .Add({"pid", "PID", "kinerjad's process id (RSS sampling, liveness); 0: none", "0", ""})
      .Add({"secret-file", "FILE", "kinerjad's HS256 secret (tokens are minted with it)", "", ""})
      .Add({"units", "FILE", "units CSV of the city", "", ""})
      .Add({"pegawai", "FILE", "pegawai CSV of the city (as imported)", "", ""})
      .Add({"duration", "TIME", "load phase length: 90, 90s, 10m, 1h", "10m", ""})
      .Add({"connections", "N", "keep-alive connections, one thread each", "16", ""})
      .Add({"interval", "TIME", "progress line and RSS sample every TIME", "10s", ""})
      .Add({"rate", "R", "open loop at R requests/s in all; 0: closed loop", "0", ""})
      .Add({"timeout", "TIME", "per request (connect, send, receive)", "30s", ""})
      .Add({"seed-connections", "N", "connections while seeding; 0: --connections", "0", ""})
      .Add({"approve-share", "X", "share of the SKPs approved while seeding (0..1)", "0.9", ""})
      .Add({"appraise-share", "X", "share of the approved appraised per past quarter", "0.85",
            ""})
      .Add({"history-months", "N", "months of progress seeded before this one", "2", ""})
      .Add({"rss-tolerance-pct", "PCT", "RSS rule: allowed growth in % of the middle peak", "5",
            ""})
      .Add({"rss-tolerance-mib", "MIB", "RSS rule: allowed growth in MiB (the larger applies)",
            "8", ""})
      .Add({"random-seed", "N", "seed of the request mix", "1", ""})
      .Add({"mix", "NAME=W,...", "replace weights of the mix (per mille; names as reported)", "",
            ""})
      .Add({"report-json", "FILE", "also write the figures as JSON here", "", ""})
      .Add({"command-line", "TEXT", "the command that started the soak (for the report)", "",
            ""});
  return flags;
}

int Run(const std::vector<std::string>& args) {
  cli::FlagSet flags = RunFlags();
  std::string error;
  if (!flags.Parse(args, &error)) return Usage(error);
  if (flags.help_requested()) {
    std::cout << flags.Help();
    return 0;
  }
  int64_t port = 0, pid = 0, connections = 0, seed_connections = 0, history = 0, seed = 0;
  double duration = 0, interval = 0, timeout = 0, rate = 0, approve = 0, appraise = 0;
  double tol_pct = 0, tol_mib = 0;
  if (!cli::ParseInt64(flags.Get("port"), 1, 65535, &port)) return Usage("--port is required");
  if (!cli::ParseInt64(flags.Get("pid"), 0, 1 << 30, &pid)) return Usage("bad --pid");
  if (!cli::ParseInt64(flags.Get("connections"), 1, 1024, &connections)) {
    return Usage("--connections must be 1..1024");
  }
  if (!cli::ParseInt64(flags.Get("seed-connections"), 0, 1024, &seed_connections)) {
    return Usage("--seed-connections must be 0..1024");
  }
  if (!cli::ParseInt64(flags.Get("history-months"), 0, 11, &history)) {
    return Usage("--history-months must be 0..11");
  }
  if (!cli::ParseInt64(flags.Get("random-seed"), 0, INT64_MAX, &seed)) {
    return Usage("bad --random-seed");
  }
  if (!ParseDuration(flags.Get("duration"), &duration)) return Usage("bad --duration");
  if (!ParseDuration(flags.Get("interval"), &interval) || interval <= 0) {
    return Usage("bad --interval");
  }
  if (!ParseDuration(flags.Get("timeout"), &timeout) || timeout <= 0) {
    return Usage("bad --timeout");
  }
  rate = std::strtod(flags.Get("rate").c_str(), nullptr);
  tol_pct = std::strtod(flags.Get("rss-tolerance-pct").c_str(), nullptr);
  tol_mib = std::strtod(flags.Get("rss-tolerance-mib").c_str(), nullptr);
  if (!(rate >= 0) || !(tol_pct >= 0) || !(tol_mib >= 0)) {
    return Usage("--rate and the RSS tolerances must not be negative");
  }
  if (!ParseShare(flags.Get("approve-share"), &approve) ||
      !ParseShare(flags.Get("appraise-share"), &appraise)) {
    return Usage("the shares must be numbers from 0 to 1");
  }
  if (seed_connections == 0) seed_connections = connections;
  std::vector<int> weights;
  if (!ParseMix(flags.Get("mix"), &weights, &error)) return Usage(error);

  City city;
  if (!LoadCity(flags.Get("units"), flags.Get("pegawai"), &city, &error)) return Usage(error);
  std::string secret;
  if (!cli::ReadSecretFile(flags.Get("secret-file"), &secret, &error)) return Usage(error);
  auto minter = http::JwtMinter::CreateHs256(secret);
  if (!minter.ok()) return Usage("the secret: " + minter.problem().detail);
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  auto mint = [&](const std::string& sub, const std::string& role) -> std::string {
    http::JwtClaims claims;
    claims.subject = sub;
    claims.roles = {role};
    claims.issued_at = now;
    claims.expires_at = now + static_cast<int64_t>(duration) + 4 * 3600;
    auto token = minter.value()->Mint(claims);
    return token.ok() ? token.value() : std::string();
  };
  std::vector<std::string> tokens;
  for (const auto& p : city.people) tokens.push_back(mint(p.nip, "pegawai"));
  World world(city, Calendar::Now(), std::move(tokens), mint("bkpsdm-admin", "admin"),
              mint("bappeda-analyst", "analyst"));
  if (!world.SetWeights(weights)) return Usage("--mix leaves no request with a weight");

  RunFacts facts;
  facts.command_line = flags.Get("command-line");
  facts.units = static_cast<int>(city.members.size());
  facts.people = static_cast<int>(city.people.size());
  for (const auto& p : city.people) facts.supervisors += p.subordinates.empty() ? 0 : 1;
  facts.connections = static_cast<int>(connections);
  facts.rate = rate;
  const std::string key_prefix =
      "soak-" + std::to_string(now) + "-" + std::to_string(static_cast<int>(::getpid()));
  const int timeout_ms = static_cast<int>(std::lround(timeout * 1000));

  // Seeding.
  Stats seed_stats(static_cast<int>(seed_connections));
  std::mt19937_64 rng(static_cast<uint64_t>(seed));
  const Calendar& cal = world.calendar();
  int phase = 0;
  auto run_phase = [&](const char* what, const std::vector<Planned>& requests) {
    const PhaseResult r = RunPhase(world, requests, static_cast<uint16_t>(port),
                                   static_cast<int>(seed_connections), timeout_ms,
                                   key_prefix + "-seed" + std::to_string(++phase), seed_stats);
    facts.seed_requests += r.sent;
    facts.seed_ok += r.ok;
    facts.seed_seconds += r.seconds;
    std::printf("seed: %-40s %6llu requests, %6llu 2xx, %6.1f s\n", what,
                static_cast<unsigned long long>(r.sent), static_cast<unsigned long long>(r.ok),
                r.seconds);
    std::fflush(stdout);
  };
  std::printf("city: %d units, %d pegawai, %d supervisors; today %s; appraisal periods",
              facts.units, facts.people, facts.supervisors, cal.today.c_str());
  for (const auto& p : cal.periods) std::printf(" %s", p.c_str());
  std::printf("\n");
  run_phase("SubmitWorkPlan (every pegawai)", world.SeedSubmissions());
  run_phase("ApproveWorkPlan (by the pejabat penilai)", world.SeedApprovals(approve, rng));
  const int months = static_cast<int>(cal.history_months.size());
  for (int m = std::max(0, months - static_cast<int>(history)); m < months; ++m) {
    run_phase(("RecordProgress " + cal.history_months[m]).c_str(),
              world.SeedProgress(cal.history_months[m], rng));
  }
  // The quarters before the last closed one: the last closed quarter's appraisals are the
  // month-end backlog the load records.
  for (int q = 0; q + 2 < cal.quarter; ++q) {
    const std::string name = cal.periods[q];
    run_phase(("RecordAppraisal " + name).c_str(), world.SeedAppraisals(q, appraise, rng));
    run_phase(("AcceptAppraisal " + name).c_str(),
              world.SeedStage(q, AppraisalStage::kRecorded, Op::kAcceptAppraisal, 0.7, rng));
    run_phase(("FinalizeAppraisal " + name).c_str(),
              world.SeedStage(q, AppraisalStage::kAccepted, Op::kFinalizeAppraisal, 0.5, rng));
  }
  const World::Tally seeded = world.Count();
  std::printf("seeded: %d SKPs approved, %d awaiting approval, %d appraisals\n", seeded.approved,
              seeded.awaiting_approval, seeded.appraisals);
  auto seed_snapshot = seed_stats.Snapshot();
  if (seed_snapshot->StatusCount(500, 599) + seed_snapshot->StatusCount(0, 0) > 0) {
    std::printf("seeding failed: 5xx or transport failures\n");
    for (const auto& [key, entry] : seed_stats.Problems()) {
      std::printf("  %s: %llu, e.g. %s\n", key.c_str(),
                  static_cast<unsigned long long>(entry.first), entry.second.c_str());
    }
    return kExitFail;
  }

  // The load.
  std::printf("load: %s, %lld connections, %s, a line every %.0f s\n",
              flags.Get("duration").c_str(), static_cast<long long>(connections),
              rate > 0 ? ("open loop at " + flags.Get("rate") + " req/s").c_str()
                       : "closed loop",
              interval);
  std::fflush(stdout);
  Stats stats(static_cast<int>(connections));
  LoadOptions options;
  options.port = static_cast<uint16_t>(port);
  options.server_pid = static_cast<pid_t>(pid);
  options.connections = static_cast<int>(connections);
  options.duration_s = duration;
  options.interval_s = interval;
  options.rate = rate;
  options.timeout_ms = timeout_ms;
  options.seed = static_cast<uint64_t>(seed);
  options.key_prefix = key_prefix + "-load";
  const LoadResult result = RunLoad(world, options, stats, [](const Tick& tick) {
    std::printf("%s\n", ProgressLine(tick).c_str());
    std::fflush(stdout);
  });
  facts.load_seconds = result.seconds;
  facts.server_died = result.server_died;

  auto final_snapshot = stats.Snapshot();
  RssRule rule;
  rule.tolerance_pct = tol_pct;
  rule.tolerance_mib = tol_mib;
  const RssVerdict verdict = JudgeRss(result.rss, rule);
  const Outcome outcome = Judge(*final_snapshot, verdict, facts);
  auto problems = stats.Problems();
  for (const auto& [key, entry] : seed_stats.Problems()) problems["(seed) " + key] = entry;
  std::printf("%s", Summary(facts, *final_snapshot, problems, result.rss, verdict, outcome).c_str());
  std::fflush(stdout);
  if (!flags.Get("report-json").empty()) {
    std::ofstream out(flags.Get("report-json"), std::ios::trunc);
    out << SummaryJson(facts, *final_snapshot, problems, result.rss, verdict, outcome) << "\n";
    if (!out) {
      std::cerr << "kinerja-soak: cannot write " << flags.Get("report-json") << "\n";
      return kExitFail;
    }
  }
  return outcome.failed ? kExitFail : 0;
}

}  // namespace
}  // namespace kinerja::soak

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + std::min(argc, 2), argv + argc);
  const std::string sub = argc > 1 ? argv[1] : "";
  if (sub == "select") return kinerja::soak::Select(args);
  if (sub == "run") return kinerja::soak::Run(args);
  std::cerr << "usage: kinerja-soak select|run [flags] (--help after the subcommand)\n";
  return sub == "--help" || sub == "-h" ? 0 : kinerja::soak::kExitUsage;
}
