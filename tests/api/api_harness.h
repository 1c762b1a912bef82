// ApiHarness: a whole kinerjad (Service) on 127.0.0.1 and an ephemeral port, over a fresh data
// directory that is removed afterwards, with a clock the test sets, an HS256 secret to mint tokens
// with, and request helpers. Used by the API integration suites.
// Thread-safety: Get/Post may be called from several threads (each call opens its own client
// unless a client is passed); SetNow from the test thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "api/app/service.h"
#include "tests/api/test_http_client.h"

namespace kinerja::testing {

struct ApiHarnessOptions {
  std::string now = "2026-01-05T01:00:00Z";  // the clock's start (RFC 3339)
  domain::PeriodKind periodic_kind = domain::PeriodKind::kQuarterly;
  bool sync = false;  // tests do not need fsync; the crash tests turn it on
  std::string data_dir;  // empty: a fresh temporary directory, removed by the destructor
  // Last word on the service options (e.g. checkpoint cadence), applied just before Start.
  std::function<void(app::ServiceOptions&)> configure;
};

class ApiHarness {
 public:
  explicit ApiHarness(ApiHarnessOptions options = {});
  ~ApiHarness();

  uint16_t port() const { return service_->port(); }
  app::Service& service() { return *service_; }
  app::AppContext& context() { return service_->context(); }
  const std::string& data_dir() const { return data_dir_; }

  // The clock every command is stamped with.
  void SetNow(const std::string& rfc3339);
  void AdvanceDays(int days);
  int64_t now_micros() const { return now_.load(); }

  // An HS256 token for `subject` with `roles` ("pegawai", "admin", ...), valid for an hour
  // around the harness clock's real-time counterpart.
  std::string Token(const std::string& subject, const std::vector<std::string>& roles) const;
  static constexpr const char* kSecret = "kinerja-test-secret-0123456789abcdef";

  // One request on a fresh connection; the token (if any) as a Bearer header; JSON content type
  // for a non-empty body. `headers` are added as given.
  HttpResponse Request(const std::string& method, const std::string& target,
                       const std::string& token, const std::string& body = "",
                       std::vector<std::pair<std::string, std::string>> headers = {}) const;
  HttpResponse Get(const std::string& target, const std::string& token) const {
    return Request("GET", target, token);
  }
  HttpResponse Post(const std::string& target, const std::string& token,
                    const std::string& body = "{}") const {
    return Request("POST", target, token, body);
  }

 private:
  std::string data_dir_;
  bool own_dir_ = false;
  std::shared_ptr<std::atomic<int64_t>> clock_state_;
  std::atomic<int64_t>& now_;
  std::unique_ptr<app::Service> service_;
};

}  // namespace kinerja::testing
