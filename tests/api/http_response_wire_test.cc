// FrameResponse / ResponseHead (api/http/response_wire.h): the bytes kinerja writes for an answer.
#include <gtest/gtest.h>

#include <string>

#include "api/http/response_wire.h"

namespace kinerja::http {
namespace {

TEST(ResponseWireTest, StatusLineHeadersLengthAndBody) {
  ResponseHead head;
  head.Put("Connection", "keep-alive");
  head.Put("Content-Type", "application/json");
  EXPECT_EQ(FrameResponse(false, 201, head, "{\"a\":1}"),
            "HTTP/1.1 201 Created\r\n"
            "Connection: keep-alive\r\n"
            "Content-Type: application/json\r\n"
            "Content-Length: 7\r\n"
            "\r\n"
            "{\"a\":1}");
  EXPECT_EQ(FrameResponse(true, 404, ResponseHead(), ""),
            "HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(FrameResponse(false, 299, ResponseHead(), "x"),
            "HTTP/1.1 299 Unknown\r\nContent-Length: 1\r\n\r\nx");
}

TEST(ResponseWireTest, LaterHeaderReplacesSameNameWithoutCase) {
  ResponseHead head;
  head.Put("Connection", "keep-alive");
  head.Put("ETag", "\"1\"");
  head.Put("connection", "close");
  ASSERT_EQ(head.headers().size(), 2u);
  EXPECT_EQ(head.headers()[0].first, "ETag");
  EXPECT_EQ(head.headers()[1].first, "connection");
  EXPECT_EQ(head.headers()[1].second, "close");
}

TEST(ResponseWireTest, NoHeaderInjectionAndLengthAlwaysFromBody) {
  ResponseHead head;
  head.Put("Location", "/v1/x\r\nSet-Cookie: evil=1");
  head.Put("Content-Length", "999");  // never trusted: framed from the body
  const std::string wire = FrameResponse(false, 200, head, "abc");
  EXPECT_EQ(wire,
            "HTTP/1.1 200 OK\r\n"
            "Location: /v1/x  Set-Cookie: evil=1\r\n"
            "Content-Length: 3\r\n"
            "\r\n"
            "abc");
}

TEST(ResponseWireTest, BinaryBodyKeptByteForByte) {
  const std::string body("a\0b\r\n\xff", 6);
  const std::string wire = FrameResponse(false, 200, ResponseHead(), body);
  EXPECT_EQ(wire.substr(wire.size() - body.size()), body);
  EXPECT_NE(wire.find("Content-Length: 6\r\n\r\n"), std::string::npos);
}

}  // namespace
}  // namespace kinerja::http
