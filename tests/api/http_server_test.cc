// The HTTP edge over real HTTP on 127.0.0.1 (ephemeral port): keep-alive, routing errors,
// exceptions, limits, JSON input, auth, metrics, logs and graceful shutdown.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <spdlog/sinks/ostream_sink.h>

#include "api/http/json.h"
#include "api/http/jwt.h"
#include "api/http/server.h"
#include "api/http/signals.h"
#include "tests/api/test_http_client.h"

namespace kinerja::http {
namespace {

using kinerja::testing::HttpClient;
using kinerja::testing::HttpOnce;
using kinerja::testing::HttpResponse;

constexpr char kSecret[] = "test-secret-0123456789abcdef-0123456789";

// A one-shot gate for the slow handler.
struct Gate {
  std::mutex mu;
  std::condition_variable cv;
  bool entered = false;
  bool released = false;
  void Enter() {
    std::unique_lock<std::mutex> l(mu);
    entered = true;
    cv.notify_all();
    cv.wait(l, [&] { return released; });
  }
  void WaitEntered() {
    std::unique_lock<std::mutex> l(mu);
    cv.wait(l, [&] { return entered; });
  }
  void Release() {
    std::lock_guard<std::mutex> l(mu);
    released = true;
    cv.notify_all();
  }
};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    IgnoreSigpipe();
    sink_ = std::make_shared<spdlog::sinks::ostream_sink_mt>(log_stream_);
    auto logger = std::make_shared<spdlog::logger>("test", sink_);
    logger->set_pattern("%v");
    request_logger_ = std::make_shared<RequestLogger>(logger, LogFormat::kJson);
    JwtVerifierOptions vo;
    vo.algorithm = JwtAlgorithm::kHs256;
    vo.hs256_secret = kSecret;
    auto verifier = JwtVerifier::Create(vo);
    ASSERT_TRUE(verifier.ok());
    metrics_ = std::make_shared<MetricsRegistry>();
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    options.worker_threads = 2;
    options.max_body_bytes = 4096;
    options.drain_timeout = std::chrono::seconds(20);
    server_ = std::make_unique<Server>(options, metrics_, verifier.value(), request_logger_);
    server_->MountBuiltins([this] { return ready_.load(); });
    server_->AddRoute({Method::kGet, "/v1/echo/:name", "echo",
                       [](const Request& r) {
                         JsonWriter w;
                         w.StartObject().Key("name").String(r.Param("name").value_or(""));
                         w.Key("q").String(r.Query("q").value_or(""));
                         w.Key("cid").String(r.correlation_id()).EndObject();
                         return Response::Json(200, w.str()).SetETag("7");
                       },
                       Auth::kNone});
    server_->AddRoute({Method::kPost, "/v1/echo/:name", "echo.post",
                       [](const Request& r) -> Response {
                         auto doc = ParseJsonBody(r.body());
                         if (!doc.ok()) return doc.problem();
                         auto root = JsonObject::Root(doc.value());
                         std::string title = root.String("title", 100);
                         int64_t jp = root.Int("jp", 0, 1000);
                         if (!root.errors().ok()) return *root.errors().problem();
                         JsonWriter w;
                         w.StartObject().Key("title").String(title).Key("jp").Int(jp).EndObject();
                         return Response::Json(201, w.str()).SetLocation("/v1/echo/x");
                       },
                       Auth::kNone});
    server_->AddRoute({Method::kGet, "/v1/throw", "throw",
                       [](const Request&) -> Response {
                         throw std::runtime_error("SECRET-INTERNAL-DETAIL at db.cc:42");
                       },
                       Auth::kNone});
    server_->AddRoute({Method::kGet, "/v1/me", "me",
                       [](const Request& r) {
                         JsonWriter w;
                         w.StartObject().Key("sub").String(r.principal()->subject);
                         w.Key("admin").Bool(r.principal()->HasRole(Role::kAdmin)).EndObject();
                         return Response::Json(200, w.str());
                       },
                       Auth::kRequired});
    server_->AddRoute({Method::kPost, "/v1/slow", "slow",
                       [this](const Request&) {
                         gate_.Enter();
                         return Response::Json(200, "{\"slow\":true}");
                       },
                       Auth::kNone, Execution::kWorker});
    server_->AddRoute({Method::kGet, "/v1/located", "located",
                       [](const Request& r) {
                         // A header value built from input: CR/LF must not split it.
                         return Response::Empty(204).SetLocation("/v1/x" +
                                                                 r.Query("tail").value_or(""));
                       },
                       Auth::kNone, Execution::kWorker});
    server_->AddRoute({Method::kGet, "/v1/worker", "worker",
                       [](const Request&) { return Response::Json(200, "{\"worker\":true}"); },
                       Auth::kNone, Execution::kWorker});
    auto port = server_->Start();
    ASSERT_TRUE(port.ok()) << port.problem().detail;
    port_ = port.value();
    ASSERT_NE(port_, 0);
  }

  void TearDown() override {
    gate_.Release();
    if (server_) server_->Stop();
  }

  std::string Token(const std::string& sub, std::vector<std::string> roles) {
    auto minter = JwtMinter::CreateHs256(kSecret);
    EXPECT_TRUE(minter.ok());
    JwtClaims c;
    c.subject = sub;
    c.roles = std::move(roles);
    c.expires_at = std::time(nullptr) + 600;
    auto t = minter.value()->Mint(c);
    EXPECT_TRUE(t.ok());
    return t.value();
  }

  static rapidjson::Document Json(const std::string& body) {
    rapidjson::Document d;
    d.Parse(body.c_str());
    EXPECT_FALSE(d.HasParseError()) << body;
    return d;
  }

  static void ExpectProblem(const std::optional<HttpResponse>& r, int status,
                            const std::string& code) {
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, status) << r->body;
    EXPECT_EQ(r->Header("Content-Type").value_or(""), "application/problem+json");
    auto d = Json(r->body);
    ASSERT_TRUE(d.IsObject());
    EXPECT_EQ(d["status"].GetInt(), status);
    EXPECT_EQ(std::string(d["code"].GetString()), code) << r->body;
    EXPECT_TRUE(d.HasMember("type") && d.HasMember("title") && d.HasMember("detail"));
  }

  std::ostringstream log_stream_;
  std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink_;
  std::shared_ptr<RequestLogger> request_logger_;
  std::shared_ptr<MetricsRegistry> metrics_;
  std::unique_ptr<Server> server_;
  std::atomic<bool> ready_{true};
  Gate gate_;
  uint16_t port_ = 0;
};

TEST_F(ServerTest, KeepAliveWithoutConnectionHeader) {
  HttpClient c("127.0.0.1", port_);
  ASSERT_TRUE(c.Connect());
  for (int i = 0; i < 3; ++i) {
    auto r = c.Send("GET", "/health");
    ASSERT_TRUE(r.has_value()) << "request " << i << " on the same socket";
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "{\"status\":\"ok\"}");
    EXPECT_EQ(r->Header("Connection").value_or(""), "keep-alive");
    EXPECT_EQ(r->CountHeader("Connection"), 1);
  }
  EXPECT_FALSE(c.ServerClosed(200));
}

TEST_F(ServerTest, KeepAliveWithExplicitHeaderAndWorkerRoutes) {
  HttpClient c("127.0.0.1", port_);
  for (int i = 0; i < 3; ++i) {
    auto r = c.Send("GET", "/v1/worker", {{"Connection", "keep-alive"}});
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "{\"worker\":true}");
    EXPECT_EQ(r->Header("Connection").value_or(""), "keep-alive");
  }
}

TEST_F(ServerTest, ConnectionCloseAndHttp10Close) {
  HttpClient c("127.0.0.1", port_);
  auto r = c.Send("GET", "/health", {{"Connection", "close"}});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("Connection").value_or(""), "close");
  EXPECT_TRUE(c.ServerClosed());

  HttpClient c10("127.0.0.1", port_);
  r = c10.Send("GET", "/health", {}, "", "HTTP/1.0");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("Connection").value_or(""), "close");
  EXPECT_TRUE(c10.ServerClosed());

  HttpClient c10k("127.0.0.1", port_);
  r = c10k.Send("GET", "/health", {{"Connection", "keep-alive"}}, "", "HTTP/1.0");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->Header("Connection").value_or(""), "keep-alive");
  r = c10k.Send("GET", "/health", {{"Connection", "keep-alive"}}, "", "HTTP/1.0");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
}

TEST_F(ServerTest, ParamsQueryHeadersAndCorrelationId) {
  auto r = HttpOnce(port_, "GET", "/v1/echo/ab%20c?q=x%2By+z", {{"X-Correlation-Id", "abc-123"}});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  auto d = Json(r->body);
  EXPECT_STREQ(d["name"].GetString(), "ab c");
  EXPECT_STREQ(d["q"].GetString(), "x+y z");
  EXPECT_STREQ(d["cid"].GetString(), "abc-123");
  EXPECT_EQ(r->Header("X-Correlation-Id").value_or(""), "abc-123");
  EXPECT_EQ(r->Header("ETag").value_or(""), "\"7\"");
  // Generated when absent or invalid.
  r = HttpOnce(port_, "GET", "/v1/echo/x", {{"X-Correlation-Id", "bad id with spaces"}});
  ASSERT_TRUE(r.has_value());
  const auto cid = r->Header("X-Correlation-Id").value_or("");
  EXPECT_EQ(cid.size(), 32u);
  EXPECT_NE(cid, "bad id with spaces");
}

TEST_F(ServerTest, UnknownRouteIs404AndWrongMethodIs405WithAllow) {
  ExpectProblem(HttpOnce(port_, "GET", "/v1/nothing/here"), 404, "route_not_found");
  auto r = HttpOnce(port_, "DELETE", "/v1/echo/x");
  ExpectProblem(r, 405, "method_not_allowed");
  EXPECT_EQ(r->Header("Allow").value_or(""), "GET, POST");
  // Every method on a path with routes for only some of them: all answered, server alive.
  for (const char* m : {"PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"}) {
    auto x = HttpOnce(port_, m, "/health");
    ASSERT_TRUE(x.has_value()) << m;
    EXPECT_EQ(x->status, 405) << m;
    EXPECT_EQ(x->Header("Allow").value_or(""), "GET");
  }
}

TEST_F(ServerTest, MethodRaceGuardManyThreads) {
  // Methods without routes from many threads at once (the 0.0.5 router inserted into a shared
  // map here). Under ASan/TSan-like builds this would show; here it must simply all answer.
  std::vector<std::thread> threads;
  std::atomic<int> answered{0};
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      HttpClient c("127.0.0.1", port_);
      const char* methods[] = {"PATCH", "OPTIONS", "PUT", "DELETE", "TRACE", "HEAD"};
      for (int i = 0; i < 20; ++i) {
        auto r = c.Send(methods[(t + i) % 6], "/v1/unknown/" + std::to_string(i));
        if (r && (r->status == 404 || r->status == 405)) answered++;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(answered.load(), 120);
}

TEST_F(ServerTest, ExceptionBecomesGeneric500WithoutInternals) {
  HttpClient c("127.0.0.1", port_);
  auto r = c.Send("GET", "/v1/throw", {{"X-Correlation-Id", "boom-1"}});
  ExpectProblem(r, 500, "internal");
  EXPECT_EQ(r->body.find("SECRET"), std::string::npos);
  EXPECT_EQ(r->body.find("db.cc"), std::string::npos);
  // Exactly one response: the next request on the same socket gets its own answer.
  r = c.Send("GET", "/health");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  // The exception is logged with the correlation id.
  const std::string logs = log_stream_.str();
  EXPECT_NE(logs.find("SECRET-INTERNAL-DETAIL"), std::string::npos);
  EXPECT_NE(logs.find("boom-1"), std::string::npos);
}

TEST_F(ServerTest, OversizedBodyIs413AndServerStillServes) {
  const std::string big(4097, 'a');
  HttpClient c("127.0.0.1", port_);
  auto r = c.Send("POST", "/v1/echo/x", {{"Content-Type", "application/json"}}, big);
  ExpectProblem(r, 413, "body_too_large");
  EXPECT_EQ(r->Header("Connection").value_or(""), "close");
  // Far above the limit + header allowance: Pistache's own 413, never a crash.
  const std::string huge(200 * 1024, 'b');
  HttpClient c2("127.0.0.1", port_);
  r = c2.Send("POST", "/v1/echo/x", {{"Content-Type", "application/json"}}, huge);
  if (r.has_value()) {
    EXPECT_EQ(r->status, 413);
  }
  auto ok = HttpOnce(port_, "POST", "/v1/echo/x", {{"Content-Type", "application/json"}},
                     "{\"title\":\"t\",\"jp\":3}");
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->status, 201);
  EXPECT_EQ(ok->Header("Location").value_or(""), "/v1/echo/x");
}

TEST_F(ServerTest, NonJsonBodyIs415) {
  ExpectProblem(HttpOnce(port_, "POST", "/v1/echo/x", {{"Content-Type", "text/plain"}}, "{}"), 415,
                "unsupported_media_type");
  ExpectProblem(HttpOnce(port_, "POST", "/v1/echo/x", {}, "{}"), 415, "unsupported_media_type");
  auto r = HttpOnce(port_, "POST", "/v1/echo/x",
                    {{"Content-Type", "application/json; charset=utf-8"}},
                    "{\"title\":\"t\",\"jp\":1}");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 201);
}

TEST_F(ServerTest, BadJsonBodiesAre400AndServerAlive) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{\"title\": ", "invalid_json"},
      {"{\"title\":\"t\",\"jp\":1} trailing", "invalid_json"},
      {"{\"title\":\"\xFF\",\"jp\":1}", "invalid_utf8"},
      {"{\"title\":\"\\udc00\",\"jp\":1}", "invalid_utf8"},
      {"{\"title\":\"\\ud800\",\"jp\":1}", "invalid_json"},
      {std::string(100, '[') + std::string(100, ']'), "json_too_deep"},
      {"{\"jp\":1}", "missing_field"},
      {"{\"title\":5,\"jp\":1}", "wrong_type"},
      {"{\"title\":\"t\",\"jp\":5000}", "invalid_value"},
      {"[1,2]", "wrong_type"},
  };
  HttpClient c("127.0.0.1", port_);
  for (const auto& [body, code] : cases) {
    auto r = c.Send("POST", "/v1/echo/x", {{"Content-Type", "application/json"}}, body);
    ExpectProblem(r, 400, code);
  }
  auto r = c.Send("POST", "/v1/echo/x", {{"Content-Type", "application/json"}},
                  "{\"title\":5,\"jp\":1}");
  ASSERT_TRUE(r.has_value());
  EXPECT_NE(r->body.find("\"pointer\":\"/title\""), std::string::npos) << r->body;
  EXPECT_EQ(c.Send("GET", "/health")->status, 200);
}

TEST_F(ServerTest, TenThousandDeepNestingIs400) {
  ServerOptions o;  // a server with the default 1 MiB limit so 10k brackets fit the body
  o.port = 0;
  o.threads = 1;
  o.worker_threads = 1;
  Server s(o, nullptr, nullptr, request_logger_);
  s.AddRoute({Method::kPost, "/p", "p",
              [](const Request& r) -> Response {
                auto d = ParseJsonBody(r.body());
                if (!d.ok()) return d.problem();
                return Response::Json(200, "{}");
              },
              Auth::kNone});
  auto port = s.Start();
  ASSERT_TRUE(port.ok());
  const std::string deep = std::string(10000, '[') + std::string(10000, ']');
  ExpectProblem(HttpOnce(port.value(), "POST", "/p", {{"Content-Type", "application/json"}}, deep),
                400, "json_too_deep");
  const std::string deep_obj = [] {
    std::string x;
    for (int i = 0; i < 10000; ++i) x += "{\"a\":";
    x += "1";
    for (int i = 0; i < 10000; ++i) x += "}";
    return x;
  }();
  ExpectProblem(HttpOnce(port.value(), "POST", "/p", {{"Content-Type", "application/json"}}, deep_obj),
                400, "json_too_deep");
  auto ok = HttpOnce(port.value(), "POST", "/p", {{"Content-Type", "application/json"}}, "[[1]]");
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->status, 200);
  s.Stop();
}

TEST_F(ServerTest, AuthRequiredRoute) {
  auto r = HttpOnce(port_, "GET", "/v1/me");
  ExpectProblem(r, 401, "missing_token");
  EXPECT_NE(r->Header("WWW-Authenticate").value_or("").find("Bearer"), std::string::npos);
  r = HttpOnce(port_, "GET", "/v1/me", {{"Authorization", "Bearer garbage"}});
  ExpectProblem(r, 401, "invalid_token");
  r = HttpOnce(port_, "GET", "/v1/me",
               {{"Authorization", "Bearer " + Token("199001012015011001", {"admin", "wizard"})}});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  auto d = Json(r->body);
  EXPECT_STREQ(d["sub"].GetString(), "199001012015011001");
  EXPECT_TRUE(d["admin"].GetBool());
}

TEST_F(ServerTest, ReadyAndMetrics) {
  EXPECT_EQ(HttpOnce(port_, "GET", "/ready")->status, 200);
  ready_ = false;
  ExpectProblem(HttpOnce(port_, "GET", "/ready"), 503, "not_ready");
  ready_ = true;
  HttpOnce(port_, "GET", "/v1/nothing");
  HttpOnce(port_, "GET", "/health");
  auto r = HttpOnce(port_, "GET", "/metrics");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->Header("Content-Type").value_or("").find("text/plain; version=0.0.4"),
            std::string::npos);
  const std::string& m = r->body;
  EXPECT_NE(m.find("# TYPE http_requests_total counter"), std::string::npos) << m;
  EXPECT_NE(m.find("http_requests_total{route=\"health\",method=\"GET\",status=\"200\"} 1"),
            std::string::npos) << m;
  EXPECT_NE(m.find("http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1"),
            std::string::npos) << m;
  EXPECT_NE(m.find("http_requests_total{route=\"ready\",method=\"GET\",status=\"503\"} 1"),
            std::string::npos) << m;
  EXPECT_NE(m.find("# TYPE http_request_duration_seconds histogram"), std::string::npos);
  EXPECT_NE(m.find("http_request_duration_seconds_bucket{route=\"health\",le=\"+Inf\"} 1"),
            std::string::npos) << m;
  EXPECT_NE(m.find("http_request_duration_seconds_count{route=\"health\"} 1"), std::string::npos);
}

TEST_F(ServerTest, JsonLogLinesAreValidAndCarryNoToken) {
  const std::string token = Token("197001012000011001", {"pegawai"});
  HttpOnce(port_, "GET", "/v1/me?token=supersecretquery", {{"Authorization", "Bearer " + token},
                                                           {"X-Correlation-Id", "log-1"}});
  HttpOnce(port_, "GET", "/v1/echo/a%22b%5Cc%0Ad");  // quote, backslash, newline in the path
  sink_->flush();
  std::istringstream in(log_stream_.str());
  std::string line;
  int requests = 0;
  bool saw_actor = false;
  while (std::getline(in, line)) {
    rapidjson::Document d;
    d.Parse(line.c_str());
    ASSERT_FALSE(d.HasParseError()) << line;
    ASSERT_TRUE(d.IsObject());
    if (std::string(d["msg"].GetString()) != "request") continue;
    ++requests;
    for (const char* k : {"method", "path", "status", "latency_ms", "actor", "correlation_id"}) {
      EXPECT_TRUE(d.HasMember(k)) << k << " in " << line;
    }
    if (std::string(d["correlation_id"].GetString()) == "log-1") {
      EXPECT_STREQ(d["actor"].GetString(), "197001012000011001");
      EXPECT_STREQ(d["path"].GetString(), "/v1/me");
      saw_actor = true;
    }
  }
  EXPECT_EQ(requests, 2);
  EXPECT_TRUE(saw_actor);
  const std::string logs = log_stream_.str();
  EXPECT_EQ(logs.find(token), std::string::npos);
  EXPECT_EQ(logs.find(token.substr(token.rfind('.') + 1)), std::string::npos);
  EXPECT_EQ(logs.find("supersecretquery"), std::string::npos);
  EXPECT_EQ(logs.find("Bearer"), std::string::npos);
}

// kinerja frames its answers itself (api/http/response_wire.h): the status line follows the
// request's version, every header appears once, Content-Length is the body's, and a header value
// cannot split into two headers.
TEST_F(ServerTest, AnswersAreFramedWholeOnEitherThread) {
  for (const char* target : {"/health", "/v1/worker"}) {  // a reactor and a worker route
    HttpClient c11("127.0.0.1", port_);
    auto r = c11.Send("GET", target);
    ASSERT_TRUE(r.has_value()) << target;
    EXPECT_EQ(r->version, "HTTP/1.1");
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->Header("Content-Length").value_or(""), std::to_string(r->body.size()));
    EXPECT_EQ(r->CountHeader("Content-Length"), 1);
    EXPECT_EQ(r->CountHeader("Content-Type"), 1);
    EXPECT_EQ(r->CountHeader("Connection"), 1);
    EXPECT_EQ(r->CountHeader("X-Correlation-Id"), 1);
    HttpClient c10("127.0.0.1", port_);
    r = c10.Send("GET", target, {}, "", "HTTP/1.0");
    ASSERT_TRUE(r.has_value()) << target;
    EXPECT_EQ(r->version, "HTTP/1.0");
    EXPECT_EQ(r->status, 200);
  }
  auto r = HttpOnce(port_, "GET", "/v1/located?tail=%0D%0AX-Injected:%201");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 204);
  EXPECT_EQ(r->CountHeader("X-Injected"), 0);
  EXPECT_EQ(r->Header("Location").value_or(""), "/v1/x  X-Injected: 1");
  EXPECT_EQ(r->Header("Content-Length").value_or(""), "0");
}

// Every answer leaves the in-flight count exactly once, when its bytes are written: a lost
// write continuation would keep Stop() waiting, a doubled one would drive the count below zero.
// Answers come from the reactor and from worker threads, on kept and closed connections, at once.
TEST_F(ServerTest, EveryAnswerLeavesTheInFlightCountOnce) {
  constexpr int kThreads = 4;
  constexpr int kRounds = 150;
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < kThreads; ++t) {
    clients.emplace_back([&, t] {
      HttpClient kept("127.0.0.1", port_);
      for (int i = 0; i < kRounds; ++i) {
        const char* target = (i + t) % 2 == 0 ? "/v1/worker" : "/health";
        if (i % 3 == 0) {
          HttpClient once("127.0.0.1", port_);
          auto r = once.Send("GET", target, {{"Connection", "close"}});
          if (r && r->status == 200 && once.ServerClosed()) ok.fetch_add(1);
        } else {
          auto r = kept.Send("GET", target);
          if (r && r->status == 200) ok.fetch_add(1);
        }
      }
    });
  }
  for (auto& c : clients) c.join();
  EXPECT_EQ(ok.load(), kThreads * kRounds);
  for (int i = 0; i < 5000 && server_->in_flight() != 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(server_->in_flight(), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(server_->in_flight(), 0);  // and no late second continuation
  EXPECT_TRUE(server_->Stop());
}

// After an answer the connection has no request pending: when the keep-alive timeout expires,
// the server closes it quietly instead of answering 408 (Pistache's idle flag, which
// ResponseWriter::send used to set and Server now sets itself).
TEST(ServerKeepAliveTest, IdleConnectionClosesQuietlyAfterItsTimeout) {
  IgnoreSigpipe();
  ServerOptions options;
  options.port = 0;
  options.threads = 1;
  options.worker_threads = 1;
  options.keepalive_timeout = std::chrono::milliseconds(300);
  Server server(options, nullptr, nullptr, nullptr);
  server.MountBuiltins(nullptr);
  server.AddRoute({Method::kGet, "/v1/worker", "worker",
                   [](const Request&) { return Response::Json(200, "{}"); }, Auth::kNone,
                   Execution::kWorker});
  auto port = server.Start();
  ASSERT_TRUE(port.ok());
  for (const char* target : {"/health", "/v1/worker"}) {
    HttpClient c("127.0.0.1", port.value());
    auto r = c.Send("GET", target);
    ASSERT_TRUE(r.has_value()) << target;
    EXPECT_EQ(r->status, 200);
    // EOF with no byte before it: no 408 was sent.
    EXPECT_TRUE(c.ServerClosed(5000)) << target;
  }
  server.Stop();
}

TEST_F(ServerTest, GracefulShutdownFinishesInFlightAndRefusesNew) {
  std::optional<HttpResponse> slow;
  std::thread client([&] {
    slow = HttpOnce(port_, "POST", "/v1/slow", {{"Content-Type", "application/json"}}, "{}");
  });
  gate_.WaitEntered();
  HttpClient kept("127.0.0.1", port_);
  ASSERT_TRUE(kept.Send("GET", "/health").has_value());  // an idle keep-alive connection
  // The /health reply leaves the in-flight count right after its bytes are written, which can
  // be just after the client has read them.
  for (int i = 0; i < 5000 && server_->in_flight() != 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(server_->in_flight(), 1);
  std::atomic<bool> stopped{false};
  bool drained = false;
  std::thread stopper([&] {
    drained = server_->Stop();
    stopped = true;
  });
  // While draining: new requests get 503 (or the connection is refused once closed).
  std::optional<HttpResponse> during;
  for (int i = 0; i < 100000; ++i) {
    auto x = kept.Send("GET", "/health");
    if (!x) break;
    if (x->status == 503) {
      during = x;
      break;
    }
  }
  ASSERT_TRUE(during.has_value());
  ExpectProblem(during, 503, "shutting_down");
  EXPECT_EQ(during->Header("Connection").value_or(""), "close");
  EXPECT_FALSE(stopped.load());
  gate_.Release();
  client.join();
  stopper.join();
  EXPECT_TRUE(drained);
  ASSERT_TRUE(slow.has_value());
  EXPECT_EQ(slow->status, 200);
  EXPECT_EQ(slow->body, "{\"slow\":true}");
  // After Stop nothing answers (Pistache 0.0.5 may leave the listening socket open until the
  // endpoint is destroyed, so a connect can still succeed: no response ever comes).
  HttpClient after("127.0.0.1", port_);
  after.set_timeout_ms(500);
  EXPECT_FALSE(after.Connect() && after.Send("GET", "/health").has_value());
}

}  // namespace
}  // namespace kinerja::http
