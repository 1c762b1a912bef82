// kinerja-crash-soak: concurrent REST commands against a real kinerjad child, SIGKILLed at a
// random moment of every cycle and restarted on the same data directory; after every kill the
// data directory is checked offline (checks.h), after every restart the chain is verified over
// HTTP and a sample of acknowledged commands is re-sent with its Idempotency-Key (the answer
// must not change). At the end: every command answered, all acknowledged commands replayed,
// read models caught up and equal to a rebuild, a clean SIGTERM stop, `kinerja verify`.
// Exit 0 when nothing was lost or changed, 1 on any loss or mismatch, 2 on a usage error.
// README.md in this folder describes the flags and the report.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "api/http/jwt.h"
#include "ops/crash-soak-src/checks.h"
#include "ops/crash-soak-src/daemon.h"
#include "ops/crash-soak-src/ledger.h"
#include "ops/crash-soak-src/runner.h"
#include "ops/crash-soak-src/workload.h"
#include "tests/api/test_http_client.h"

extern char** environ;

namespace kinerja::crashsoak {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Flags {
  int cycles = 20;
  std::string bin_dir;  // kinerjad and kinerja; default: this program's directory
  int threads = 6;
  int units = 2, supervisors = 2, staff = 6;
  int min_kill_ms = 150, max_kill_ms = 900;
  int replay_sample = 40;
  int final_replay = 0;  // 0: every acknowledged command
  uint64_t seed = 0;
  int year = 0;
  std::string work_dir;
  bool keep = false;
  bool corrupt = false;  // checker self-test: falsify one acknowledged answer before the end
  int start_timeout_ms = 60000;
};

const char* kUsage =
    "usage: kinerja-crash-soak [--cycles N] [--build-dir DIR] [--threads N] [--units N]\n"
    "         [--supervisors N] [--staff N] [--min-kill-ms MS] [--max-kill-ms MS]\n"
    "         [--replay-sample N] [--final-replay N] [--seed N] [--year YYYY]\n"
    "         [--work-dir DIR] [--keep] [--corrupt-expectation]\n"
    "See ops/crash-soak-src/README.md.\n";

bool ParseFlags(int argc, char** argv, Flags* f) {
  auto int_flag = [&](int& i, int* out) {
    if (i + 1 >= argc) return false;
    char* end = nullptr;
    const long v = std::strtol(argv[++i], &end, 10);
    if (*end != '\0' || v < 0) return false;
    *out = static_cast<int>(v);
    return true;
  };
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    bool ok = true;
    if (a == "--cycles") ok = int_flag(i, &f->cycles);
    else if (a == "--build-dir" && i + 1 < argc) f->bin_dir = argv[++i];
    else if (a == "--threads") ok = int_flag(i, &f->threads);
    else if (a == "--units") ok = int_flag(i, &f->units);
    else if (a == "--supervisors") ok = int_flag(i, &f->supervisors);
    else if (a == "--staff") ok = int_flag(i, &f->staff);
    else if (a == "--min-kill-ms") ok = int_flag(i, &f->min_kill_ms);
    else if (a == "--max-kill-ms") ok = int_flag(i, &f->max_kill_ms);
    else if (a == "--replay-sample") ok = int_flag(i, &f->replay_sample);
    else if (a == "--final-replay") ok = int_flag(i, &f->final_replay);
    else if (a == "--year") ok = int_flag(i, &f->year);
    else if (a == "--start-timeout-ms") ok = int_flag(i, &f->start_timeout_ms);
    else if (a == "--seed" && i + 1 < argc) f->seed = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--work-dir" && i + 1 < argc) f->work_dir = argv[++i];
    else if (a == "--keep") f->keep = true;
    else if (a == "--corrupt-expectation") f->corrupt = true;
    else ok = false;
    if (!ok) {
      std::cerr << "kinerja-crash-soak: bad argument " << a << "\n" << kUsage;
      return false;
    }
  }
  if (f->cycles < 1 || f->threads < 1 || f->units < 1 || f->supervisors < 1 ||
      f->max_kill_ms < f->min_kill_ms) {
    std::cerr << "kinerja-crash-soak: --cycles, --threads, --units, --supervisors must be >= 1 "
                 "and --max-kill-ms >= --min-kill-ms\n";
    return false;
  }
  return true;
}

std::string SelfDir() {
  std::error_code ec;
  return fs::read_symlink("/proc/self/exe", ec).parent_path().string();
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

std::string Fixed(double v, int digits = 1) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// Runs a program to completion; returns its exit code (128+signal), output in *out.
int RunProgram(const std::vector<std::string>& argv, const std::string& log, std::string* out) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<std::string> copy = argv;
  std::vector<char*> args;
  for (auto& a : copy) args.push_back(a.data());
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  std::ifstream in(log);
  std::ostringstream s;
  s << in.rdbuf();
  *out = s.str();
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

// GET /v1/audit/verify: {"ok":true,"lastPosition":N,...}. Returns lastPosition, -1 on failure.
int64_t VerifyOverHttp(uint16_t port, const std::string& auditor, std::string* detail) {
  auto r = testing::HttpOnce(port, "GET", "/v1/audit/verify",
                             {{"Authorization", "Bearer " + auditor}});
  if (!r || r->status != 200 || r->body.find("\"ok\":true") == std::string::npos) {
    *detail = r ? std::to_string(r->status) + " " + r->body.substr(0, 300) : "no answer";
    return -1;
  }
  const std::string tag = "\"lastPosition\":";
  const size_t at = r->body.find(tag);
  if (at == std::string::npos) {
    *detail = "no lastPosition in " + r->body.substr(0, 300);
    return -1;
  }
  return static_cast<int64_t>(std::strtoull(r->body.c_str() + at + tag.size(), nullptr, 10));
}

// Waits until the read models have applied `position` (a person-level read with ?minPosition=).
bool WaitReadModels(uint16_t port, const std::string& auditor, const std::string& nip,
                    uint64_t position) {
  for (int i = 0; i < 100; ++i) {
    auto r = testing::HttpOnce(port, "GET",
                               "/v1/employees/" + nip + "?minPosition=" + std::to_string(position),
                               {{"Authorization", "Bearer " + auditor}});
    if (r && r->status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

void CopyDataDir(const std::string& from, const std::string& to) {
  fs::create_directories(to);
  for (const char* part : {"events", "views"}) {
    fs::copy(from + "/" + part, to + "/" + part, fs::copy_options::recursive);
  }
}

void PrintProblems(const std::vector<std::string>& problems) {
  for (const auto& p : problems) std::cout << "    ! " << p << "\n";
}

class Soak {
 public:
  explicit Soak(Flags flags) : f_(std::move(flags)), rng_(f_.seed) {}
  int Run();

 private:
  bool Setup();
  bool Cycle(int cycle);
  bool Finish();
  std::vector<Entry*> ReplaySample(int cycle);
  void Fail(const std::string& what) {
    failures_.push_back(what);
    std::cout << "  FAIL: " << what << "\n";
  }

  Flags f_;
  std::mt19937_64 rng_;
  std::string data_dir_, secret_file_, log_path_;
  std::unique_ptr<Workload> workload_;
  std::unique_ptr<Ledger> ledger_;
  std::unique_ptr<Runner> runner_;
  std::unique_ptr<Daemon> daemon_;
  std::string auditor_;
  Traffic traffic_;
  ReplayResult replays_;
  uint64_t kills_ = 0, last_head_ = 0, in_doubt_committed_ = 0, in_doubt_total_ = 0;
  uint64_t view_mismatches_ = 0, lost_ = 0, last_view_docs_ = 0;
  std::vector<std::string> failures_;
};

bool Soak::Setup() {
  if (f_.bin_dir.empty()) f_.bin_dir = SelfDir();
  for (const char* bin : {"kinerjad", "kinerja"}) {
    if (!fs::exists(f_.bin_dir + "/" + bin)) {
      std::cerr << "kinerja-crash-soak: no " << bin << " in " << f_.bin_dir << "\n";
      return false;
    }
  }
  if (f_.work_dir.empty()) {
    std::string pattern = (fs::temp_directory_path() / "kinerja-crash-soak-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) return false;
    f_.work_dir = pattern;
  } else {
    fs::create_directories(f_.work_dir);
  }
  data_dir_ = f_.work_dir + "/data";
  secret_file_ = f_.work_dir + "/secret";
  log_path_ = f_.work_dir + "/kinerjad.log";
  std::string secret;
  for (int i = 0; i < 48; ++i) secret += "0123456789abcdef"[rng_() % 16];
  {
    std::ofstream out(secret_file_);
    out << secret << "\n";
  }
  fs::permissions(secret_file_, fs::perms::owner_read | fs::perms::owner_write);
  auto minter = http::JwtMinter::CreateHs256(secret);
  if (!minter.ok()) return false;
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  auto mint = [&](const std::string& sub, const std::string& role) {
    http::JwtClaims claims;
    claims.subject = sub;
    claims.roles = {role};
    claims.expires_at = now + 24 * 3600;
    return minter.value()->Mint(claims).value();
  };
  if (f_.year == 0) {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    f_.year = tm.tm_year + 1900 - 1;  // last year: every period has begun
  }
  workload_ = std::make_unique<Workload>(f_.units, f_.supervisors, f_.staff, f_.year);
  std::map<std::string, std::string> tokens;
  for (const auto& [sub, admin] : workload_->Subjects()) {
    tokens[sub] = mint(sub, admin ? "admin" : "pegawai");
  }
  auditor_ = mint("inspektorat-soak", "auditor");
  ledger_ = std::make_unique<Ledger>(std::to_string(f_.seed));
  runner_ = std::make_unique<Runner>(workload_.get(), ledger_.get(), std::move(tokens), auditor_,
                                     f_.threads);
  daemon_ = std::make_unique<Daemon>(
      DaemonOptions{f_.bin_dir + "/kinerjad", data_dir_, secret_file_, log_path_, {}});
  return true;
}

// Every command answered in the previous cycle after an unanswered attempt, plus a random sample
// of the acknowledged ones.
std::vector<Entry*> Soak::ReplaySample(int cycle) {
  std::vector<Entry*> acked, out;
  for (Entry& e : ledger_->entries()) {
    if (!e.acknowledged()) continue;
    if (e.in_doubt && e.cycle_answered == cycle - 1) {
      out.push_back(&e);
    } else {
      acked.push_back(&e);
    }
  }
  std::shuffle(acked.begin(), acked.end(), rng_);
  for (size_t i = 0; i < acked.size() && i < static_cast<size_t>(f_.replay_sample); ++i) {
    out.push_back(acked[i]);
  }
  return out;
}

bool Soak::Cycle(int cycle) {
  const auto started = Clock::now();
  std::string error;
  if (!daemon_->Start(f_.start_timeout_ms, &error)) {
    Fail("cycle " + std::to_string(cycle) + ": " + error);
    return false;
  }
  const double start_s = Seconds(started);
  const uint16_t port = daemon_->port();
  // After a restart: the chain verifies over HTTP, and answers did not change.
  ReplayResult replay;
  if (cycle > 1) {
    std::string detail;
    const int64_t last = VerifyOverHttp(port, auditor_, &detail);
    if (last < 0 || static_cast<uint64_t>(last) < last_head_) {
      Fail("cycle " + std::to_string(cycle) + ": GET /v1/audit/verify after restart: " +
           (last < 0 ? detail : "lastPosition " + std::to_string(last) + " < head " +
                                    std::to_string(last_head_) + " before the restart"));
    }
    replay = runner_->Replay(port, ReplaySample(cycle), f_.threads);
  }
  // The traffic, and the kill at a random moment while it runs.
  std::atomic<bool> killed{false};
  std::uniform_int_distribution<int> delay(f_.min_kill_ms, f_.max_kill_ms);
  const int kill_after = delay(rng_);
  bool died_early = false;
  std::thread killer([&] {
    const auto until = Clock::now() + std::chrono::milliseconds(kill_after);
    while (Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    died_early = !daemon_->Kill();
    killed.store(true);
  });
  const size_t pending_before = runner_->pending();
  Traffic t = runner_->RunCycle(port, cycle, killed);
  killer.join();
  const std::string how = daemon_->Reap();
  ++kills_;
  if (died_early || how != "signal 9") {
    Fail("cycle " + std::to_string(cycle) + ": kinerjad was not running at the kill (" + how +
         "): " + daemon_->LogSinceStart().substr(0, 2000));
  }
  traffic_ += t;
  const size_t in_flight = runner_->pending();
  in_doubt_total_ += in_flight;
  // Offline check of the directory as the kill left it (a copy: kinerjad recovers the original).
  const std::string copy = f_.work_dir + "/copy", scratch = f_.work_dir + "/scratch";
  fs::remove_all(copy);
  fs::remove_all(scratch);
  CopyDataDir(data_dir_, copy);
  fs::create_directories(scratch);
  CheckReport r = CheckDataDir(copy, ledger_->entries(), false, scratch);
  fs::remove_all(copy);
  fs::remove_all(scratch);
  last_head_ = r.head;
  in_doubt_committed_ += r.in_doubt_committed;
  view_mismatches_ += r.view_mismatches;
  lost_ += r.lost;
  last_view_docs_ = r.view_documents;
  replays_.checked += replay.checked;
  replays_.changed += replay.changed;
  replays_.unanswered += replay.unanswered;
  uint64_t acked_total = 0;
  for (const Entry& e : ledger_->entries()) acked_total += e.acknowledged();
  std::cout << "cycle " << cycle << "/" << f_.cycles << ": start " << Fixed(start_s, 2)
            << " s, killed after " << kill_after << " ms; sent " << t.attempts << " ("
            << pending_before << " retried), acked " << t.acked << " (total " << acked_total
            << "), in flight at kill " << in_flight << "; log head " << r.head << ", chain "
            << (r.chain_ok ? "ok" : "BROKEN") << ", lost " << r.lost << ", in-doubt committed "
            << r.in_doubt_committed << "; views at " << r.view_position << " ("
            << r.view_documents << " docs) vs rebuild: " << r.view_mismatches
            << " mismatches; replays " << replay.checked << "/" << replay.changed
            << " changed; " << Fixed(Seconds(started), 2) << " s\n"
            << std::flush;
  PrintProblems(r.problems);
  for (const auto& d : replay.details) std::cout << "    ! replay " << d << "\n";
  if (!r.ok()) Fail("cycle " + std::to_string(cycle) + ": the data directory check failed");
  if (replay.changed || replay.unanswered) {
    Fail("cycle " + std::to_string(cycle) + ": " + std::to_string(replay.changed) +
         " idempotent replays changed, " + std::to_string(replay.unanswered) + " unanswered");
  }
  return failures_.empty();
}

bool Soak::Finish() {
  const auto started = Clock::now();
  std::string error;
  if (!daemon_->Start(f_.start_timeout_ms, &error)) {
    Fail("final start: " + error);
    return false;
  }
  const uint16_t port = daemon_->port();
  Traffic drained = runner_->DrainPending(port, f_.cycles + 1, 50);
  traffic_ += drained;
  if (runner_->pending() != 0) Fail(std::to_string(runner_->pending()) + " commands never answered");
  if (f_.corrupt) {
    // Checker self-test: pretend the server told us another event id for one command.
    for (Entry& e : ledger_->entries()) {
      const size_t at = e.acknowledged() ? e.answer->body.find("\"id\":\"") : std::string::npos;
      if (at != std::string::npos && e.answer->body.find("\"events\":[{") != std::string::npos) {
        const size_t id_at = e.answer->body.find("\"id\":\"", e.answer->body.find("\"events\":["));
        e.answer->body[id_at + 6] = e.answer->body[id_at + 6] == '0' ? '1' : '0';
        std::cout << "(--corrupt-expectation: falsified the event id told to " << e.key << ")\n";
        break;
      }
    }
  }
  std::vector<Entry*> all;
  for (Entry& e : ledger_->entries()) {
    if (e.acknowledged()) all.push_back(&e);
  }
  std::shuffle(all.begin(), all.end(), rng_);
  if (f_.final_replay > 0 && all.size() > static_cast<size_t>(f_.final_replay)) {
    all.resize(f_.final_replay);
  }
  ReplayResult replay = runner_->Replay(port, all, f_.threads);
  replays_.checked += replay.checked;
  replays_.changed += replay.changed;
  replays_.unanswered += replay.unanswered;
  for (const auto& d : replay.details) std::cout << "    ! replay " << d << "\n";
  if (replay.changed || replay.unanswered) {
    Fail("final: " + std::to_string(replay.changed) + " of " + std::to_string(replay.checked) +
         " idempotent replays changed, " + std::to_string(replay.unanswered) + " unanswered");
  }
  // Let the read models (and the follow-up policy) settle at the head, then stop cleanly.
  std::string nip;
  for (const auto& item : workload_->items()) {
    if (item->kind != ItemKind::kUnit && item->acked_steps.load() > 0) nip = item->id;
  }
  int64_t head = -1, previous = -2;
  for (int i = 0; i < 50 && head != previous; ++i) {
    previous = head;
    std::string detail;
    head = VerifyOverHttp(port, auditor_, &detail);
    if (head < 0) {
      Fail("final GET /v1/audit/verify: " + detail);
      break;
    }
    if (!nip.empty() && !WaitReadModels(port, auditor_, nip, static_cast<uint64_t>(head))) {
      Fail("final: the read models did not reach position " + std::to_string(head));
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  const int code = daemon_->Terminate();
  if (code != 0) {
    Fail("final SIGTERM stop exited " + std::to_string(code) + ": " +
         daemon_->LogSinceStart().substr(0, 3000));
  }
  const std::string scratch = f_.work_dir + "/scratch";
  fs::remove_all(scratch);
  fs::create_directories(scratch);
  CheckReport r = CheckDataDir(data_dir_, ledger_->entries(), true, scratch);
  fs::remove_all(scratch);
  lost_ += r.lost;
  view_mismatches_ += r.view_mismatches;
  std::string out;
  const int verify = RunProgram({f_.bin_dir + "/kinerja", "verify", "--data-dir", data_dir_},
                                f_.work_dir + "/verify.out", &out);
  std::cout << "final: drained " << drained.answered << " pending, replayed " << replay.checked
            << " acknowledged commands (" << replay.changed << " changed); log head " << r.head
            << ", chain " << (r.chain_ok ? "ok" : "BROKEN") << " (" << r.chain_checked
            << " checked), " << r.acked_commands << " acknowledged commands / " << r.acked_events
            << " events in the log, lost " << r.lost << ", duplicates " << r.duplicates
            << ", phantom " << r.phantom << ", policy events " << r.policy_events
            << "; views at " << r.view_position << " (" << r.view_documents
            << " docs, " << r.dead_letters << " dead letters) vs rebuild: " << r.view_mismatches
            << " mismatches; kinerja verify exit " << verify << "; "
            << Fixed(Seconds(started), 2) << " s\n";
  PrintProblems(r.problems);
  if (!r.ok()) Fail("final: the data directory check failed");
  if (verify != 0) Fail("kinerja verify --data-dir exited " + std::to_string(verify) + ": " + out);
  return failures_.empty();
}

int Soak::Run() {
  if (!Setup()) return 2;
  const auto started = Clock::now();
  std::cout << "kinerja crash soak: " << f_.cycles << " cycles, " << f_.threads << " threads, "
            << workload_->items().size() << " units+people, year " << f_.year << ", kill after "
            << f_.min_kill_ms << ".." << f_.max_kill_ms << " ms, seed " << f_.seed
            << ", work dir " << f_.work_dir << "\n";
  int done = 0;
  for (int c = 1; c <= f_.cycles && failures_.empty(); ++c) {
    Cycle(c);
    done = c;
  }
  if (failures_.empty()) Finish();
  uint64_t commands = 0, acked = 0, refused = 0, in_doubt = 0;
  std::map<std::string, uint64_t> by_label;
  for (const Entry& e : ledger_->entries()) {
    ++commands;
    acked += e.acknowledged();
    refused += e.answer && !e.acknowledged();
    in_doubt += e.in_doubt;
    if (e.acknowledged()) ++by_label[e.command.label];
  }
  const double wall = Seconds(started);
  std::cout << "\n== kinerja crash soak report ==\n"
            << "cycles (SIGKILL + restart):      " << done << " (" << kills_ << " kills)\n"
            << "commands:                        " << commands << " (" << traffic_.attempts
            << " requests incl. retries; " << Fixed(traffic_.attempts / wall, 0) << "/s)\n"
            << "acknowledged (2xx):              " << acked << "\n"
            << "refused (non-2xx first answer):  " << refused << " (expected 0)\n"
            << "unanswered at a kill, retried:   " << in_doubt << " (committed before the kill: "
            << in_doubt_committed_ << " observations)\n"
            << "LOST acknowledged commands:      " << lost_ << " (must be 0)\n"
            << "idempotent replays checked:      " << replays_.checked << ", changed "
            << replays_.changed << ", unanswered " << replays_.unanswered << "\n"
            << "read-model rebuild mismatches:   " << view_mismatches_ << "\n"
            << "reads (?minPosition=):           " << traffic_.reads << " (" << traffic_.reads_ok
            << " answered 200)\n"
            << "wall time:                       " << Fixed(wall) << " s\n"
            << "acknowledged by command:        ";
  for (const auto& [label, n] : by_label) std::cout << " " << label << "=" << n;
  std::cout << "\n";
  for (const auto& r : runner_->refusals()) std::cout << "    refused: " << r << "\n";
  if (refused > 0) failures_.push_back(std::to_string(refused) + " commands refused");
  if (failures_.empty()) {
    std::cout << "RESULT: PASS\n";
  } else {
    std::cout << "RESULT: FAIL (" << failures_.size() << "): " << failures_.front() << "\n";
    if (!f_.corrupt) std::cout << "kinerjad log: " << log_path_ << " (work dir kept)\n";
  }
  // A failing run keeps its work directory for inspection, except the checker self-test, whose
  // failure is the expected outcome.
  if ((failures_.empty() || f_.corrupt) && !f_.keep) {
    std::error_code ec;
    fs::remove_all(f_.work_dir, ec);
  }
  return failures_.empty() ? 0 : 1;
}

}  // namespace
}  // namespace kinerja::crashsoak

int main(int argc, char** argv) {
  kinerja::crashsoak::Flags flags;
  flags.seed = static_cast<uint64_t>(std::chrono::system_clock::now().time_since_epoch().count()) %
               1000000007ULL;
  if (!kinerja::crashsoak::ParseFlags(argc, argv, &flags)) return 2;
  signal(SIGPIPE, SIG_IGN);
  return kinerja::crashsoak::Soak(flags).Run();
}
