// A small organisation for the command suites (api_commands_*_test.cc): unit "disdik" with a
// kepala dinas A (no supervisor), a supervisor S under A, a staff member P under S and an
// unrelated pegawai U under A; plus request bodies, tokens and answer-shape checks.
// Thread-safety: use from the test thread (the Post helpers may be called from several threads).
#pragma once

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "api/http/base64url.h"
#include "api/http/jwt.h"
#include "eventstore/event_store.h"
#include "tests/api/api_harness.h"

namespace kinerja::testing {

inline constexpr const char* kA = "197001012000031001";  // kepala dinas (atasan of P)
inline constexpr const char* kS = "198001012005011002";  // pejabat penilai of P
inline constexpr const char* kP = "199001012015012003";  // staff
inline constexpr const char* kU = "199202022016011004";  // unrelated to P
inline constexpr const char* kV = "199303032017012005";  // a second staff member under S

inline std::string EmployeeBody(const std::string& nip, const std::string& name,
                                const std::string& jenis, const std::string& golongan,
                                const std::string& supervisor) {
  std::string body = "{\"nip\":\"" + nip + "\",\"name\":\"" + name +
                     "\",\"unitId\":\"disdik\",\"jabatan\":\"Jabatan " + name +
                     "\",\"jenisJabatan\":\"" + jenis + "\",\"golongan\":\"" + golongan +
                     "\",\"status\":\"PNS\"";
  if (!supervisor.empty()) body += ",\"supervisorNip\":\"" + supervisor + "\"";
  return body + "}";
}

inline std::string PlanBody(bool draft = false, const std::string& description = "Menyusun RKA") {
  return std::string("{") + (draft ? "\"draft\":true," : "") +
         "\"rhk\":[{\"id\":\"rhk-1\",\"kind\":\"utama\",\"description\":\"" + description +
         "\",\"indikator\":[{\"aspect\":\"kuantitas\",\"description\":\"Dokumen RKA\","
         "\"target\":12,\"unit\":\"dokumen\"}]}]}";
}

inline std::string AppraisalBody(const std::string& hasil, const std::string& perilaku) {
  return "{\"hasilKerja\":\"" + hasil + "\",\"perilakuKerja\":\"" + perilaku + "\"}";
}

inline rapidjson::Document ParseJson(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.c_str(), text.size());
  return doc;
}

// Asserts the contract's command answer and returns the parsed body.
inline rapidjson::Document ExpectAnswer(const HttpResponse& r, int status,
                                        const std::string& stream,
                                        const std::vector<std::string>& types,
                                        const std::string& actor) {
  EXPECT_EQ(r.status, status) << r.body;
  rapidjson::Document doc = ParseJson(r.body);
  EXPECT_TRUE(doc.IsObject()) << r.body;
  if (!doc.IsObject()) return doc;
  EXPECT_NE(r.Header("Content-Type").value_or("").find("application/json"), std::string::npos);
  EXPECT_TRUE(doc.HasMember("stream") && doc["stream"].IsString());
  EXPECT_TRUE(doc.HasMember("version") && doc["version"].IsUint64());
  EXPECT_TRUE(doc.HasMember("position") && doc["position"].IsUint64());
  EXPECT_TRUE(doc.HasMember("events") && doc["events"].IsArray());
  if (!doc.HasMember("events") || !doc["events"].IsArray() || !doc.HasMember("version")) {
    return doc;
  }
  if (!stream.empty()) {
    EXPECT_EQ(doc["stream"].GetString(), stream);
  }
  EXPECT_EQ(r.Header("ETag").value_or(""),
            "\"" + std::to_string(doc["version"].GetUint64()) + "\"");
  const auto& events = doc["events"];
  EXPECT_EQ(events.Size(), types.size()) << r.body;
  for (rapidjson::SizeType i = 0; i < events.Size() && i < types.size(); ++i) {
    const auto& e = events[i];
    EXPECT_EQ(e["type"].GetString(), types[i]);
    EXPECT_EQ(e["stream"].GetString(), std::string(doc["stream"].GetString()));
    EXPECT_TRUE(e["position"].IsUint64());
    EXPECT_TRUE(e["streamVersion"].IsUint64());
    EXPECT_EQ(std::string(e["id"].GetString()).size(), 36u);
    EXPECT_TRUE(e["schemaVersion"].IsUint());
    EXPECT_EQ(std::string(e["recordedAt"].GetString()).back(), 'Z');
    EXPECT_EQ(e["actor"].GetString(), actor);
    EXPECT_TRUE(e["correlationId"].IsString());
    EXPECT_TRUE(e["data"].IsObject());
  }
  if (events.Size() > 0) {
    EXPECT_EQ(doc["position"].GetUint64(), events[events.Size() - 1]["position"].GetUint64());
    EXPECT_EQ(doc["version"].GetUint64(), events[events.Size() - 1]["streamVersion"].GetUint64());
  }
  return doc;
}

inline uint64_t Head(ApiHarness& api) { return api.context().store->head_position(); }

inline size_t StreamLength(ApiHarness& api, const std::string& stream) {
  auto events = api.context().store->ReadStream(stream, {});
  return events.ok() ? events.value().size() : 0;
}

inline std::vector<std::string> StreamTypes(ApiHarness& api, const std::string& stream) {
  std::vector<std::string> types;
  auto events = api.context().store->ReadStream(stream, {});
  if (events.ok()) {
    for (const auto& e : events.value()) types.push_back(e.type);
  }
  return types;
}

// Tokens that must be refused with 401.
inline std::string ExpiredToken(const std::string& sub) {
  auto minter = http::JwtMinter::CreateHs256(ApiHarness::kSecret);
  http::JwtClaims claims;
  claims.subject = sub;
  claims.roles = {"pegawai", "admin"};
  claims.issued_at = 1000000000;
  claims.expires_at = 1000003600;  // 2001
  return minter.value()->Mint(claims).value();
}
inline std::string ForgedToken(const std::string& sub) {
  auto minter = http::JwtMinter::CreateHs256("another-secret-that-is-not-the-servers-0123");
  http::JwtClaims claims;
  claims.subject = sub;
  claims.roles = {"pegawai", "admin"};
  claims.expires_at = 4102444800;  // 2100
  return minter.value()->Mint(claims).value();
}
inline std::string AlgNoneToken(const std::string& sub) {
  const std::string header = http::Base64UrlEncode(R"({"alg":"none","typ":"JWT"})");
  const std::string payload = http::Base64UrlEncode(
      "{\"sub\":\"" + sub + "\",\"roles\":[\"pegawai\",\"admin\"],\"exp\":4102444800}");
  return header + "." + payload + ".";
}

// The organisation, registered by an admin at the harness clock's date.
class World {
 public:
  explicit World(ApiHarness& api) : api_(api) {
    admin = api.Token("bkpsdm-admin", {"admin"});
    a = api.Token(kA, {"pegawai"});
    s = api.Token(kS, {"pegawai"});
    p = api.Token(kP, {"pegawai"});
    u = api.Token(kU, {"pegawai"});
    v = api.Token(kV, {"pegawai"});
    auditor = api.Token("inspektorat", {"auditor"});
    analyst = api.Token("bappeda", {"analyst"});
  }

  void Register() {
    Ok(api_.Post("/v1/units", admin, R"({"id":"disdik","name":"Dinas Pendidikan"})"));
    Ok(api_.Post("/v1/employees", admin, EmployeeBody(kA, "Kepala", "jpt", "IV/c", "")));
    Ok(api_.Post("/v1/employees", admin, EmployeeBody(kS, "Kabid", "administrator", "III/d", kA)));
    Ok(api_.Post("/v1/employees", admin, EmployeeBody(kP, "Staf", "pelaksana", "III/a", kS)));
    Ok(api_.Post("/v1/employees", admin, EmployeeBody(kU, "Lain", "pelaksana", "III/b", kA)));
    Ok(api_.Post("/v1/employees", admin, EmployeeBody(kV, "Staf Dua", "pelaksana", "III/a", kS)));
  }

  // P's (or another's) SKP of `year` submitted and approved by S.
  void ApprovedPlan(const std::string& nip, const std::string& token, int year = 2026) {
    const std::string base = "/v1/employees/" + nip + "/work-plans/" + std::to_string(year);
    Ok(api_.Post(base, token, PlanBody()));
    Ok(api_.Post(base + "/approve", s, ""));
  }

  void Ok(const HttpResponse& r) const {
    ASSERT_TRUE(r.status == 200 || r.status == 201) << r.status << " " << r.body;
  }

  std::string admin, a, s, p, u, v, auditor, analyst;

 private:
  ApiHarness& api_;
};

}  // namespace kinerja::testing
