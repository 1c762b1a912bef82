// GET /openapi.json serves the embedded api/openapi/openapi.json, and the document and the
// server's route table describe the same API: every mounted (method, path) is a documented
// operation, every documented operation is mounted and reachable over HTTP (no route_not_found,
// no 405), and a route needs a token exactly when the document says it is secured.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <rapidjson/document.h>

#include "api/app/openapi_route.h"
#include "tests/api/api_harness.h"

namespace kinerja::testing {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "/v1/employees/:nip/work-plans/:year" and "/v1/employees/{nip}/work-plans/{year}" both become
// "/v1/employees/{}/work-plans/{}": parameter names are the server's own business.
std::string Shape(const std::string& path) {
  static const std::regex kParam(R"(:[A-Za-z_][A-Za-z0-9_]*|\{[^}]*\})");
  return std::regex_replace(path, kParam, "{}");
}

struct Operation {
  std::string method;  // lower case
  std::string path;    // as documented
  bool secured = true;
};

std::vector<Operation> DocumentedOperations(const rapidjson::Document& doc) {
  std::vector<Operation> out;
  const bool global_security =
      doc.HasMember("security") && doc["security"].IsArray() && !doc["security"].Empty();
  for (const auto& path : doc["paths"].GetObject()) {
    for (const auto& op : path.value.GetObject()) {
      const std::string method = op.name.GetString();
      if (method == "parameters" || method == "summary" || method == "description") continue;
      bool secured = global_security;
      if (op.value.HasMember("security")) secured = !op.value["security"].Empty();
      out.push_back({method, path.name.GetString(), secured});
    }
  }
  return out;
}

// A concrete target for a documented path: sample values that satisfy each parameter's pattern.
std::string Concrete(const std::string& path) {
  static const std::map<std::string, std::string> kSamples = {
      {"{nip}", "198503142010011001"}, {"{year}", "2026"}, {"{period}", "2026-Q1"},
      {"{id}", "sample-id"},           {"{stream}", "unit-sample-id"}};
  std::string out = path;
  for (const auto& [param, value] : kSamples) {
    for (size_t at = out.find(param); at != std::string::npos; at = out.find(param)) {
      out.replace(at, param.size(), value);
    }
  }
  return out;
}

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto served = api_.Get("/openapi.json", "");
    ASSERT_EQ(served.status, 200) << served.body;
    body_ = served.body;
    content_type_ = served.Header("Content-Type").value_or("");
    doc_.Parse(body_.c_str(), body_.size());
    ASSERT_FALSE(doc_.HasParseError()) << "the served document is not JSON";
    ASSERT_TRUE(doc_.IsObject() && doc_.HasMember("paths") && doc_["paths"].IsObject());
  }

  ApiHarness api_;
  std::string body_;
  std::string content_type_;
  rapidjson::Document doc_;
};

TEST_F(OpenApiTest, ServesTheEmbeddedDocumentWithoutAToken) {
  EXPECT_NE(content_type_.find("application/json"), std::string::npos) << content_type_;
  EXPECT_EQ(body_, std::string(app::OpenApiDocument()));
  ASSERT_TRUE(doc_.HasMember("openapi") && doc_["openapi"].IsString());
  EXPECT_EQ(std::string(doc_["openapi"].GetString()), "3.1.0");
  ASSERT_TRUE(doc_.HasMember("components") && doc_["components"].HasMember("securitySchemes"));
  const auto& bearer = doc_["components"]["securitySchemes"]["bearerAuth"];
  EXPECT_EQ(std::string(bearer["scheme"].GetString()), "bearer");
  EXPECT_EQ(std::string(bearer["bearerFormat"].GetString()), "JWT");
}

TEST_F(OpenApiTest, EveryMountedRouteIsDocumented) {
  std::set<std::pair<std::string, std::string>> documented;
  for (const auto& op : DocumentedOperations(doc_)) documented.insert({op.method, Shape(op.path)});
  const auto routes = api_.service().routes();
  ASSERT_FALSE(routes.empty());
  for (const auto& route : routes) {
    const std::string method = Lower(http::MethodName(route.method));
    EXPECT_TRUE(documented.count({method, Shape(route.pattern)}))
        << method << " " << route.pattern << " (" << route.name
        << ") is mounted but not in api/openapi/openapi.json";
  }
}

TEST_F(OpenApiTest, EveryDocumentedOperationIsMountedWithTheDocumentedSecurity) {
  std::map<std::pair<std::string, std::string>, http::RouteInfo> mounted;
  for (const auto& route : api_.service().routes()) {
    mounted[{Lower(http::MethodName(route.method)), Shape(route.pattern)}] = route;
  }
  const auto ops = DocumentedOperations(doc_);
  EXPECT_GE(ops.size(), 37u);  // DESIGN.md §3: 21 commands, 8 queries, 4 audit, 4 operations
  for (const auto& op : ops) {
    auto it = mounted.find({op.method, Shape(op.path)});
    if (it == mounted.end()) {
      ADD_FAILURE() << op.method << " " << op.path << " is documented but not mounted";
      continue;
    }
    EXPECT_EQ(it->second.auth != http::Auth::kNone, op.secured)
        << op.method << " " << op.path << ": the document and the route disagree on the token";
  }
}

TEST_F(OpenApiTest, EveryDocumentedOperationIsRoutedOverHttp) {
  for (const auto& op : DocumentedOperations(doc_)) {
    std::string method = op.method;
    for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const std::string target = Concrete(op.path);
    auto answer = api_.Request(method, target, "", method == "POST" ? "{}" : "");
    EXPECT_NE(answer.status, 405) << method << " " << target;
    EXPECT_EQ(answer.body.find("\"route_not_found\""), std::string::npos)
        << method << " " << target << " -> " << answer.status << " " << answer.body;
    if (op.secured) {
      EXPECT_EQ(answer.status, 401) << method << " " << target << " answered without a token";
    } else {
      EXPECT_EQ(answer.status, 200) << method << " " << target;
    }
  }
}

}  // namespace
}  // namespace kinerja::testing
