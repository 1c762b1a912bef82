#include "api/http/response_wire.h"

#include "api/http/ascii.h"
#include "api/http/problem.h"

namespace kinerja::http {

void ResponseHead::Put(std::string name, std::string value) {
  for (char& c : value) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  for (auto it = headers_.begin(); it != headers_.end();) {
    it = IEquals(it->first, name) ? headers_.erase(it) : it + 1;
  }
  headers_.emplace_back(std::move(name), std::move(value));
}

std::string FrameResponse(bool http10, int status, const ResponseHead& head,
                          std::string_view body) {
  std::string out;
  out.reserve(128 + body.size() + 64 * head.headers().size());
  out += http10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  out += std::to_string(status);
  out += ' ';
  out += ReasonPhrase(status);
  out += "\r\n";
  for (const auto& [name, value] : head.headers()) {
    if (IEquals(name, "Content-Length")) continue;  // framed from the body below
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  out += "Content-Length: ";
  out += std::to_string(body.size());
  out += "\r\n\r\n";
  out += body;
  return out;
}

}  // namespace kinerja::http
