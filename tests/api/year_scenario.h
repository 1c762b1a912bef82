// The cast and the HTTP helpers of the year scenario (api_year_test.cc): Dinas Pendidikan dan
// Kebudayaan Kota Pontianak with a kepala dinas, two pengawas and six staff, plus small builders
// for the request bodies and readers for the answers (which wait for the read models).
// Thread-safety: use from the test thread.
#pragma once

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/api/api_harness.h"

namespace kinerja::testing::year {

// The cast. PNS NIPs: birth date, CPNS TMT, gender, sequence; PPPK NIs carry the PPPK code 21 or
// the appointment month.
inline const std::string K = "197501012000031001";   // kepala dinas (jpt, IV/c)
inline const std::string S1 = "198002022005012002";  // pengawas Bidang SD (III/d)
inline const std::string S2 = "198103032006041003";  // pengawas Bidang SMP (III/c)
inline const std::string P1 = "199004042015031004";  // staff of S1, PNS III/a
inline const std::string P2 = "199105052016022005";  // staff of S1, PNS III/b
inline const std::string P3 = "199206062021212006";  // staff of S1, PPPK; mutasi to S2 in July
inline const std::string P4 = "198807072012011007";  // staff of S2, PNS II/c
inline const std::string P5 = "199408082022081008";  // staff of S2, PPPK
inline const std::string P6 = "199309092019032009";  // staff of S2, PNS III/a
inline const std::vector<std::string> kAppraised = {S1, S2, P1, P2, P3, P4, P5, P6};
inline const std::vector<std::string> kEveryone = {K, S1, S2, P1, P2, P3, P4, P5, P6};

inline rapidjson::Document Parse(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.c_str(), text.size());
  return doc;
}

inline std::string Json(const rapidjson::Value& v) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  v.Accept(writer);
  return buffer.GetString();
}

// Member access that fails the test (and yields a neutral value) instead of asserting.
inline std::string S(const rapidjson::Value& v, const char* key) {
  if (!v.IsObject()) return "<not an object>";
  auto it = v.FindMember(key);
  if (it == v.MemberEnd()) return "<missing " + std::string(key) + ">";
  if (!it->value.IsString()) return "<not a string: " + Json(it->value) + ">";
  return it->value.GetString();
}
inline int64_t I(const rapidjson::Value& v, const char* key) {
  if (!v.IsObject()) return -999;
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsInt64() ? it->value.GetInt64() : -999;
}
inline bool B(const rapidjson::Value& v, const char* key) {
  if (!v.IsObject()) return false;
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsBool() && it->value.GetBool();
}
inline bool Has(const rapidjson::Value& v, const char* key) {
  return v.IsObject() && v.HasMember(key);
}
inline const rapidjson::Value& Arr(const rapidjson::Value& v, const char* key) {
  static const rapidjson::Value kEmpty(rapidjson::kArrayType);
  if (!v.IsObject()) return kEmpty;
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsArray() ? it->value : kEmpty;
}
inline const rapidjson::Value& Obj(const rapidjson::Value& v, const char* key) {
  static const rapidjson::Value kNull;
  if (!v.IsObject()) return kNull;
  auto it = v.FindMember(key);
  return it != v.MemberEnd() ? it->value : kNull;
}

inline std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// "DI_ATAS_EKSPEKTASI" etc. from A / S / B.
inline std::string Rating(char c) {
  return c == 'A' ? "DI_ATAS_EKSPEKTASI" : c == 'S' ? "SESUAI_EKSPEKTASI" : "DI_BAWAH_EKSPEKTASI";
}
// The predikat of a cell by DESIGN §1's table (written out here, not taken from the code).
inline std::string PredikatOf(const std::string& cell) {
  if (cell == "AA") return "SANGAT_BAIK";
  if (cell == "AS" || cell == "SS" || cell == "SA") return "BAIK";
  if (cell == "AB" || cell == "SB") return "KURANG";
  if (cell == "BB") return "SANGAT_KURANG";
  return "BUTUH_PERBAIKAN";  // BS, BA
}

struct Rhk {
  std::string id, kind, description, parent;
  std::string indikator, unit;
  double target;
};
inline std::string PlanBody(const std::vector<Rhk>& rhks, bool draft = false) {
  std::string body = draft ? "{\"draft\":true,\"rhk\":[" : "{\"rhk\":[";
  for (size_t i = 0; i < rhks.size(); ++i) {
    const Rhk& r = rhks[i];
    if (i > 0) body += ",";
    body += "{\"id\":\"" + r.id + "\",\"kind\":\"" + r.kind + "\",\"description\":\"" +
            r.description + "\"";
    if (!r.parent.empty()) body += ",\"parentRhkId\":\"" + r.parent + "\"";
    body += ",\"indikator\":[{\"aspect\":\"kuantitas\",\"description\":\"" + r.indikator +
            "\",\"target\":" + std::to_string(static_cast<int>(r.target)) + ",\"unit\":\"" +
            r.unit + "\"}]}";
  }
  return body +
         "],\"perilaku\":{\"berorientasi_pelayanan\":\"Melayani orang tua murid dengan ramah\"}}";
}

// The running service plus tokens and helpers.
class Year {
 public:
  explicit Year(ApiHarness& api) : api_(api) {
    admin = api.Token("bkpsdm-admin", {"admin"});
    auditor = api.Token("inspektorat", {"auditor"});
    analyst = api.Token("bappeda", {"analyst"});
  }

  // A pegawai's token (minted per call: cheap, and valid for an hour of real time).
  std::string T(const std::string& nip) const { return api_.Token(nip, {"pegawai"}); }

  void At(const std::string& date) { api_.SetNow(date + "T02:00:00Z"); }

  // POST expecting 201 (events appended); returns the parsed answer.
  rapidjson::Document Do(const std::string& target, const std::string& token,
                         const std::string& body = "", int status = 201) {
    auto r = api_.Post(target, token, body);
    EXPECT_EQ(r.status, status) << "POST " << target << " " << body << " -> " << r.body;
    return Parse(r.body);
  }
  // A problem answer: its status and code.
  void Refused(const std::string& target, const std::string& token, const std::string& body,
               int status, const std::string& code) {
    auto r = api_.Post(target, token, body);
    EXPECT_EQ(r.status, status) << "POST " << target << " -> " << r.body;
    EXPECT_EQ(S(Parse(r.body), "code"), code) << r.body;
  }

  // GET once the read models hold everything appended so far.
  rapidjson::Document Read(const std::string& target, const std::string& token) {
    const std::string sep = target.find('?') == std::string::npos ? "?" : "&";
    auto r = api_.Get(
        target + sep + "minPosition=" + std::to_string(api_.context().store->head_position()),
        token);
    EXPECT_EQ(r.status, 200) << "GET " << target << " -> " << r.body;
    return Parse(r.body);
  }

  // Waits (bounded) until the follow-up policy has seen the whole log as it is now.
  bool PolicyCaughtUp() {
    const uint64_t head = api_.context().store->head_position();
    for (int i = 0; i < 3000; ++i) {
      auto saved = api_.context().store->LoadCheckpoint("process/follow-up-policy");
      if (saved.ok() && saved.value() >= head) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  static std::string Emp(const std::string& nip) { return "/v1/employees/" + nip; }
  static std::string Skp(const std::string& nip) { return Emp(nip) + "/work-plans/2026"; }
  static std::string Appraisal(const std::string& nip, const std::string& period) {
    return Emp(nip) + "/appraisals/" + period;
  }

  void Register(const std::string& nip, const std::string& name, const std::string& jabatan,
                const std::string& jenis, const std::string& golongan,
                const std::string& supervisor, const std::string& status) {
    std::string body = "{\"nip\":\"" + nip + "\",\"name\":\"" + name +
                       "\",\"unitId\":\"disdikbud\",\"jabatan\":\"" + jabatan +
                       "\",\"jenisJabatan\":\"" + jenis + "\",\"status\":\"" + status + "\"";
    if (!golongan.empty()) body += ",\"golongan\":\"" + golongan + "\"";
    if (!supervisor.empty()) body += ",\"supervisorNip\":\"" + supervisor + "\"";
    Do("/v1/employees", admin, body + "}");
  }

  // The pejabat penilai records a cell ("AS": hasil DI_ATAS, perilaku SESUAI).
  void Appraise(const std::string& nip, const std::string& period, const std::string& cell,
                const std::string& penilai) {
    auto d = Do(Appraisal(nip, period), T(penilai),
                "{\"hasilKerja\":\"" + Rating(cell[0]) + "\",\"perilakuKerja\":\"" +
                    Rating(cell[1]) + "\",\"notes\":\"Penilaian " + period + "\"}");
    EXPECT_EQ(S(Obj(Arr(d, "events")[0], "data"), "predikat"), PredikatOf(cell)) << nip << period;
  }

  // Assigns a training; returns its server-chosen id.
  std::string Training(const std::string& nip, const std::string& title, const std::string& kind,
                       int jp, const std::string& start, const std::string& end,
                       const std::string& extra = "") {
    auto d = Do("/v1/trainings", admin,
                "{\"nip\":\"" + nip + "\",\"title\":\"" + title + "\",\"kind\":\"" + kind +
                    "\",\"jp\":" + std::to_string(jp) + ",\"startDate\":\"" + start +
                    "\",\"endDate\":\"" + end + "\"" + extra + "}");
    return S(d, "id");
  }
  void Complete(const std::string& id, const std::string& on, int jp) {
    Do("/v1/trainings/" + id + "/complete", admin,
       "{\"completedOn\":\"" + on + "\",\"jp\":" + std::to_string(jp) +
           ",\"certificate\":\"SERT-" + id.substr(0, 8) + "\"}");
  }

  std::string admin, auditor, analyst;

 private:
  ApiHarness& api_;
};

}  // namespace kinerja::testing::year
