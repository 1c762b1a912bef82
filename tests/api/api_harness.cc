#include "tests/api/api_harness.h"

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "api/http/jwt.h"
#include "domain/date.h"

namespace kinerja::testing {
namespace {

int64_t ParseTime(const std::string& rfc3339) {
  auto t = domain::Timestamp::ParseRfc3339(rfc3339);
  if (!t.ok()) throw std::invalid_argument("bad time " + rfc3339);
  return t.value().micros;
}

std::string MakeTempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "kinerja-api-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

}  // namespace

ApiHarness::ApiHarness(ApiHarnessOptions options)
    : clock_state_(std::make_shared<std::atomic<int64_t>>(ParseTime(options.now))),
      now_(*clock_state_) {
  data_dir_ = options.data_dir;
  if (data_dir_.empty()) {
    data_dir_ = MakeTempDir();
    own_dir_ = true;
  }
  app::ServiceOptions so;
  so.data_dir = data_dir_;
  so.sync = options.sync;
  so.http.host = "127.0.0.1";
  so.http.port = 0;
  so.http.threads = 2;
  so.http.worker_threads = 8;
  http::JwtVerifierOptions jwt;
  jwt.algorithm = http::JwtAlgorithm::kHs256;
  jwt.hs256_secret = kSecret;
  so.jwt = jwt;
  so.logger = std::make_shared<spdlog::logger>("kinerja-test",
                                               std::make_shared<spdlog::sinks::null_sink_mt>());
  so.app.periodic_kind = options.periodic_kind;
  so.app.min_position_wait = std::chrono::milliseconds(5000);
  auto state = clock_state_;
  so.clock = [state] { return state->load(); };
  if (options.configure) options.configure(so);
  std::string error;
  service_ = app::Service::Start(std::move(so), &error);
  if (!service_) throw std::runtime_error("service did not start: " + error);
}

ApiHarness::~ApiHarness() {
  service_.reset();
  if (own_dir_) {
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);
  }
}

void ApiHarness::SetNow(const std::string& rfc3339) { now_.store(ParseTime(rfc3339)); }

void ApiHarness::AdvanceDays(int days) { now_.fetch_add(int64_t{days} * 86400LL * 1000000LL); }

std::string ApiHarness::Token(const std::string& subject,
                              const std::vector<std::string>& roles) const {
  auto minter = http::JwtMinter::CreateHs256(kSecret);
  http::JwtClaims claims;
  claims.subject = subject;
  claims.roles = roles;
  // Token expiry is checked against the real clock, not the harness clock.
  const int64_t real_now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  claims.issued_at = real_now;
  claims.expires_at = real_now + 3600;
  auto token = minter.value()->Mint(claims);
  if (!token.ok()) throw std::runtime_error("mint failed");
  return token.value();
}

HttpResponse ApiHarness::Request(const std::string& method, const std::string& target,
                                 const std::string& token, const std::string& body,
                                 std::vector<std::pair<std::string, std::string>> headers) const {
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
  if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
  auto response = HttpOnce(port(), method, target, headers, body);
  if (!response) throw std::runtime_error("no response to " + method + " " + target);
  return *response;
}

}  // namespace kinerja::testing
