// A minimal blocking HTTP/1.1 client over one keep-alive TCP connection to 127.0.0.1:<port>,
// enough for the soak: requests with a few headers and a small JSON body, answers framed by
// Content-Length or chunked transfer encoding. It reconnects when the server closed the
// connection (Connection: close, or EOF before an answer began).
//
// Thread-safety: one HttpConnection per thread.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace kinerja::soak {

struct HttpAnswer {
  int status = 0;     // 0: transport failure (error says what)
  std::string body;
  std::string error;  // transport failure only
  std::string correlation_id;  // the X-Correlation-Id header of the answer; empty: none
};

class HttpConnection {
 public:
  // `timeout_ms`: for connect, each send and each receive.
  HttpConnection(uint16_t port, int timeout_ms);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Sends one request and reads its answer. `headers` are "Name: value" lines without CRLF.
  // A request that failed on a reused connection before any byte of the answer arrived is sent
  // once more on a new connection (the soak puts an Idempotency-Key on every command, so the
  // retry cannot apply a command twice); reconnects() counts those.
  HttpAnswer Send(const std::string& method, const std::string& target,
                  const std::vector<std::string>& headers, const std::string& body);

  uint64_t reconnects() const { return reconnects_; }
  // Drops the connection (the next Send opens a new one).
  void Reset() { Close(); }

 private:
  bool Connect(std::string* error);
  void Close();
  // One attempt. *fresh_failure: the failure happened before any answer byte arrived.
  HttpAnswer Attempt(const std::string& request, bool* early_failure);
  // Reads more bytes into buffer_; false on EOF or error (*error set).
  bool Fill(std::string* error);

  uint16_t port_;
  int timeout_ms_;
  int fd_ = -1;
  bool reused_ = false;  // at least one answer was read on this connection
  std::string buffer_;   // bytes received and not consumed yet
  uint64_t reconnects_ = 0;
};

}  // namespace kinerja::soak
