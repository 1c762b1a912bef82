#pragma once
// The bytes of one HTTP/1.x response, framed by kinerja rather than by Pistache's ResponseWriter.
//
// Why: Pistache 0.0.5's ResponseWriter::send() returns a promise chained with then(), which the
// reactor thread resolves by iterating the chain's continuation list without its lock
// (Continuation::finishResolve in async.h). Attaching our own continuation to it from a worker
// thread (to know when the bytes are written) is a data race that ThreadSanitizer found: a
// use-after-free when the list grows during the iteration, or a continuation lost or run twice.
// Server writes these bytes with Peer::send, whose promise is resolved under its lock.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kinerja::http {

// Headers in the order given; a later header replaces an earlier one of the same name (compared
// without case). CR and LF in a value become spaces (no header injection). Content-Length is
// always written from the body.
class ResponseHead {
 public:
  void Put(std::string name, std::string value);
  const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }

 private:
  std::vector<std::pair<std::string, std::string>> headers_;
};

// "HTTP/1.1 <status> <reason>\r\n" (HTTP/1.0 when the request was; the reason from problem.h's
// ReasonPhrase), the headers,
// "Content-Length: <n>\r\n\r\n", then the body.
std::string FrameResponse(bool http10, int status, const ResponseHead& head, std::string_view body);

}  // namespace kinerja::http
