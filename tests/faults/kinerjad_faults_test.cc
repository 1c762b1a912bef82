// Disk faults against the real kinerjad: its data directory on a small tmpfs that a filler file
// fills up. Commands must get 503 problem+json (code storage.unavailable) and never another 5xx;
// reads (audit, dashboards, /health) keep answering 200; the process never dies; once the filler
// is deleted commands succeed again WITHOUT a restart; after a restart every acknowledged event is
// in the log, the chain verifies and positions are gap-free (checked == lastPosition).
// Needs root (mount -t tmpfs); skips with a message otherwise. The mount is detached (umount -l)
// by an RAII guard even when an assertion fails.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/api/test_http_client.h"
#include "tests/support/temp_dir.h"

extern char** environ;

namespace kinerja::testing {
namespace {

const std::string kBinDir = KINERJA_BIN_DIR;
const std::string kKinerjad = kBinDir + "/kinerjad";
const std::string kKinerja = kBinDir + "/kinerja";
constexpr const char* kSecret = "faults-test-secret-0123456789abcdef012345";

// A tmpfs of `size` mounted on a fresh directory; detached and removed on destruction.
class TmpfsMount {
 public:
  TmpfsMount(const std::string& dir, const std::string& size) : dir_(dir) {
    std::filesystem::create_directories(dir_);
    const std::string opts = "size=" + size + ",mode=0700";
    if (::mount("tmpfs", dir_.c_str(), "tmpfs", 0, opts.c_str()) != 0) {
      error_ = std::string("mount -t tmpfs failed: ") + std::strerror(errno);
    } else {
      mounted_ = true;
    }
  }
  ~TmpfsMount() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }

 private:
  std::string dir_;
  bool mounted_ = false;
  std::string error_;
};

pid_t Spawn(const std::vector<std::string>& argv, const std::string& log_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::string(*e).rfind("KINERJA_", 0) != 0) env.emplace_back(*e);
  }
  std::vector<char*> envp;
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("posix_spawn " + argv[0] + " failed");
  return pid;
}

int WaitExit(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

std::string MintToken(const std::string& secret_file, const std::string& sub,
                      const std::string& roles, const std::string& out_path) {
  pid_t pid = Spawn({kKinerja, "token", "--secret-file", secret_file, "--sub", sub, "--roles",
                     roles, "--ttl", "3600"},
                    out_path);
  if (WaitExit(pid) != 0) return "";
  std::string token = ReadAll(out_path);
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  std::filesystem::remove(out_path);
  return token;
}

// A kinerjad child; SIGKILLed by the destructor if the test did not stop it.
class Daemon {
 public:
  Daemon(const std::string& data_dir, const std::string& secret_file, const std::string& log)
      : log_(log) {
    pid_ = Spawn({kKinerjad, "--data-dir", data_dir, "--listen", "127.0.0.1:0",
                  "--jwt-secret-file", secret_file},
                 log_);
  }
  ~Daemon() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      WaitExit(pid_);
    }
  }
  uint16_t WaitForPort() {
    const std::regex pattern("listening address=127\\.0\\.0\\.1:(\\d+)");
    for (int i = 0; i < 600; ++i) {
      std::smatch m;
      const std::string text = ReadAll(log_);
      if (std::regex_search(text, m, pattern)) return static_cast<uint16_t>(std::stoi(m[1]));
      if (!alive()) return 0;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return 0;
  }
  bool alive() {
    if (pid_ <= 0) return false;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    return true;
  }
  int Terminate() {
    kill(pid_, SIGTERM);
    const int code = WaitExit(pid_);
    pid_ = -1;
    return code;
  }
  std::string log() const { return ReadAll(log_); }

 private:
  std::string log_;
  pid_t pid_ = -1;
};

std::optional<HttpResponse> Call(uint16_t port, const std::string& method,
                                 const std::string& target, const std::string& token,
                                 const std::string& body = "") {
  std::vector<std::pair<std::string, std::string>> headers;
  headers.emplace_back("Authorization", "Bearer " + token);
  if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
  return HttpOnce(port, method, target, headers, body);
}

// The event ids (UUIDs) named in a JSON body.
std::set<std::string> EventIds(const std::string& body) {
  std::set<std::string> ids;
  static const std::regex id("\"id\":\"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\"");
  for (std::sregex_iterator it(body.begin(), body.end(), id), end; it != end; ++it) {
    ids.insert((*it)[1]);
  }
  return ids;
}

uint64_t JsonUint(const std::string& body, const std::string& key) {
  std::smatch m;
  if (!std::regex_search(body, m, std::regex("\"" + key + "\":(\\d+)"))) return 0;
  return std::stoull(m[1]);
}

class KinerjadFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to mount a tmpfs (CI runs as root)";
    mount_ = std::make_unique<TmpfsMount>(dir_.path() + "/mnt", "64m");
    if (!mount_->mounted()) GTEST_SKIP() << mount_->error();
    secret_ = dir_.path() + "/secret";
    std::ofstream(secret_) << kSecret << "\n";
    admin_ = MintToken(secret_, "bkpsdm-admin", "admin", dir_.path() + "/t1");
    auditor_ = MintToken(secret_, "inspektorat", "auditor", dir_.path() + "/t2");
    ASSERT_FALSE(admin_.empty());
    ASSERT_FALSE(auditor_.empty());
  }

  std::string data() const { return dir_.path() + "/mnt/data"; }
  // A fresh log file for each kinerjad run (the port is read from it).
  std::string log() { return dir_.path() + "/kinerjad-" + std::to_string(++runs_) + ".log"; }

  // POST /v1/units with a fresh id. Records the event ids of a 2xx answer.
  std::optional<HttpResponse> RegisterUnit(uint16_t port) {
    const std::string id = "fault-unit-" + std::to_string(++units_);
    auto r = Call(port, "POST", "/v1/units", admin_,
                  "{\"id\":\"" + id + "\",\"name\":\"Unit " + id + "\"}");
    if (r && r->status >= 200 && r->status < 300) {
      for (const auto& e : EventIds(r->body)) acked_.insert(e);
    }
    return r;
  }

  TempDir dir_;
  std::unique_ptr<TmpfsMount> mount_;
  std::string secret_, admin_, auditor_;
  int units_ = 0;
  int runs_ = 0;
  std::set<std::string> acked_;
};

TEST_F(KinerjadFaults, FullDiskRefusesCommandsKeepsReadsAndRecoversWithoutRestart) {
  {
    // A first run creates the stores; the second starts with fresh, not yet preallocated WALs.
    Daemon d(data(), secret_, log());
    const uint16_t port = d.WaitForPort();
    ASSERT_NE(port, 0) << d.log();
    for (int i = 0; i < 5; ++i) {
      auto r = RegisterUnit(port);
      ASSERT_TRUE(r && r->status == 201) << (r ? r->body : "no answer");
    }
    ASSERT_EQ(d.Terminate(), 0) << d.log();
  }
  Daemon d(data(), secret_, log());
  const uint16_t port = d.WaitForPort();
  ASSERT_NE(port, 0) << d.log();

  // Fill the file system.
  const std::string filler = dir_.path() + "/mnt/filler";
  {
    int fd = ::open(filler.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ASSERT_GE(fd, 0);
    std::string chunk(1 << 16, 'f');
    while (::write(fd, chunk.data(), chunk.size()) > 0) {
    }
    ::close(fd);
  }

  // Commands until they are refused.
  int refused = 0, other_5xx = 0;
  std::string refusal;
  for (int i = 0; i < 3000 && refused < 20; ++i) {
    auto r = RegisterUnit(port);
    ASSERT_TRUE(r.has_value()) << "kinerjad stopped answering\n" << d.log().substr(0, 4000);
    if (r->status == 503) {
      ++refused;
      refusal = r->body;
      EXPECT_EQ(r->Header("Content-Type").value_or(""), "application/problem+json");
    } else if (r->status >= 500) {
      ++other_5xx;
    }
  }
  ASSERT_GT(refused, 0) << "the disk never filled up";
  EXPECT_EQ(other_5xx, 0);
  EXPECT_NE(refusal.find("\"code\":\"storage.unavailable\""), std::string::npos) << refusal;

  // Reads keep working while the disk is full.
  for (const char* target : {"/v1/audit/events?from=1&limit=50", "/v1/audit/verify"}) {
    auto r = Call(port, "GET", target, auditor_);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 200) << target << ": " << r->body;
  }
  auto dashboard = Call(port, "GET", "/v1/dashboard?year=2026", admin_);
  ASSERT_TRUE(dashboard.has_value());
  EXPECT_EQ(dashboard->status, 200) << dashboard->body;
  auto health = HttpOnce(port, "GET", "/health");
  ASSERT_TRUE(health.has_value());
  EXPECT_EQ(health->status, 200);
  auto metrics = HttpOnce(port, "GET", "/metrics");
  ASSERT_TRUE(metrics.has_value());
  EXPECT_NE(metrics->body.find("kinerja_event_store_writable 0"), std::string::npos);

  // Space returns: commands succeed again without a restart (RocksDB recovers a full disk
  // once enough space is free; it checks every few seconds).
  std::filesystem::remove(filler);
  bool recovered = false;
  for (int i = 0; i < 150 && !recovered; ++i) {
    auto r = RegisterUnit(port);
    ASSERT_TRUE(r.has_value()) << d.log().substr(0, 4000);
    EXPECT_TRUE(r->status == 201 || r->status == 503) << r->status << " " << r->body;
    recovered = r->status == 201;
    if (!recovered) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ASSERT_TRUE(recovered) << "no recovery after the space returned";
  for (int i = 0; i < 5; ++i) {
    auto r = RegisterUnit(port);
    ASSERT_TRUE(r && r->status == 201) << (r ? r->body : "no answer");
  }
  ASSERT_TRUE(d.alive());
  EXPECT_EQ(d.Terminate(), 0) << d.log().substr(0, 4000);

  // After a restart: every acknowledged event is in the log, the chain verifies, no gap.
  Daemon again(data(), secret_, log());
  const uint16_t port2 = again.WaitForPort();
  ASSERT_NE(port2, 0) << again.log();
  auto verify = Call(port2, "GET", "/v1/audit/verify", auditor_);
  ASSERT_TRUE(verify && verify->status == 200);
  EXPECT_NE(verify->body.find("\"ok\":true"), std::string::npos) << verify->body;
  const uint64_t last = JsonUint(verify->body, "lastPosition");
  EXPECT_EQ(JsonUint(verify->body, "checked"), last) << verify->body;
  std::set<std::string> stored;
  for (uint64_t from = 1; from <= last;) {
    auto page = Call(port2, "GET", "/v1/audit/events?from=" + std::to_string(from) + "&limit=1000",
                     auditor_);
    ASSERT_TRUE(page && page->status == 200);
    for (const auto& e : EventIds(page->body)) stored.insert(e);
    const uint64_t next = JsonUint(page->body, "nextFrom");
    if (next <= from) break;
    from = next;
  }
  EXPECT_GE(acked_.size(), 11u);
  for (const auto& id : acked_) EXPECT_TRUE(stored.count(id)) << "acknowledged event lost: " << id;
  EXPECT_EQ(again.Terminate(), 0);
}

// A file system that turns read-only under the running server. Linux refuses
// `mount -o remount,ro` while files are open for writing (EBUSY; kinerjad always holds its WALs
// open), so the test uses what makes a disk read-only in production: ext4 with
// errors=remount-ro hitting an error (triggered through /sys/fs/ext4/<dev>/trigger_fs_error), on
// a loop device. Such a file system cannot be remounted read-write in place (the kernel keeps it
// emergency_ro until unmounted), and RocksDB 7.8 makes EROFS on its WAL a fatal error that only a
// reopen clears, so recovery here is: stop kinerjad, unmount, mount again, start kinerjad.
class Ext4Mount {
 public:
  Ext4Mount(const std::string& image, const std::string& dir) : dir_(dir) {
    std::filesystem::create_directories(dir_);
    if (std::system(("truncate -s 64M " + image + " && mkfs.ext4 -q -F -O ^has_journal " +
                     image + " >/dev/null 2>&1").c_str()) != 0) {
      error_ = "mkfs.ext4 failed (e2fsprogs missing?)";
      return;
    }
    image_ = image;
    Mount();
  }
  ~Ext4Mount() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  bool Mount() {
    if (std::system(("mount -o loop,errors=remount-ro " + image_ + " " + dir_ +
                     " >/dev/null 2>&1").c_str()) != 0) {
      error_ = "mount -o loop failed (no loop devices?)";
      return false;
    }
    mounted_ = true;
    std::ifstream mounts("/proc/mounts");
    std::string dev, at, rest;
    while (mounts >> dev >> at && std::getline(mounts, rest)) {
      if (at == dir_) device_ = dev.substr(dev.rfind('/') + 1);
    }
    return true;
  }
  bool Unmount() {
    if (!mounted_) return true;
    mounted_ = ::umount(dir_.c_str()) != 0;
    return !mounted_;
  }
  // Makes the file system read-only as an ext4 error does. False when the kernel lacks the knob.
  bool TriggerError() {
    std::ofstream knob("/sys/fs/ext4/" + device_ + "/trigger_fs_error");
    if (!knob) return false;
    knob << "kinerja faults test\n";
    knob.flush();
    return static_cast<bool>(knob);
  }
  bool read_only() const {
    std::ifstream mounts("/proc/mounts");
    std::string line;
    while (std::getline(mounts, line)) {
      if (line.find(" " + dir_ + " ") != std::string::npos) {
        return line.find(" ro,") != std::string::npos || line.find("emergency_ro") != std::string::npos;
      }
    }
    return false;
  }
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }

 private:
  std::string dir_, image_, device_;
  bool mounted_ = false;
  std::string error_;
};

TEST_F(KinerjadFaults, ReadOnlyDiskRefusesCommandsKeepsReadsAndLosesNothing) {
  Ext4Mount disk(dir_.path() + "/ext4.img", dir_.path() + "/ext4");
  if (!disk.mounted()) GTEST_SKIP() << disk.error();
  const std::string data_dir = dir_.path() + "/ext4/data";
  {
    Daemon d(data_dir, secret_, log());
    const uint16_t port = d.WaitForPort();
    ASSERT_NE(port, 0) << d.log();
    for (int i = 0; i < 5; ++i) {
      auto r = RegisterUnit(port);
      ASSERT_TRUE(r && r->status == 201) << (r ? r->body : "no answer");
    }
    if (!disk.TriggerError()) GTEST_SKIP() << "no /sys/fs/ext4/<dev>/trigger_fs_error";
    ASSERT_TRUE(disk.read_only());

    for (int i = 0; i < 10; ++i) {
      auto r = RegisterUnit(port);
      ASSERT_TRUE(r.has_value()) << "kinerjad stopped answering\n" << d.log().substr(0, 4000);
      EXPECT_EQ(r->status, 503) << r->body;
      EXPECT_NE(r->body.find("\"code\":\"storage.unavailable\""), std::string::npos) << r->body;
    }
    for (const char* target : {"/v1/audit/events?from=1&limit=50", "/v1/audit/verify"}) {
      auto r = Call(port, "GET", target, auditor_);
      ASSERT_TRUE(r.has_value());
      EXPECT_EQ(r->status, 200) << target << ": " << r->body;
    }
    auto dashboard = Call(port, "GET", "/v1/dashboard?year=2026", admin_);
    ASSERT_TRUE(dashboard.has_value());
    EXPECT_EQ(dashboard->status, 200) << dashboard->body;
    auto health = HttpOnce(port, "GET", "/health");
    ASSERT_TRUE(health && health->status == 200);
    ASSERT_TRUE(d.alive());
    const int code = d.Terminate();
    EXPECT_LT(code, 128) << "kinerjad died of a signal\n" << d.log().substr(0, 4000);
  }
  // The disk is repaired: unmount, mount again read-write, start again.
  ASSERT_TRUE(disk.Unmount());
  ASSERT_TRUE(disk.Mount()) << disk.error();
  ASSERT_FALSE(disk.read_only());
  Daemon again(data_dir, secret_, log());
  const uint16_t port = again.WaitForPort();
  ASSERT_NE(port, 0) << again.log();
  auto verify = Call(port, "GET", "/v1/audit/verify", auditor_);
  ASSERT_TRUE(verify && verify->status == 200);
  EXPECT_NE(verify->body.find("\"ok\":true"), std::string::npos) << verify->body;
  EXPECT_EQ(JsonUint(verify->body, "checked"), JsonUint(verify->body, "lastPosition"));
  auto page = Call(port, "GET", "/v1/audit/events?from=1&limit=1000", auditor_);
  ASSERT_TRUE(page && page->status == 200);
  const std::set<std::string> stored = EventIds(page->body);
  EXPECT_EQ(acked_.size(), 5u);
  for (const auto& id : acked_) EXPECT_TRUE(stored.count(id)) << "acknowledged event lost: " << id;
  auto r = RegisterUnit(port);
  ASSERT_TRUE(r && r->status == 201) << (r ? r->body : "no answer");
  EXPECT_EQ(again.Terminate(), 0);  // before `disk` is unmounted
}

}  // namespace
}  // namespace kinerja::testing
