// A small blocking HTTP/1.1 client over a raw TCP socket, for tests: keep-alive (one connection,
// many requests), arbitrary header sets (none added unless asked), arbitrary body bytes, raw
// writes for malformed input, and detection of a server-side close.
//
// Thread-safety: one HttpClient per thread.
#ifndef KINERJA_TESTS_API_TEST_HTTP_CLIENT_H_
#define KINERJA_TESTS_API_TEST_HTTP_CLIENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kinerja::testing {

struct HttpResponse {
  int status = 0;
  std::string version;  // "HTTP/1.1"
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Case-insensitive; first value.
  std::optional<std::string> Header(const std::string& name) const;
  int CountHeader(const std::string& name) const;
};

class HttpClient {
 public:
  HttpClient(std::string host, uint16_t port);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  bool Connect();
  void Close();
  bool connected() const { return fd_ >= 0; }

  // Sends one request with exactly `headers` plus Host and (when body is non-empty or the
  // method is POST/PUT/PATCH) Content-Length. Connects first if needed. nullopt on I/O error or
  // if the server closed before a full response.
  std::optional<HttpResponse> Send(const std::string& method, const std::string& target,
                                   const std::vector<std::pair<std::string, std::string>>& headers = {},
                                   const std::string& body = "",
                                   const std::string& version = "HTTP/1.1");
  // Writes raw bytes (connects first if needed).
  bool WriteRaw(const std::string& bytes);
  // Reads one response.
  std::optional<HttpResponse> ReadResponse();
  // True if the server has closed the connection (EOF within `timeout_ms`, no data).
  bool ServerClosed(int timeout_ms = 2000);
  void set_timeout_ms(int ms) { timeout_ms_ = ms; }

 private:
  bool Fill();  // reads more into buffer_; false on EOF/error
  std::string host_;
  uint16_t port_;
  int fd_ = -1;
  int timeout_ms_ = 30000;
  std::string buffer_;
};

// Convenience: one request on a fresh connection.
std::optional<HttpResponse> HttpOnce(uint16_t port, const std::string& method,
                                     const std::string& target,
                                     const std::vector<std::pair<std::string, std::string>>& headers = {},
                                     const std::string& body = "");

}  // namespace kinerja::testing

#endif  // KINERJA_TESTS_API_TEST_HTTP_CLIENT_H_
