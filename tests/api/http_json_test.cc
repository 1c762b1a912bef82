// Bounded JSON parsing, strict UTF-8, field accessors with JSON pointers, writer, problems.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "api/http/json.h"
#include "api/http/problem.h"
#include "api/http/route.h"

namespace kinerja::http {
namespace {

std::string CodeOf(std::string_view body) {
  auto r = ParseJsonBody(body);
  return r.ok() ? "ok" : r.problem().code;
}

TEST(JsonParseTest, LimitsAndEncoding) {
  EXPECT_EQ(CodeOf("{\"a\":[1,2,{\"b\":\"c\"}]}"), "ok");
  EXPECT_EQ(CodeOf(""), "invalid_json");
  EXPECT_EQ(CodeOf("{} {}"), "invalid_json");
  EXPECT_EQ(CodeOf("{}x"), "invalid_json");
  EXPECT_EQ(CodeOf("\"\xFF\""), "invalid_utf8");
  EXPECT_EQ(CodeOf("\"\xC0\xAF\""), "invalid_utf8");         // overlong '/'
  EXPECT_EQ(CodeOf("\"\xED\xA0\x80\""), "invalid_utf8");     // raw surrogate bytes
  EXPECT_EQ(CodeOf("\"\\udc00\""), "invalid_utf8");          // lone low surrogate escape
  EXPECT_EQ(CodeOf("{\"\\udc00\":1}"), "invalid_utf8");      // in a key too
  EXPECT_EQ(CodeOf("\"\\ud83d\\ude00\""), "ok");             // a valid pair (emoji)
  EXPECT_EQ(CodeOf("\"Pontianak \xE2\x80\x94 Kalbar\""), "ok");
  EXPECT_EQ(CodeOf(std::string(64, '[') + std::string(64, ']')), "ok");
  EXPECT_EQ(CodeOf(std::string(65, '[') + std::string(65, ']')), "json_too_deep");
  EXPECT_EQ(CodeOf(std::string(100000, '[')), "json_too_deep");
  // Brackets inside strings do not count.
  EXPECT_EQ(CodeOf("[\"" + std::string(1000, '[') + "\\\"" + "\"]"), "ok");
  JsonLimits small;
  small.max_string_bytes = 4;
  auto r = ParseJsonBody("{\"a\":\"12345\"}", small);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problem().code, "string_too_long");
  EXPECT_EQ(r.problem().status(), 400);
}

// RapidJSON 1.1.0's full-precision parser read "0." + 23 zeros as -1.8e-192 and crashed at a
// few hundred zeros (tests/fuzz/regressions/*/rapidjson-full-precision-all-zero-decimals-clz0).
TEST(JsonParseTest, LongAllZeroNumbersReadAsZeroWithoutCrashing) {
  for (int zeros : {23, 30, 400, 5000}) {
    const std::string zero = "0." + std::string(static_cast<size_t>(zeros), '0');
    auto r = ParseJsonBody("{\"a\":" + zero + ",\"b\":[-" + zero + "e7],\"c\":0.30000000000000004}");
    ASSERT_TRUE(r.ok()) << zeros;
    const rapidjson::Document& d = *r.value();
    EXPECT_EQ(d["a"].GetDouble(), 0.0) << zeros;
    EXPECT_EQ(d["b"][0].GetDouble(), 0.0) << zeros;
    EXPECT_EQ(d["c"].GetDouble(), 0.30000000000000004) << zeros;
  }
  for (const char* zero : {"0e308", "-0e300", "0.0000000000000000000e-5", "0E+300"}) {
    auto r = ParseJsonBody(std::string("[") + zero + "]");
    ASSERT_TRUE(r.ok()) << zero;
    EXPECT_EQ((*r.value())[0].GetDouble(), 0.0) << zero;
  }
  // Every other number is still read exactly.
  auto r = ParseJsonBody("[0.30000000000000004, 1.00000000000000000000000000]");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r.value())[0].GetDouble(), 0.30000000000000004);
  EXPECT_EQ((*r.value())[1].GetDouble(), 1.0);
}

TEST(JsonParseTest, DepthScan) {
  EXPECT_EQ(JsonDepth("[]", 64), 1);
  EXPECT_EQ(JsonDepth("{\"a\":[{}]}", 64), 3);
  EXPECT_EQ(JsonDepth("\"[[[\"", 64), 0);
  EXPECT_GT(JsonDepth(std::string(1000000, '{'), 64), 64);
}

TEST(JsonObjectTest, AccessorsReportPointers) {
  auto doc = ParseJsonBody(
      R"({"nip":"199001012015011001","year":2025,"draft":true,"rhk":[{"id":"r1","indikator":[{"target":"x"}]},{"id":7}],"a/b":1})");
  ASSERT_TRUE(doc.ok());
  auto root = JsonObject::Root(doc.value());
  EXPECT_EQ(root.String("nip", 18), "199001012015011001");
  EXPECT_EQ(root.Int("year", 2000, 2100), 2025);
  EXPECT_TRUE(root.Bool("draft"));
  EXPECT_FALSE(root.OptString("missing").has_value());
  auto rhk = root.Array("rhk");
  ASSERT_EQ(rhk.size(), 2u);
  EXPECT_EQ(rhk.ObjectAt(0).String("id"), "r1");
  EXPECT_EQ(rhk.ObjectAt(0).Array("indikator").ObjectAt(0).String("target"), "x");
  EXPECT_TRUE(root.errors().ok());
  (void)rhk.ObjectAt(1).String("id");
  ASSERT_FALSE(root.errors().ok());
  const Problem& p = *root.errors().problem();
  EXPECT_EQ(p.code, "wrong_type");
  EXPECT_EQ(p.status(), 400);
  EXPECT_NE(p.ToJson().find("\"pointer\":\"/rhk/1/id\""), std::string::npos) << p.ToJson();
  // First error wins.
  (void)root.String("absent");
  EXPECT_EQ(root.errors().problem()->code, "wrong_type");

  auto root2 = JsonObject::Root(doc.value());
  (void)root2.String("absent");
  EXPECT_EQ(root2.errors().problem()->code, "missing_field");
  EXPECT_NE(root2.errors().problem()->ToJson().find("\"/absent\""), std::string::npos);
  auto root3 = JsonObject::Root(doc.value());
  (void)root3.Int("year", 2030, 2040);
  EXPECT_EQ(root3.errors().problem()->code, "invalid_value");
  auto root4 = JsonObject::Root(doc.value());
  (void)root4.String("nip", 5);
  EXPECT_EQ(root4.errors().problem()->code, "string_too_long");
  EXPECT_EQ(JsonPointerToken("a/b~c"), "a~1b~0c");
}

TEST(JsonObjectTest, NonObjectRoot) {
  auto doc = ParseJsonBody("[1]");
  ASSERT_TRUE(doc.ok());
  auto root = JsonObject::Root(doc.value());
  EXPECT_EQ(root.String("x"), "");
  ASSERT_FALSE(root.errors().ok());
  EXPECT_EQ(root.errors().problem()->code, "wrong_type");
}

TEST(JsonWriterTest, EscapesAndValidUtf8) {
  JsonWriter w;
  w.StartObject().Key("s").String("a\"b\\c\n\x01").Key("bad").String("x\xFFy").Key("n").Int(-3);
  w.Key("raw").RawValue("[1,2]").EndObject();
  rapidjson::Document d;
  d.Parse(w.str().c_str());
  ASSERT_FALSE(d.HasParseError()) << w.str();
  EXPECT_STREQ(d["s"].GetString(), "a\"b\\c\n\x01");
  EXPECT_TRUE(IsValidUtf8(d["bad"].GetString()));
  EXPECT_EQ(d["raw"].Size(), 2u);
  EXPECT_EQ(JsonEscape("q\"\n"), "q\\\"\\n");
}

TEST(ProblemTest, MappingAndBody) {
  EXPECT_EQ(HttpStatusFor(ErrorCategory::kInvalidInput), 400);
  EXPECT_EQ(HttpStatusFor(ErrorCategory::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(ErrorCategory::kForbidden), 403);
  EXPECT_EQ(HttpStatusFor(ErrorCategory::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(ErrorCategory::kMethodNotAllowed), 405);
  EXPECT_EQ(HttpStatusFor(ErrorCategory::kConflict), 409);
  EXPECT_EQ(HttpStatusFor(ErrorCategory::kPreconditionFailed), 412);
  EXPECT_EQ(HttpStatusFor(ErrorCategory::kPayloadTooLarge), 413);
  EXPECT_EQ(HttpStatusFor(ErrorCategory::kUnsupportedMediaType), 415);
  EXPECT_EQ(HttpStatusFor(ErrorCategory::kBusinessRule), 422);
  EXPECT_EQ(HttpStatusFor(ErrorCategory::kTooManyRequests), 429);
  EXPECT_EQ(HttpStatusFor(ErrorCategory::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(ErrorCategory::kInternal), 500);
  Problem p = Problem::Make(ErrorCategory::kBusinessRule, "skp.not_submitted",
                            "The SKP \"2025\" is not submitted.");
  p.With("currentVersion", "3").WithString("state", "DRAFT");
  rapidjson::Document d;
  d.Parse(p.ToJson().c_str());
  ASSERT_FALSE(d.HasParseError()) << p.ToJson();
  EXPECT_STREQ(d["type"].GetString(), "about:blank");
  EXPECT_STREQ(d["title"].GetString(), "Unprocessable Content");
  EXPECT_EQ(d["status"].GetInt(), 422);
  EXPECT_STREQ(d["code"].GetString(), "skp.not_submitted");
  EXPECT_STREQ(d["detail"].GetString(), "The SKP \"2025\" is not submitted.");
  EXPECT_EQ(d["currentVersion"].GetInt(), 3);
  EXPECT_STREQ(d["state"].GetString(), "DRAFT");
  Response r = p;
  EXPECT_EQ(r.status(), 422);
  EXPECT_EQ(r.content_type(), "application/problem+json");
  Response u = Problem::Make(ErrorCategory::kUnauthenticated, "invalid_token", "x");
  EXPECT_TRUE(u.Header("WWW-Authenticate").has_value());
}

TEST(RouteTest, PercentDecode) {
  EXPECT_EQ(PercentDecode("a%20b+c", false).value(), "a b+c");
  EXPECT_EQ(PercentDecode("a%20b+c", true).value(), "a b c");
  EXPECT_FALSE(PercentDecode("%", true).has_value());
  EXPECT_FALSE(PercentDecode("%2", true).has_value());
  EXPECT_FALSE(PercentDecode("%zz", true).has_value());
}

}  // namespace
}  // namespace kinerja::http
