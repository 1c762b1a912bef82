// kinerjad: the kinerja server (DESIGN.md §4). Parses its flags (each also an environment
// variable KINERJA_<NAME>; the flag wins), starts app::Service on the data directory, logs the
// bound address, waits for SIGTERM/SIGINT, then stops gracefully (draining in-flight requests)
// and exits 0. Exit codes: 0 after a clean stop, 1 when it cannot start (storage, bind),
// 2 for a usage or configuration error (unknown flag, bad value, unusable key file).
#include <spdlog/spdlog.h>

#include <malloc.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "api/app/audit_log.h"
#include "api/app/service.h"
#include "api/http/request_log.h"
#include "api/http/signals.h"
#include "api/main/flags.h"

namespace kinerja {
namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

cli::FlagSet MakeFlags() {
  cli::FlagSet flags(
      "kinerjad [flags]",
      "The kinerja server: the REST API of DESIGN.md §3 over the event log and read models in one\n"
      "data directory. Every flag may also be given as the environment variable shown; the flag\n"
      "wins. Prefer KINERJA_JWT_SECRET or --jwt-secret-file over --jwt-secret: command lines are\n"
      "visible to other users of the machine. Without a JWT secret or public key every\n"
      "authenticated route answers 401. Development tokens: kinerja token --help.\n"
      "Kafka (ops/kafka/README.md): with --kafka-brokers the writer relays its log to\n"
      "--kafka-topic and its signed checkpoints to <topic>.checkpoints; \"embedded\" starts an\n"
      "in-process mock cluster and logs its bootstrap address. --read-model-source=kafka makes a\n"
      "query-only replica: it mirrors the topic into its data directory, folds its read models\n"
      "from that, answers commands with 503 replica.read_only and serves no audit routes.");
  flags.Add({"data-dir", "DIR", "event log and read models live here", "var/data",
             "KINERJA_DATA_DIR"})
      .Add({"listen", "HOST:PORT", "address to listen on; port 0 picks a free one (logged)",
            "127.0.0.1:8080", "KINERJA_LISTEN"})
      .Add({"threads", "N", "HTTP reactor threads (1..64)", "2", "KINERJA_THREADS"})
      .Add({"worker-threads", "N",
            "threads for blocking handlers: commands (fsync), audit reads (1..256)", "64",
            "KINERJA_WORKER_THREADS"})
      .Add({"jwt-secret", "SECRET", "HS256 secret (32+ bytes)", "", "KINERJA_JWT_SECRET"})
      .Add({"jwt-secret-file", "FILE", "HS256 secret read from a file (trailing newline dropped)",
            "", "KINERJA_JWT_SECRET_FILE"})
      .Add({"jwt-public-key", "FILE", "RS256 public key (PEM file)", "", "KINERJA_JWT_PUBLIC_KEY"})
      .Add({"jwt-issuer", "ISS", "required `iss` claim; empty: not checked", "",
            "KINERJA_JWT_ISSUER"})
      .Add({"jwt-audience", "AUD", "required `aud` claim; empty: not checked", "",
            "KINERJA_JWT_AUDIENCE"})
      .Add({"sync", "", "fsync the log before acknowledging a command (--sync=false: faster, "
                        "a power cut may lose the last acknowledged commands)",
            "true", "KINERJA_SYNC", true})
      .Add({"max-body-bytes", "N", "largest request body; above it 413", "1048576",
            "KINERJA_MAX_BODY_BYTES"})
      .Add({"log-format", "text|json", "log line format", "text", "KINERJA_LOG_FORMAT"})
      .Add({"aggregate-cache-mib", "N",
            "event data folded into the cached aggregate states, in MiB (the states take a few "
            "times that); 0: no cache (0..4096)", "32", "KINERJA_AGGREGATE_CACHE_MIB"})
      .Add({"dashboard-concurrency", "N",
            "most unit and city dashboards computed at once, the others wait for a turn "
            "(0: no limit; 0..256)", "2", "KINERJA_DASHBOARD_CONCURRENCY"})
      .Add({"malloc-trim-seconds", "N",
            "hand the memory malloc keeps free back to the kernel every N seconds (0: never; "
            "0..3600)", "10", "KINERJA_MALLOC_TRIM_SECONDS"})
      .Add({"appraisal-periods", "monthly|quarterly", "the instansi's periodic appraisals",
            "quarterly", "KINERJA_APPRAISAL_PERIODS"})
      .Add({"kafka-brokers", "LIST",
            "Kafka bootstrap servers host:port,...; \"embedded\": an in-process mock cluster; "
            "empty: Kafka off", "", "KINERJA_KAFKA_BROKERS"})
      .Add({"kafka-topic", "TOPIC", "Kafka topic of the events (checkpoints: TOPIC.checkpoints)",
            "kinerja.events", "KINERJA_KAFKA_TOPIC"})
      .Add({"kafka-source", "SOURCE", "CloudEvents ce_source of the relayed events",
            "kinerja/pontianak", "KINERJA_KAFKA_SOURCE"})
      .Add({"read-model-source", "log|kafka",
            "log: this instance writes; kafka: a query-only replica fed from --kafka-topic", "log",
            "KINERJA_READ_MODEL_SOURCE"})
      .Add({"kafka-group-id", "GROUP",
            "a replica's consumer group (one per replica); empty: kinerja-replica-<hostname>", "",
            "KINERJA_KAFKA_GROUP_ID"});
  return flags;
}

struct Settings {
  app::ServiceOptions service;
  bool jwt_configured = false;
  std::string jwt_note;  // which key material, for the start-up log
};

// Turns parsed flags into service options; false with *error on a bad value.
bool BuildSettings(const cli::FlagSet& flags, Settings* out, std::string* error) {
  app::ServiceOptions& o = out->service;
  o.data_dir = flags.Get("data-dir");
  if (o.data_dir.empty()) {
    *error = "--data-dir must not be empty";
    return false;
  }
  if (!cli::ParseHostPort(flags.Get("listen"), &o.http.host, &o.http.port)) {
    *error = "--listen must be HOST:PORT (e.g. 127.0.0.1:8080), not \"" + flags.Get("listen") +
             "\"";
    return false;
  }
  int64_t n = 0;
  if (!cli::ParseInt64(flags.Get("threads"), 1, 64, &n)) {
    *error = "--threads must be a whole number from 1 to 64";
    return false;
  }
  o.http.threads = static_cast<int>(n);
  if (!cli::ParseInt64(flags.Get("worker-threads"), 1, 256, &n)) {
    *error = "--worker-threads must be a whole number from 1 to 256";
    return false;
  }
  o.http.worker_threads = static_cast<int>(n);
  if (!cli::ParseInt64(flags.Get("max-body-bytes"), 1, int64_t{64} << 20, &n)) {
    *error = "--max-body-bytes must be a whole number from 1 to 67108864";
    return false;
  }
  o.http.max_body_bytes = static_cast<size_t>(n);
  if (!cli::ParseInt64(flags.Get("malloc-trim-seconds"), 0, 3600, &n)) {
    *error = "--malloc-trim-seconds must be a whole number from 0 to 3600";
    return false;
  }
  o.malloc_trim_interval = std::chrono::seconds(n);
  if (!cli::ParseInt64(flags.Get("aggregate-cache-mib"), 0, 4096, &n)) {
    *error = "--aggregate-cache-mib must be a whole number from 0 to 4096";
    return false;
  }
  o.aggregate_cache_bytes = static_cast<size_t>(n) << 20;
  if (!cli::ParseInt64(flags.Get("dashboard-concurrency"), 0, 256, &n)) {
    *error = "--dashboard-concurrency must be a whole number from 0 to 256";
    return false;
  }
  o.dashboard_concurrency = static_cast<size_t>(n);
  bool sync = true;
  if (!cli::ParseBool(flags.Get("sync"), &sync)) {
    *error = "--sync must be true or false";
    return false;
  }
  o.sync = sync;
  if (!http::ParseLogFormat(flags.Get("log-format"), &o.log_format)) {
    *error = "--log-format must be text or json, not \"" + flags.Get("log-format") + "\"";
    return false;
  }
  const std::string& periods = flags.Get("appraisal-periods");
  if (periods == "monthly") {
    o.app.periodic_kind = domain::PeriodKind::kMonthly;
  } else if (periods == "quarterly") {
    o.app.periodic_kind = domain::PeriodKind::kQuarterly;
  } else {
    *error = "--appraisal-periods must be monthly or quarterly, not \"" + periods + "\"";
    return false;
  }
  o.kafka_brokers = flags.Get("kafka-brokers");
  o.kafka_topic = flags.Get("kafka-topic");
  if (o.kafka_topic.empty()) {
    *error = "--kafka-topic must not be empty";
    return false;
  }
  o.kafka_source = flags.Get("kafka-source");
  if (o.kafka_source.empty()) {
    *error = "--kafka-source must not be empty";
    return false;
  }
  const std::string& source = flags.Get("read-model-source");
  if (source == "log") {
    o.read_model_source = app::ServiceOptions::ReadModelSource::kLog;
  } else if (source == "kafka") {
    o.read_model_source = app::ServiceOptions::ReadModelSource::kKafka;
    if (o.kafka_brokers.empty() || o.kafka_brokers == "embedded") {
      *error = "--read-model-source=kafka needs --kafka-brokers pointing at the writer's cluster "
               "(not empty, not embedded)";
      return false;
    }
  } else {
    *error = "--read-model-source must be log or kafka, not \"" + source + "\"";
    return false;
  }
  o.kafka_group_id = flags.Get("kafka-group-id");

  std::string key_flag;
  if (!cli::ChooseOneOf(flags, {"jwt-secret", "jwt-secret-file", "jwt-public-key"}, &key_flag,
                        error)) {
    return false;
  }
  if (!key_flag.empty()) {
    http::JwtVerifierOptions jwt;
    jwt.issuer = flags.Get("jwt-issuer");
    jwt.audience = flags.Get("jwt-audience");
    if (key_flag == "jwt-secret") {
      jwt.algorithm = http::JwtAlgorithm::kHs256;
      jwt.hs256_secret = flags.Get("jwt-secret");
      out->jwt_note = "HS256 (secret from " + flags.SourceOf("jwt-secret") + ")";
    } else if (key_flag == "jwt-secret-file") {
      jwt.algorithm = http::JwtAlgorithm::kHs256;
      if (!cli::ReadSecretFile(flags.Get("jwt-secret-file"), &jwt.hs256_secret, error)) {
        *error = "--jwt-secret-file: " + *error;
        return false;
      }
      out->jwt_note = "HS256 (secret file " + flags.Get("jwt-secret-file") + ")";
    } else {
      jwt.algorithm = http::JwtAlgorithm::kRs256;
      if (!cli::ReadFile(flags.Get("jwt-public-key"), &jwt.rs256_public_pem, error)) {
        *error = "--jwt-public-key: " + *error;
        return false;
      }
      out->jwt_note = "RS256 (public key " + flags.Get("jwt-public-key") + ")";
    }
    // Fail on unusable key material now, as a configuration error, not at the first request.
    auto verifier = http::JwtVerifier::Create(jwt);
    if (!verifier.ok()) {
      *error = "--" + key_flag + ": " + verifier.problem().detail;
      return false;
    }
    o.jwt = jwt;
    out->jwt_configured = true;
  }
  return true;
}

int Run(int argc, char** argv) {
  // glibc gives every thread that allocates its own malloc arena (up to 8 per core) and keeps
  // freed memory in each; with reactor, worker, projector and RocksDB threads the resident size
  // crept up for as long as the month-end soak ran while the live heap stayed flat (heaptrack,
  // malloc_stats: ops/soak-src/README.md). Two arenas keep RSS flat. MALLOC_ARENA_MAX in the
  // environment still wins, for measuring the difference.
  if (std::getenv("MALLOC_ARENA_MAX") == nullptr) mallopt(M_ARENA_MAX, 2);
  // Blocks of 256 KiB and more (a dashboard's answer, a big scan's buffers) come from mmap and go
  // back to the kernel when freed. Setting the threshold also stops glibc from raising it (up to
  // 32 MiB) after the first such block is freed, which put them back in the arenas, between
  // long-lived cache blocks, where their freed space fragmented the heap and RSS crept up over a
  // long soak. The memory trimmer (--malloc-trim-seconds) returns the rest.
  if (std::getenv("MALLOC_MMAP_THRESHOLD_") == nullptr) mallopt(M_MMAP_THRESHOLD, 256 * 1024);
  http::IgnoreSigpipe();
  // Before any thread exists, so every thread inherits the mask and only sigwait sees them.
  http::BlockTerminationSignals();

  cli::FlagSet flags = MakeFlags();
  std::string error;
  if (!flags.Parse(std::vector<std::string>(argv + 1, argv + argc), &error)) {
    std::cerr << "kinerjad: " << error << "\nRun kinerjad --help to see the flags.\n";
    return kExitUsage;
  }
  if (flags.help_requested()) {
    std::cout << flags.Help();
    return 0;
  }
  Settings settings;
  if (!BuildSettings(flags, &settings, &error)) {
    std::cerr << "kinerjad: " << error << "\n";
    return kExitUsage;
  }
  const http::LogFormat format = settings.service.log_format;
  auto logger = http::MakeStdoutLogger("kinerjad", format);
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
  app::SetAuditLogger(logger, format);
  settings.service.logger = logger;
  auto log = [&](spdlog::level::level_enum level, const char* level_name, const char* msg,
                 const app::LogFields& fields) {
    logger->log(level, "{}", app::FormatLogLine(format, level_name, msg, fields));
  };

  if (!settings.jwt_configured) {
    log(spdlog::level::warn, "warn",
        "NO JWT SECRET OR PUBLIC KEY CONFIGURED: every authenticated route will answer 401",
        {{"hint", "start with --jwt-secret-file FILE (ops/run makes var/dev-jwt-secret) and mint "
                  "tokens with: kinerja token --secret-file FILE --sub NIP --roles pegawai"}});
  }
  const std::string data_dir = settings.service.data_dir;
  const bool sync = settings.service.sync;
  const std::string host = settings.service.http.host;
  const bool embedded_kafka = settings.service.kafka_brokers == "embedded";
  const std::string kafka_topic = settings.service.kafka_topic;
  std::unique_ptr<app::Service> service = app::Service::Start(std::move(settings.service), &error);
  if (!service) {
    log(spdlog::level::err, "error", "cannot start", {{"error", error}});
    spdlog::shutdown();
    return kExitFailure;
  }
  const std::string address = (host.find(':') != std::string::npos ? "[" + host + "]" : host) +
                              ":" + std::to_string(service->port());
  if (!service->kafka_bootstrap().empty()) {
    log(spdlog::level::info, "info",
        embedded_kafka ? "kafka embedded cluster started" : "kafka configured",
        {{"bootstrap", service->kafka_bootstrap()},
         {"topic", kafka_topic},
         {"role", service->is_replica() ? "replica (read models fed from kafka)"
                                         : "writer (relaying the log)"}});
  }
  log(spdlog::level::info, "info", "listening",
      {{"address", address},
       {"data_dir", data_dir},
       {"sync", sync ? "true" : "false"},
       {"jwt", settings.jwt_configured ? settings.jwt_note : "none"},
       {"role", service->is_replica() ? "replica" : "writer"}});

  const int signal = http::WaitForTerminationSignal();
  log(spdlog::level::info, "info", "stopping",
      {{"signal", signal == SIGTERM ? "SIGTERM" : (signal == SIGINT ? "SIGINT" : "other")}});
  service->Stop();
  service.reset();
  log(spdlog::level::info, "info", "stopped", {});
  spdlog::shutdown();
  return 0;
}

}  // namespace
}  // namespace kinerja

int main(int argc, char** argv) { return kinerja::Run(argc, argv); }
