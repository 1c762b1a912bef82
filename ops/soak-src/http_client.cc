#include "ops/soak-src/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cctype>
#include <cstring>

namespace kinerja::soak {

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
  return s.substr(b, e - b);
}

}  // namespace

HttpConnection::HttpConnection(uint16_t port, int timeout_ms)
    : port_(port), timeout_ms_(timeout_ms) {}

HttpConnection::~HttpConnection() { Close(); }

void HttpConnection::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  reused_ = false;
  buffer_.clear();
}

bool HttpConnection::Connect(std::string* error) {
  Close();
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) {
    *error = std::string("socket: ") + std::strerror(errno);
    return false;
  }
  timeval tv{};
  tv.tv_sec = timeout_ms_ / 1000;
  tv.tv_usec = (timeout_ms_ % 1000) * 1000;
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port_);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    *error = std::string("connect: ") + std::strerror(errno);
    Close();
    return false;
  }
  return true;
}

bool HttpConnection::Fill(std::string* error) {
  char chunk[16384];
  for (;;) {
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n > 0) {
      buffer_.append(chunk, static_cast<size_t>(n));
      return true;
    }
    if (n == 0) {
      *error = "connection closed by the server";
      return false;
    }
    if (errno == EINTR) continue;
    *error = errno == EAGAIN || errno == EWOULDBLOCK ? std::string("receive timeout")
                                                     : std::string("recv: ") + std::strerror(errno);
    return false;
  }
}

HttpAnswer HttpConnection::Send(const std::string& method, const std::string& target,
                                const std::vector<std::string>& headers,
                                const std::string& body) {
  std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& h : headers) request += h + "\r\n";
  if (!body.empty() || method == "POST") {
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  request += "\r\n";
  request += body;
  for (int attempt = 0;; ++attempt) {
    if (fd_ < 0) {
      HttpAnswer failed;
      if (!Connect(&failed.error)) return failed;
    }
    const bool was_reused = reused_;
    bool early = false;
    HttpAnswer answer = Attempt(request, &early);
    if (answer.status != 0) return answer;
    Close();
    // The server may close an idle keep-alive connection at any time: retry once, fresh.
    if (!(was_reused && early && attempt == 0)) return answer;
    ++reconnects_;
  }
}

HttpAnswer HttpConnection::Attempt(const std::string& request, bool* early_failure) {
  HttpAnswer answer;
  *early_failure = true;
  size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = ::send(fd_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      answer.error = std::string("send: ") + std::strerror(errno);
      return answer;
    }
    sent += static_cast<size_t>(n);
  }
  // Headers.
  size_t header_end;
  while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!Fill(&answer.error)) return answer;
    *early_failure = false;
  }
  *early_failure = false;
  const std::string head = buffer_.substr(0, header_end);
  buffer_.erase(0, header_end + 4);
  size_t line_end = head.find("\r\n");
  const std::string status_line = head.substr(0, line_end);
  if (status_line.compare(0, 5, "HTTP/") != 0 || status_line.size() < 12) {
    answer.error = "bad status line: " + status_line.substr(0, 80);
    return answer;
  }
  const int status = std::atoi(status_line.c_str() + 9);
  long long content_length = -1;
  bool chunked = false, close_after = false;
  size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    size_t next = head.find("\r\n", pos);
    if (next == std::string::npos) next = head.size();
    const std::string line = head.substr(pos, next - pos);
    pos = next + 2;
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::string name = Lower(Trim(line.substr(0, colon)));
    const std::string value = Lower(Trim(line.substr(colon + 1)));
    if (name == "content-length") content_length = std::atoll(value.c_str());
    if (name == "transfer-encoding" && value.find("chunked") != std::string::npos) chunked = true;
    if (name == "connection" && value.find("close") != std::string::npos) close_after = true;
    if (name == "x-correlation-id") answer.correlation_id = Trim(line.substr(colon + 1));
  }
  if (chunked) {
    for (;;) {
      size_t size_end;
      while ((size_end = buffer_.find("\r\n")) == std::string::npos) {
        if (!Fill(&answer.error)) return answer;
      }
      const size_t size = std::strtoul(buffer_.substr(0, size_end).c_str(), nullptr, 16);
      buffer_.erase(0, size_end + 2);
      while (buffer_.size() < size + 2) {
        if (!Fill(&answer.error)) return answer;
      }
      answer.body.append(buffer_, 0, size);
      buffer_.erase(0, size + 2);
      if (size == 0) break;  // (no trailers are sent by kinerjad)
    }
  } else if (content_length >= 0) {
    while (buffer_.size() < static_cast<size_t>(content_length)) {
      if (!Fill(&answer.error)) return answer;
    }
    answer.body = buffer_.substr(0, static_cast<size_t>(content_length));
    buffer_.erase(0, static_cast<size_t>(content_length));
  } else {
    // No framing: the body runs to EOF.
    std::string ignored;
    while (Fill(&ignored)) {
    }
    answer.body = buffer_;
    buffer_.clear();
    close_after = true;
  }
  answer.status = status;
  reused_ = true;
  if (close_after) Close();
  return answer;
}

}  // namespace kinerja::soak
